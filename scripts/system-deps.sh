#!/usr/bin/env bash
# Install the Debian packages the test run needs (Chromium, PostgreSQL, LibreOffice for PDF, fonts, gettext for
# `make messages`, poppler-utils to read PDFs back and render their pages; espeak-ng and ffmpeg for the loudspeaker
# audio, sox to measure it; tesseract with its Vietnamese model to read scanned letters; zbar-tools to read QR codes
# back in tests; nginx, curl and openssl for the deployment drill, scripts/deployment-drill.sh) when missing.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -e /usr/share/fonts/truetype/liberation2 ] || need+=(fonts-liberation2)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v sox >/dev/null 2>&1 || need+=(sox)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
[ -e /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ] || ls /usr/share/tesseract-ocr/*/tessdata/vie.traineddata >/dev/null 2>&1 || need+=(tesseract-ocr-vie)
command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "Missing system packages: ${need[*]} — install them with apt-get (as root)." >&2
  exit 1
fi
echo "Installing ${need[*]} …"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
