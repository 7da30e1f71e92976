"""The cache that holds the rate-limit counters (docs/adr/0025-intake-speed.md): on one machine DiskCache under
var/cache/, shared by every process and keeping every live counter; with PostgreSQL, the database cache sized
for a national consultation. Run in fresh processes with production settings, as a server starts."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from pathlib import Path

from .test_deployment import ROOT, clean_env

COUNTERS = (
    "import json, django; django.setup()\n"
    "from django.core.cache import cache, caches\n"
    "for i in range(1000):\n"
    "    cache.add(f'rl:{i}', 0, 3600)\n"
    "    cache.incr(f'rl:{i}')\n"
    "kept = sum(cache.get(f'rl:{i}') == 1 for i in range(1000))\n"
    "print(json.dumps({'backend': type(caches['default']).__name__, 'kept': kept}))\n"
)
ONE_MORE = (
    "import json, django; django.setup()\n"
    "from django.core.cache import cache\n"
    "print(json.dumps({'rl:7': cache.incr('rl:7')}))\n"
)
SHOW = (
    "import json, django; from django.conf import settings; django.setup()\n"
    "print(json.dumps(settings.CACHES['default']))\n"
)


def run(tmp_path: Path, code: str, **env: str) -> dict[str, object]:
    env = {"POLICYCOMM_SECRET_KEY": secrets.token_urlsafe(50), "POLICYCOMM_DEBUG": "0", **env}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean_env(tmp_path, **env), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    out: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def test_on_one_machine_counters_live_on_disk_shared_by_processes_and_none_is_culled(tmp_path: Path) -> None:
    first = run(tmp_path, COUNTERS)
    # Django's database cache with its default 300 entries would have culled most of these 1,000 counters.
    assert first == {"backend": "DjangoCache", "kept": 1000}
    assert (tmp_path / "var" / "cache").is_dir()
    # Another process (another gunicorn worker) counts on the same counter.
    assert run(tmp_path, ONE_MORE) == {"rl:7": 2}


def test_with_postgresql_the_database_cache_is_shared_and_sized_for_many_addresses(tmp_path: Path) -> None:
    url = {"DATABASE_URL": "postgres://policycomm@db.invalid:5432/policycomm"}  # settings only, no connection
    default = run(tmp_path, SHOW, **url)
    assert default["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert default["OPTIONS"] == {"MAX_ENTRIES": 100000}
    sized = run(tmp_path, SHOW, POLICYCOMM_CACHE_MAX_ENTRIES="500000", **url)
    assert sized["OPTIONS"] == {"MAX_ENTRIES": 500000}
