#!/usr/bin/env bash
# Print this instance's secret key, making it once if missing: var/secret-key (or $POLICYCOMM_VAR/secret-key),
# readable by this user only. A local instance keeps its key across restarts, so sessions and the signed links
# in mail stay valid. Production sets POLICYCOMM_SECRET_KEY itself (docs/deployment.md).
set -euo pipefail
var=${POLICYCOMM_VAR:-var}
mkdir -p "$var"
if [[ ! -s $var/secret-key ]]; then
  tmp=$(mktemp "$var/.secret-key.XXXXXX") # mktemp makes it mode 600
  python3 -c 'import secrets; print(secrets.token_urlsafe(50))' >"$tmp"
  mv -n "$tmp" "$var/secret-key" # a second start racing this one keeps the first key
  rm -f "$tmp"
fi
chmod 600 "$var/secret-key"
cat "$var/secret-key"
