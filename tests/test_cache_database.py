"""On SQLite the cache (rate-limit counters) lives in a file of its own, not synced on each write, so that
counting a comment never waits for the comments' lock or fsync (config/dbrouter.py, docs/adr/0025)."""

from __future__ import annotations

import json
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

from .test_deployment import ROOT, clean_env

PROBE = (
    "import json, django; django.setup()\n"
    "from django.core.cache import cache\n"
    "from django.db import connections\n"
    "cache.set('probe', 'giá trị', 60)\n"
    "out = {'got': cache.get('probe'), 'aliases': sorted(connections.settings)}\n"
    "for alias in out['aliases']:\n"
    "    with connections[alias].cursor() as c:\n"
    "        c.execute('PRAGMA synchronous')\n"
    "        out[alias] = c.fetchone()[0]\n"
    "print(json.dumps(out))\n"
)


def manage(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = clean_env(tmp_path, POLICYCOMM_SECRET_KEY=secrets.token_urlsafe(50), POLICYCOMM_DEBUG="0")
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_migrate_puts_the_cache_table_in_its_own_unsynced_file_and_the_cache_uses_it(tmp_path: Path) -> None:
    done = manage(tmp_path, "migrate", "--noinput")
    assert done.returncode == 0, done.stderr
    var = tmp_path / "var"
    assert "policycomm_cache" in tables(var / "cache.sqlite3")
    assert tables(var / "cache.sqlite3") == {"policycomm_cache"}  # nothing else goes there
    assert "policycomm_cache" not in tables(var / "policycomm.sqlite3")
    assert "consultation_comment" in tables(var / "policycomm.sqlite3")

    probe = manage(tmp_path, "shell", "-c", PROBE)
    assert probe.returncode == 0, probe.stderr
    out = json.loads(probe.stdout.strip().splitlines()[-1])
    assert out["got"] == "giá trị" and out["aliases"] == ["cache", "default"]
    assert out["default"] == 2 and out["cache"] == 0  # FULL for the data, OFF for the counters
    with sqlite3.connect(var / "cache.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM policycomm_cache WHERE cache_key LIKE '%probe'").fetchone() == (1,)


def test_the_explicit_createcachetable_of_older_scripts_still_works(tmp_path: Path) -> None:
    assert manage(tmp_path, "migrate", "--noinput").returncode == 0
    done = manage(tmp_path, "createcachetable")
    assert done.returncode == 0, done.stderr
    assert "policycomm_cache" not in tables(tmp_path / "var" / "policycomm.sqlite3")
