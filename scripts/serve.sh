#!/usr/bin/env bash
# Serve the web app and the background worker together; Ctrl-C stops both.
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-8000}
bin=.venv/bin
$bin/python manage.py db_worker --no-reload --interval 1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
$bin/python manage.py load_demo
echo
echo "policycomm: http://$host:$port/  (cán bộ: http://$host:$port/can-bo/, API: http://$host:$port/api/v1/openapi.json)"
exec_status=0
$bin/python manage.py runserver --noreload "$host:$port" || exec_status=$?
exit $exec_status
