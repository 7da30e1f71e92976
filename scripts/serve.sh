#!/usr/bin/env bash
# Serve policycomm: the web app, the background worker and the scheduler, started together.
#   serve.sh [HOST] [PORT]         gunicorn, static files collected, hashed and compressed (make run)
#   serve.sh --dev [HOST] [PORT]   Django's development server, reloading on code changes (make dev)
# SIGTERM, SIGINT (Ctrl-C) or SIGHUP stops all three, and so does any one of them stopping.
set -euo pipefail
mode=run
if [[ ${1:-} == --dev ]]; then
  mode=dev
  shift
fi
host=${1:-127.0.0.1}
port=${2:-8000}
bin=.venv/bin
var=${POLICYCOMM_VAR:-var}

# Before anything starts: the instance's secret key, made once and kept (scripts/secret-key.sh).
export POLICYCOMM_SECRET_KEY="${POLICYCOMM_SECRET_KEY:-$(bash scripts/secret-key.sh)}"
# The local demo is plain http: no Secure-only cookies, no redirect to https.
export POLICYCOMM_HTTPS="${POLICYCOMM_HTTPS:-0}"
# Links in mail point at this server unless the site's public address is set.
export POLICYCOMM_SITE_URL="${POLICYCOMM_SITE_URL:-http://$host:$port}"
export PYTHONUNBUFFERED=1
if [[ $mode == dev ]]; then
  export POLICYCOMM_DEBUG="${POLICYCOMM_DEBUG:-1}"
else
  # Hashed, gzip-compressed copies under var/static/, served by WhiteNoise (docs/adr/0022-serving.md).
  export POLICYCOMM_STATIC_MANIFEST=1
  $bin/python manage.py collectstatic --noinput --verbosity 0
fi

$bin/python manage.py migrate --noinput
$bin/python manage.py createcachetable
# The demo is loaded first, in one transaction: a worker polling SQLite meanwhile could wait past its
# lock timeout on a loaded machine and stop. What the demo enqueues waits in the queue for the worker.
$bin/python manage.py load_demo

# Each process gets a process group of its own (job control): Ctrl-C in the terminal reaches this
# script only, and stop() asks each of them once, with SIGTERM, to finish what it is doing.
set -m
pids=()
stop() {
  trap '' INT TERM HUP
  kill -TERM "${pids[@]}" 2>/dev/null || true
  # gunicorn lets requests in flight finish (graceful_timeout), the worker its current task; whatever
  # is still running after POLICYCOMM_STOP_TIMEOUT seconds is killed with its whole group.
  local deadline=$((SECONDS + ${POLICYCOMM_STOP_TIMEOUT:-30})) pid alive
  while ((SECONDS < deadline)); do
    alive=0
    for pid in "${pids[@]}"; do
      if kill -0 "$pid" 2>/dev/null; then alive=1; fi
    done
    ((alive)) || break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM HUP

if [[ $mode == dev ]]; then
  $bin/python manage.py db_worker --reload --interval 1 &
else
  $bin/python manage.py db_worker --no-reload --interval 1 &
fi
pids+=($!)
# The scheduler enqueues the reminder run on its cron schedule, and the worker's heartbeat (what
# /readyz looks at) every 20 s; the worker runs them. Reminders locally every minute, so that the
# demo's mail appears under var/mail/ soon after start (production: every 5).
POLICYCOMM_REMINDER_CRON="${POLICYCOMM_REMINDER_CRON:-* * * * *}" $bin/python manage.py scheduler &
pids+=($!)
if [[ $mode == dev ]]; then
  $bin/python manage.py runserver "$host:$port" &
else
  $bin/gunicorn --config python:policycomm.config.gunicorn_conf --bind "$host:$port" &
fi
pids+=($!)

echo
echo "Thư gửi đi (khi chưa cấu hình máy chủ thư): var/mail/"
echo "policycomm: http://$host:$port/  (cán bộ: http://$host:$port/can-bo/, API: http://$host:$port/api/v1/openapi.json)"
echo "Tình trạng: http://$host:$port/healthz, sẵn sàng: http://$host:$port/readyz  (Ctrl-C để dừng)"

# One of the three ended by itself (a crash, a port in use): stop the others and report its status.
status=0
wait -n "${pids[@]}" || status=$?
echo "Một tiến trình đã dừng (mã $status): dừng các tiến trình còn lại." >&2
stop
exit "$status"
