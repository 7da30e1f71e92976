#!/usr/bin/env bash
# The deployment drill: docs/deployment.md followed from top to bottom, every machine played by this one.
#   PostgreSQL (a throw-away cluster, scripts/with-postgres.sh) with its own role and database, DATABASE_URL
#   an S3-compatible object store (moto_server) for uploads and generated documents
#   the environment file, migrate, collectstatic
#   two app servers (gunicorn) on two ports, nginx in front with a self-signed TLS certificate
#   the scheduler and two background workers (one "local", one "remote": processes of their own)
# then checks through nginx over https, and stops everything it started (also on failure or Ctrl-C).
# Exit status 0 when every check passed. tests/test_deployment_drill.py runs it in `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# 1. PostgreSQL: a cluster of its own for the drill, stopped at the end by with-postgres.sh.
if [[ ${1:-} != --in-cluster ]]; then
  exec bash scripts/with-postgres.sh bash "$0" --in-cluster
fi
started=$SECONDS
py=$root/.venv/bin/python
bin=$root/.venv/bin
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pghost=$(DATABASE_URL=$DATABASE_URL $py -c 'import os, urllib.parse as u; print(u.parse_qs(u.urlsplit(os.environ["DATABASE_URL"]).query)["host"][0])')
work=$(mktemp -d /tmp/policycomm-drill.XXXXXX)
chmod 755 "$work"
log() { printf '[drill %3ss] %s\n' $((SECONDS - started)) "$*"; }
fail() {
  printf '[drill] FAILED: %s\n' "$*" >&2
  for f in "$work"/*.log; do
    [[ -e $f ]] || continue
    printf -- '--- %s (last lines)\n' "${f##*/}" >&2
    tail -n 20 "$f" >&2
  done
  exit 1
}

set -m
pids=()
stop_all() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  local deadline=$((SECONDS + 20)) alive
  while ((SECONDS < deadline)); do
    alive=0
    for pid in "${pids[@]}"; do if kill -0 "$pid" 2>/dev/null; then alive=1; fi; done
    ((alive)) || break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
start() { # start NAME COMMAND...: in a process group of its own, output in $work/NAME.log
  local name=$1
  shift
  "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
}

read -r http_port https_port app1 app2 s3_port < <($py -c '
import socket
socks = [socket.socket() for _ in range(5)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
for s in socks: s.close()')
host=gopy.test
origin="https://$host:$https_port"

# The database: a role and a database owned by it (docs/deployment.md, "PostgreSQL").
db_password=$($py -c 'import secrets; print(secrets.token_urlsafe(18))')
"$pgbin/psql" -h "$pghost" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE policycomm LOGIN PASSWORD '$db_password'" -c "CREATE DATABASE policycomm OWNER policycomm" \
  >/dev/null
log "PostgreSQL: role and database policycomm"

# 2. Object storage: an S3-compatible server and a bucket (docs/deployment.md, "Object storage").
start s3 "$bin/moto_server" -H 127.0.0.1 -p "$s3_port"
export AWS_ACCESS_KEY_ID=drill AWS_SECRET_ACCESS_KEY=drill-secret AWS_DEFAULT_REGION=us-east-1
s3() { # s3 PYTHON [ARGS...]: with a boto3 client `s3` of the drill's store and the site's `bucket`
  $py -c "
import os, sys, boto3
s3 = boto3.client('s3', endpoint_url='http://127.0.0.1:$s3_port')
bucket = os.environ.get('POLICYCOMM_S3_BUCKET', '')
$1" "${@:2}"
}
for _ in $(seq 100); do s3 's3.list_buckets()' 2>/dev/null && break || sleep 0.2; done
s3 'pass' || fail "moto_server did not start"

# 3. The environment file (docs/deployment.md, "Production environment"), read the way systemd's
# EnvironmentFile= would be, with `set -a`.
mkdir -p "$work/var"
# The block of docs/deployment.md, with this machine's values in place of the example's machines, and the
# drill's own additions (static manifest: collected below; two web processes per server; a low comment limit
# to check whose address the app counts).
DRILL_HOST=$host DRILL_ORIGIN=$origin DRILL_VAR=$work/var DRILL_S3=http://127.0.0.1:$s3_port \
  DRILL_DATABASE_URL="postgres://policycomm:$db_password@/policycomm?host=$pghost" \
  $py - "$work/policycomm.env" <<'PY' || fail "docs/deployment.md has no production-env block"
import os, re, secrets, shlex, sys
text = open("docs/deployment.md", encoding="utf-8").read()
block = re.search(r"<!-- production-env[^>]*-->\s*```ini\n(.*?)```", text, re.S).group(1)
env = {}
for line in block.splitlines():
    name, _, value = line.partition("=")
    value = value.strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    env[name.strip()] = value
d = os.environ
env.update(
    POLICYCOMM_SECRET_KEY=secrets.token_urlsafe(50),
    POLICYCOMM_ALLOWED_HOSTS=d["DRILL_HOST"],
    POLICYCOMM_SITE_URL=d["DRILL_ORIGIN"],
    POLICYCOMM_TRUSTED_PROXIES="127.0.0.1",
    POLICYCOMM_VAR=d["DRILL_VAR"],
    DATABASE_URL=d["DRILL_DATABASE_URL"],
    POLICYCOMM_EMAIL_HOST="",  # mail as files under var/mail: no SMTP server here
    POLICYCOMM_S3_ENDPOINT_URL=d["DRILL_S3"],
    POLICYCOMM_S3_ACCESS_KEY_ID=d["AWS_ACCESS_KEY_ID"],
    POLICYCOMM_S3_SECRET_ACCESS_KEY=d["AWS_SECRET_ACCESS_KEY"],
    POLICYCOMM_S3_REGION=d["AWS_DEFAULT_REGION"],
    POLICYCOMM_STATIC_MANIFEST="1",
    POLICYCOMM_WEB_WORKERS="2",
    POLICYCOMM_COMMENT_RATE="3/h",
)
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.writelines(f"{k}={shlex.quote(v)}\n" for k, v in env.items())
PY
chmod 600 "$work/policycomm.env"
unset DATABASE_URL
set -a
# shellcheck source=/dev/null
. "$work/policycomm.env"
set +a
s3 's3.create_bucket(Bucket=bucket)' || fail "could not make the bucket $POLICYCOMM_S3_BUCKET"
log "object storage: bucket $POLICYCOMM_S3_BUCKET on 127.0.0.1:$s3_port"
export PYTHONPATH=$root/src PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=policycomm.config.settings

manage() { $py manage.py "$@"; }
manage check --deploy --fail-level WARNING >"$work/check.log" 2>&1 || fail "manage.py check --deploy: $(cat "$work/check.log")"
# collectstatic needs no database: it runs beside migrate.
manage collectstatic --noinput -v0 >"$work/collectstatic.log" 2>&1 &
collect=$!
manage migrate --noinput -v0 >"$work/migrate.log" 2>&1 || fail "migrate"
manage createcachetable >>"$work/migrate.log" 2>&1 || fail "createcachetable"
wait "$collect" || fail "collectstatic"
log "migrated, static files collected"
# Sample content to check against: the demo's consultations and staff (a real site creates its own). It is
# loaded while the servers start; the checks wait for it.
manage load_demo >"$work/demo.log" 2>&1 &
demo=$!

# 4. Two app servers, the scheduler, two workers.
for port in "$app1" "$app2"; do
  start "app-$port" "$bin/gunicorn" --config python:policycomm.config.gunicorn_conf --bind "127.0.0.1:$port"
done
start scheduler $py manage.py scheduler
start worker-local $py manage.py db_worker --no-reload --interval 1 --worker-id drill-local
start worker-remote $py manage.py db_worker --no-reload --interval 1 --worker-id drill-remote

# 5. TLS: a self-signed certificate for the drill's host name (a real site uses its CA's certificate).
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$host" -addext "subjectAltName=DNS:$host" \
  -keyout "$work/tls.key" -out "$work/tls.crt" >/dev/null 2>&1
chmod 600 "$work/tls.key"

# 6. nginx from the repository's template, every @NAME@ filled in.
mkdir -p "$work/nginx/tmp"
sed -e "s|@UPSTREAM_SERVERS@|server 127.0.0.1:$app1; server 127.0.0.1:$app2;|" \
  -e "s|@HTTP_LISTEN@|127.0.0.1:$http_port|" -e "s|@HTTPS_LISTEN@|127.0.0.1:$https_port|" \
  -e "s|@SERVER_NAME@|$host|" -e "s|@PUBLIC_ORIGIN@|$origin|" \
  -e "s|@TLS_CERTIFICATE@|$work/tls.crt|" -e "s|@TLS_CERTIFICATE_KEY@|$work/tls.key|" \
  -e "s|@PROXY_HEADERS@|$root/deploy/nginx/proxy-headers.conf|" \
  deploy/nginx/policycomm.conf >"$work/nginx/policycomm.conf"
if grep -v '^ *#' "$work/nginx/policycomm.conf" | grep -q '@[A-Z_]*@'; then fail "a placeholder of the nginx template is left"; fi
user_line=""
if [[ $(id -u) == 0 ]]; then user_line="user root;"; fi
cat >"$work/nginx/nginx.conf" <<NGINX
$user_line
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log $work/nginx-access.log;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  include $work/nginx/policycomm.conf;
}
NGINX
nginx=$(command -v nginx || echo /usr/sbin/nginx)
"$nginx" -t -p "$work/nginx" -c "$work/nginx/nginx.conf" >"$work/nginx-test.log" 2>&1 || fail "nginx -t: $(cat "$work/nginx-test.log")"
start nginx "$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g "daemon off;"
log "nginx on https://$host:$https_port -> 127.0.0.1:$app1, 127.0.0.1:$app2"

wait "$demo" || fail "load_demo"
log "demo loaded"
# A public consultation whose dossier the demo's drafter may add to (looked up meanwhile, for the upload).
manage shell --no-imports -c "
from django.contrib.auth import get_user_model
from policycomm.consultation.selectors import public_consultations
from policycomm.lawmaking.access import can_manage_dossier
drafter = get_user_model().objects.get(username='stp.soanthao')
c = next(c for c in public_consultations().order_by('pk') if can_manage_dossier(drafter, c.document))
print(c.document_id, c.pk)" >"$work/dossier-target" 2>>"$work/shell.log" &
lookup=$!

# --- checks, all through nginx over https ---------------------------------------------------------------
# The client connects from 127.0.0.3 (client A) or 127.0.0.4 (client B); nginx reaches the app servers from
# 127.0.0.1, the one trusted proxy.
curl_as() { # curl_as ADDRESS ARGS...
  local from=$1
  shift
  curl --silent --show-error --max-time 30 --interface "$from" --cacert "$work/tls.crt" \
    --resolve "$host:$https_port:127.0.0.1" --resolve "$host:$http_port:127.0.0.1" "$@"
}
A=127.0.0.3
B=127.0.0.4

ready=""
for _ in $(seq 120); do
  ready=$(curl_as $A "$origin/readyz" 2>/dev/null || true)
  [[ $ready == *'"status": "ready"'* || $ready == *'"status":"ready"'* ]] && break
  sleep 0.5
done
code=$(curl_as $A -o /dev/null -w '%{http_code}' "$origin/readyz")
[[ $code == 200 ]] || fail "/readyz answered $code: $ready"
log "check: /readyz 200 ready (database, migrations, a worker took the heartbeat)"

# http goes to https; the probes answer over http too.
where=$(curl_as $A -o /dev/null -w '%{http_code} %{redirect_url}' "http://$host:$http_port/gop-y/")
[[ $where == "301 $origin/gop-y/" ]] || fail "http is not redirected to https: $where"
code=$(curl_as $A -o /dev/null -w '%{http_code}' "http://$host:$http_port/healthz")
[[ $code == 200 ]] || fail "/healthz over http answered $code"
log "check: http -> 301 https, probes answer over http"

# A page, with its hashed stylesheet served by the app (WhiteNoise) through nginx.
curl_as $A -o "$work/home.html" -D "$work/home.headers" "$origin/"
grep -q '^HTTP/[0-9.]* 200' "$work/home.headers" || fail "the home page: $(head -1 "$work/home.headers")"
grep -qi '^strict-transport-security: max-age=31536000' "$work/home.headers" || fail "no HSTS on the home page"
css=$(grep -o '/static/css/site\.[0-9a-f]*\.css' "$work/home.html" | head -1)
[[ -n $css ]] || fail "the home page links no hashed stylesheet"
code=$(curl_as $A -o /dev/null -w '%{http_code}' "$origin$css")
[[ $code == 200 ]] || fail "$css answered $code"
log "check: home page 200 over https with HSTS, $css 200"

# Comments through the API; the comment rate limit (3/h in this drill) counts per client address.
consultation=$(curl_as $A "$origin/api/v1/consultations?status=open" | $py -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])') ||
  fail "no open consultation in the API"
comment() { # comment ADDRESS [CURL ARGS...] -> HTTP status; the receipt in $work/receipt
  local from=$1
  shift
  curl_as "$from" -o "$work/comment.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' "$@" \
    --data '{"text": "Đề nghị làm rõ phạm vi áp dụng (diễn tập triển khai).", "submitter_type": "individual", "consent": true}' \
    "$origin/api/v1/consultations/$consultation/comments"
}
receipts=()
for i in 1 2 3; do
  code=$(comment $A)
  [[ $code == 201 ]] || fail "comment $i from client A answered $code: $(cat "$work/comment.json")"
  receipts+=("$($py -c 'import json, sys; print(json.load(open(sys.argv[1]))["receipt"])' "$work/comment.json")")
done
code=$(comment $A)
[[ $code == 429 ]] || fail "client A's fourth comment answered $code, not 429"
code=$(comment $A -H 'X-Forwarded-For: 198.51.100.23')
[[ $code == 429 ]] || fail "client A escaped the limit with a forged X-Forwarded-For ($code)"
code=$(comment $B)
[[ $code == 201 ]] || fail "client B was limited with client A ($code): the app does not see the client's address"
receipts+=("$($py -c 'import json, sys; print(json.load(open(sys.argv[1]))["receipt"])' "$work/comment.json")")
log "check: the comment limit counts client A (127.0.0.3) apart from client B (127.0.0.4), a forged X-Forwarded-For does not help"

# A dossier file uploaded by the demo's drafter lands in the bucket and is served back by the portal.
wait "$lookup" || fail "no public consultation of the demo's drafter"
read -r doc public_consultation <"$work/dossier-target"
jar=$work/cookies.txt
curl_as $A -c "$jar" -o /dev/null "$origin/can-bo/dang-nhap/"
csrf=$(awk '$6 == "csrftoken" {print $7}' "$jar")
[[ -n $csrf ]] || fail "the login page set no CSRF cookie"
code=$(curl_as $A -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' -H "Origin: $origin" \
  --data-urlencode "csrfmiddlewaretoken=$csrf" --data-urlencode username=stp.soanthao \
  --data-urlencode password=policycomm-demo "$origin/can-bo/dang-nhap/")
[[ $code == 302 ]] || fail "staff login answered $code"
csrf=$(awk '$6 == "csrftoken" {print $7}' "$jar")
$py -c 'import os, sys; sys.stdout.buffer.write(b"%PDF-1.4 drill " + os.urandom(300_000))' >"$work/to-trinh.pdf"
code=$(curl_as $A -b "$jar" -c "$jar" -o "$work/upload.html" -w '%{http_code}' -H "Origin: $origin" \
  -F "csrfmiddlewaretoken=$csrf" -F kind=to_trinh -F "title=Tờ trình (diễn tập)" -F public=on \
  -F "file=@$work/to-trinh.pdf;filename=to-trinh-dien-tap.pdf" "$origin/can-bo/van-ban/$doc/ho-so/")
[[ $code == 302 ]] || fail "the dossier upload answered $code"
# The file's id from the dossier page's links, its object from the bucket's listing.
fid=$(curl_as $A -b "$jar" "$origin/can-bo/van-ban/$doc/ho-so/" | grep -o "/can-bo/van-ban/$doc/ho-so/[0-9]*/" |
  sed "s|.*/ho-so/||; s|/||" | sort -n | tail -1)
[[ -n $fid ]] || fail "the dossier page lists no file"
key=$(s3 'print(*[o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="dossier/")["Contents"] if "to-trinh-dien-tap" in o["Key"]])')
s3 '
body = s3.get_object(Bucket=bucket, Key=sys.argv[1])["Body"].read()
sys.exit(body != open(sys.argv[2], "rb").read())' "$key" "$work/to-trinh.pdf" || fail "the upload is not the object $key in the bucket"
[[ ! -e $work/var/media ]] || fail "files were written under MEDIA_ROOT on the app server"
curl_as $B -o "$work/download.pdf" "$origin/gop-y/$public_consultation/ho-so/$fid/"
cmp -s "$work/download.pdf" "$work/to-trinh.pdf" || fail "the portal did not serve the uploaded file back"
log "check: the upload is object $key in the bucket, the portal serves it back"

# Too large for nginx: refused there, with 413.
code=$(head -c 24000000 /dev/zero | curl_as $A -o /dev/null -w '%{http_code}' -X POST --data-binary @- "$origin/api/v1/consultations/$consultation/comments")
[[ $code == 413 ]] || fail "a 24 MB body answered $code, not 413"

# Both app servers answered (each logs its requests as JSON lines) and the request id went through.
for port in "$app1" "$app2"; do
  n=$(grep -c '"logger": "policycomm.request"' "$work/app-$port.log" || true)
  ((n > 0)) || fail "app server 127.0.0.1:$port logged no request"
done
log "check: both app servers answered, a 24 MB body is refused by nginx with 413"

# A backup of this site takes the bucket's objects (docs/backup.md).
$py -m policycomm.cli backup --out "$work/backup.tar.gz" --json >"$work/backup.json" 2>"$work/backup.log" || fail "backup"
files=$($py -c 'import json, sys; print(json.load(open(sys.argv[1]))["files"])' "$work/backup.json")
objects=$(s3 'print(s3.list_objects_v2(Bucket=bucket).get("KeyCount", 0))')
[[ $files == "$objects" ]] || fail "the backup holds $files files, the bucket $objects objects"
log "check: backup holds the bucket's $objects objects"

# The comments are rows of the site's PostgreSQL database.
landed=$(manage shell --no-imports -c "
from policycomm.consultation.models import Comment
print(Comment.objects.filter(receipt__in='${receipts[*]}'.split()).count())" 2>>"$work/shell.log")
[[ $landed == 4 ]] || fail "the comments did not land in PostgreSQL ($landed of 4)"
log "check: the 4 comments accepted are rows in PostgreSQL"

for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || fail "a process of the drill stopped"; done
log "all checks passed in $((SECONDS - started)) s"
