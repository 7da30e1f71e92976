#!/usr/bin/env bash
# Serve the web app, the background worker and the scheduler together; Ctrl-C stops all three.
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-8000}
bin=.venv/bin
# Links in mail point at this server unless the site's public address is set.
export POLICYCOMM_SITE_URL="${POLICYCOMM_SITE_URL:-http://$host:$port}"
# The demo is loaded first, in one transaction: a worker polling SQLite meanwhile could wait past its
# lock timeout on a loaded machine and stop. What the demo enqueues waits in the queue for the worker.
$bin/python manage.py load_demo
$bin/python manage.py db_worker --no-reload --interval 1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
# The scheduler enqueues the reminder run on its cron schedule; the worker runs it. Locally every
# minute, so that the demo's mail appears under var/mail/ soon after start (production: every 5).
POLICYCOMM_REMINDER_CRON="${POLICYCOMM_REMINDER_CRON:-* * * * *}" $bin/python manage.py scheduler &
scheduler=$!
trap 'kill $worker $scheduler 2>/dev/null || true' EXIT INT TERM
echo
echo "Thư gửi đi (khi chưa cấu hình máy chủ thư): var/mail/"
echo "policycomm: http://$host:$port/  (cán bộ: http://$host:$port/can-bo/, API: http://$host:$port/api/v1/openapi.json)"
exec_status=0
$bin/python manage.py runserver --noreload "$host:$port" || exec_status=$?
exit $exec_status
