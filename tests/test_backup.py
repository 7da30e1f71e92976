"""The backup drill: the demo loaded, comments written through the service while ``policycomm backup`` runs,
the backup restored into a second, empty instance (its own database and MEDIA_ROOT, in a subprocess with that
instance's environment), then every table and every file compared with the manifest and with the source.

Runs on SQLite, and on PostgreSQL under ``scripts/with-postgres.sh`` (two databases of its own, dropped after).
The hostile cases: a tampered archive restores nothing; a restore into an instance with data is refused.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "policycomm.cli"]
PG_URL = os.environ.get("DATABASE_URL", "")
ON_PG = PG_URL.startswith(("postgres://", "postgresql://"))

# Writes comments through the service until the file named by argv[1] exists; prints each new comment's id.
WRITER = r"""
import sys, time
from pathlib import Path
import django
django.setup()
from policycomm.consultation.models import Consultation, Comment
from policycomm.consultation.services import comment_submit
from policycomm.errors import DomainError
stop = Path(sys.argv[1])
target = None
for c in Consultation.objects.order_by("pk"):
    try:
        probe, _ = comment_submit(
            consultation=c, text="Ý kiến thử nghiệm sao lưu 0", submitter_type="individual", consent=True
        )
    except DomainError:
        continue
    target = c
    print(probe.pk, flush=True)
    break
assert target is not None, "no consultation takes comments"
i = 0
while not stop.exists() and i < 5000:
    i += 1
    comment, _ = comment_submit(
        consultation=target, text=f"Ý kiến thử nghiệm sao lưu số {i}: đề nghị làm rõ điều {i % 7 + 1}.",
        submitter_type="individual", consent=True, name=f"Người góp ý {i}",
    )
    print(comment.pk, flush=True)
"""


@dataclass
class Instance:
    var: Path
    database: str  # a PostgreSQL database name, or "" for SQLite in var/
    env: dict[str, str] = field(default_factory=dict)

    @property
    def media(self) -> Path:
        return self.var / "media"

    @property
    def sqlite_path(self) -> Path:
        return self.var / "policycomm.sqlite3"


def _pg_url(database: str) -> str:
    parts = urlsplit(PG_URL)
    return urlunsplit(parts._replace(path=f"/{database}"))


def _instance(var: Path, database: str) -> Instance:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.update(
        POLICYCOMM_VAR=str(var),
        DJANGO_SETTINGS_MODULE="policycomm.config.settings",
        PYTHONPATH=str(ROOT / "src"),
        POLICYCOMM_EMAIL_HOST="",
    )
    if database:
        env["DATABASE_URL"] = _pg_url(database)
    else:
        env.pop("DATABASE_URL", None)
    return Instance(var=var, database=database, env=env)


def run(instance: Instance, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([*CLI, *args], env=instance.env, capture_output=True, text=True, cwd=ROOT, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"{args} exited {done.returncode}: {done.stdout}\n{done.stderr}")
    return done


# --- reading an instance directly, not through the code under test -----------------------------------------------


def _value(v: object) -> object:
    return bytes(v) if isinstance(v, memoryview) else v


def table_rows(instance: Instance) -> dict[str, list[str]]:
    """Every table's rows (each as its repr), ordered by primary key (rowid, or every column, where there is none)."""
    out: dict[str, list[str]] = {}
    if instance.database:
        with psycopg.connect(_pg_url(instance.database)) as db:
            tables = [
                r[0]
                for r in db.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                    "AND table_type = 'BASE TABLE' ORDER BY 1"
                )
            ]
            for t in tables:
                pk = [
                    r[0]
                    for r in db.execute(
                        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                        "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
                        "ORDER BY array_position(i.indkey, a.attnum)",
                        (f'"{t}"',),
                    )
                ]
                ncols = len(db.execute(f'SELECT * FROM "{t}" LIMIT 0').description or [])  # noqa: S608
                order = ", ".join(f'"{c}"' for c in pk) or ", ".join(str(i + 1) for i in range(ncols))
                rows = db.execute(f'SELECT * FROM "{t}" ORDER BY {order}').fetchall()  # noqa: S608
                out[t] = [repr(tuple(_value(v) for v in r)) for r in rows]
        return out
    db = sqlite3.connect(instance.sqlite_path)
    try:
        tables = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
            )
        ]
        for t in tables:
            info = db.execute(f'PRAGMA table_info("{t}")').fetchall()
            pk = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5] > 0]
            order = ", ".join(f'"{c}"' for c in pk) or "rowid"
            if (
                not pk
                and "WITHOUT ROWID" in db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (t,)).fetchone()[0]
            ):
                order = ", ".join(str(i + 1) for i in range(len(info)))
            out[t] = [repr(r) for r in db.execute(f'SELECT * FROM "{t}" ORDER BY {order}')]  # noqa: S608
    finally:
        db.close()
    return out


def first(row: str) -> int:
    """The id at the start of a row's repr, ``(42, ...)``."""
    return int(row[1:].split(",", 1)[0])


def digest(rows: list[str]) -> str:
    h = hashlib.sha256()
    for r in rows:
        h.update(r.encode())
        h.update(b"\n")
    return h.hexdigest()


def media_files(instance: Instance) -> dict[str, str]:
    if not instance.media.is_dir():
        return {}
    return {
        p.relative_to(instance.media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(instance.media.rglob("*"))
        if p.is_file()
    }


def manifest_of(archive: Path) -> dict:  # type: ignore[type-arg]
    with tarfile.open(archive, "r:gz") as tar:
        fh = tar.extractfile("manifest.json")
        assert fh is not None
        return json.loads(fh.read())


# --- the drill ---------------------------------------------------------------------------------------------------


@dataclass
class Drill:
    source: Instance
    target: Instance
    archive: Path
    manifest: dict  # type: ignore[type-arg]
    before: dict[str, list[str]]  # the source's tables before the writer started
    after: dict[str, list[str]]  # the source's tables after it stopped
    restored: dict[str, list[str]]
    written: list[int]  # ids of the comments the writer created, in order
    source_files: dict[str, str]
    tmp: Path
    spare: list[str]  # PostgreSQL: empty databases for the hostile cases


def _new_databases(names: list[str]) -> None:
    with psycopg.connect(_pg_url("postgres"), autocommit=True) as db:
        for name in names:
            db.execute(f'CREATE DATABASE "{name}"')


def _drop_databases(names: list[str]) -> None:
    with psycopg.connect(_pg_url("postgres"), autocommit=True) as db:
        for name in names:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def drill(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Drill]:
    tmp = tmp_path_factory.mktemp("drill")
    tag = uuid.uuid4().hex[:8]
    names = [f"drill_{role}_{tag}" for role in ("source", "target", "other", "fresh")] if ON_PG else []
    if ON_PG:
        _new_databases(names)
    try:
        source = _instance(tmp / "source", names[0] if ON_PG else "")
        target = _instance(tmp / "target", names[1] if ON_PG else "")
        run(source, "migrate", "--noinput", "-v0")
        run(source, "createcachetable")
        run(source, "load_demo")
        # The target is migrated but has no data: what `make run` leaves on a new machine. A restore into it
        # succeeding shows that `migrate` fills no table beyond archive.SETUP_TABLES.
        run(target, "migrate", "--noinput", "-v0")
        assert media_files(source), "the demo writes files under MEDIA_ROOT"
        before = table_rows(source)

        stop = tmp / "stop-writing"
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(stop)],
            env=source.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=(tmp / "writer.log").open("w"),
            text=True,
        )
        assert writer.stdout is not None
        written = [int(writer.stdout.readline()) for _ in range(20)]  # writing has begun
        archive = tmp / "backups" / "policycomm.tar.gz"
        archive.parent.mkdir()
        done = run(source, "backup", "--out", str(archive), "--json")
        written += [int(writer.stdout.readline()) for _ in range(20)]  # and went on after the snapshot
        stop.touch()
        written += [int(line) for line in writer.stdout.read().split()]
        assert writer.wait(timeout=120) == 0, (tmp / "writer.log").read_text()
        assert json.loads(done.stdout)["files"] == len(media_files(source))

        after = table_rows(source)
        source_files = media_files(source)
        run(target, "restore", str(archive))
        yield Drill(
            source=source,
            target=target,
            archive=archive,
            manifest=manifest_of(archive),
            before=before,
            after=after,
            restored=table_rows(target),
            written=written,
            source_files=source_files,
            tmp=tmp,
            spare=names[2:],
        )
    finally:
        if ON_PG:
            _drop_databases(names)


def test_the_manifest_describes_the_backup(drill: Drill) -> None:
    m = drill.manifest
    assert m["format"] == "policycomm-backup" and m["format_version"] == 1
    assert m["database_vendor"] == ("postgresql" if ON_PG else "sqlite")
    assert m["app_version"] == "0.1.0" and m["created_at"].endswith("+00:00")
    assert m["database"]["path"] == ("database/policycomm.pgdump" if ON_PG else "database/policycomm.sqlite3")
    assert {e["path"] for e in m["files"]} == {"media/" + p for p in drill.source_files}
    assert set(m["tables"]) == set(drill.after)
    # Only the backup is left in the directory: the temporary file was renamed into place.
    assert [p.name for p in drill.archive.parent.iterdir()] == ["policycomm.tar.gz"]


def test_every_table_restored_has_the_rows_of_the_snapshot(drill: Drill) -> None:
    assert set(drill.restored) == set(drill.manifest["tables"])
    for table, rows in drill.restored.items():
        assert len(rows) == drill.manifest["tables"][table], table
    for table, rows in drill.before.items():
        if drill.after[table] == rows:  # untouched by the writer: identical, row for row
            assert digest(drill.restored[table]) == digest(rows), table
        else:  # written during the backup: every restored row is a row the source had then or has now
            known = set(rows) | set(drill.after[table])
            assert [r for r in drill.restored[table] if r not in known] == [], table


def test_the_snapshot_is_one_moment_of_the_write_load(drill: Drill) -> None:
    comments = "consultation_comment"
    before_ids = {first(r) for r in drill.before[comments]}
    restored_ids = [first(r) for r in drill.restored[comments]]
    taken = [i for i in restored_ids if i not in before_ids]
    # Some comments written under load are in the backup, some came after it; those in it are the first ones
    # written, with none missing in between (one writer, so commit order is id order).
    assert taken and taken == sorted(drill.written)[: len(taken)]
    assert len(taken) < len(drill.written)
    after = {first(r): r for r in drill.after[comments]}
    assert [r for r in drill.restored[comments] if after[first(r)] != r] == []


def test_every_file_is_restored_with_its_checksum(drill: Drill) -> None:
    restored = media_files(drill.target)
    assert restored == drill.source_files
    assert {e["path"]: e["sha256"] for e in drill.manifest["files"]} == {"media/" + p: h for p, h in restored.items()}
    for entry in drill.manifest["files"]:
        assert (drill.target.media / entry["path"][len("media/") :]).stat().st_size == entry["size"]


def test_verify_checks_a_backup_without_restoring(drill: Drill) -> None:
    done = run(drill.source, "backup", "--verify", str(drill.archive), "--json")
    assert json.loads(done.stdout)["ok"] is True
    assert "khớp manifest" in run(drill.source, "backup", "--verify", str(drill.archive)).stdout


def _tampered(archive: Path, out: Path) -> None:
    """The same archive with one byte of one file changed and the manifest left as it was."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        changed = False
        for member in src:
            fh = src.extractfile(member)
            data = fh.read() if fh else b""
            if not changed and member.name.startswith("media/") and data:
                data = bytes([data[0] ^ 1]) + data[1:]
                changed = True
            dst.addfile(member, io.BytesIO(data))
    assert changed


def test_a_tampered_archive_restores_nothing(drill: Drill) -> None:
    bad = drill.tmp / "tampered.tar.gz"
    _tampered(drill.archive, bad)
    other = _instance(drill.tmp / "other", drill.spare[0] if ON_PG else "")
    run(other, "migrate", "--noinput", "-v0")
    rows = table_rows(other)
    checked = run(drill.source, "backup", "--verify", str(bad), check=False)
    assert checked.returncode == 2 and "không khớp manifest" in checked.stderr
    done = run(other, "restore", str(bad), check=False)
    assert done.returncode == 2 and "không khớp manifest" in done.stderr, done.stderr
    assert table_rows(other) == rows
    assert media_files(other) == {}
    assert [p.name for p in other.var.iterdir() if p.name.startswith(".policycomm-restore")] == []


def test_a_restore_into_an_instance_with_data_is_refused_and_changes_nothing(drill: Drill) -> None:
    rows, files = table_rows(drill.source), media_files(drill.source)
    done = run(drill.source, "restore", str(drill.archive), check=False)
    assert done.returncode == 2
    assert "đã có dữ liệu" in done.stderr and "Không có gì bị thay đổi" in done.stderr
    assert table_rows(drill.source) == rows and media_files(drill.source) == files


def test_files_alone_make_an_instance_not_empty(drill: Drill, tmp_path: Path) -> None:
    fresh = _instance(tmp_path / "fresh", drill.spare[1] if ON_PG else "")
    run(fresh, "migrate", "--noinput", "-v0")
    (fresh.media / "a").mkdir(parents=True)
    (fresh.media / "a" / "left-over.pdf").write_bytes(b"%PDF")
    rows = table_rows(fresh)
    done = run(fresh, "restore", str(drill.archive), check=False)
    assert done.returncode == 2 and "a/left-over.pdf" in done.stderr
    assert table_rows(fresh) == rows
    assert media_files(fresh) == {"a/left-over.pdf": hashlib.sha256(b"%PDF").hexdigest()}


def test_bad_arguments_exit_2_with_a_message_and_leave_the_file(drill: Drill) -> None:
    existing = drill.tmp / "existing.tar.gz"
    existing.write_bytes(b"keep me")
    done = run(drill.source, "backup", "--out", str(existing), check=False)
    assert done.returncode == 2 and "--force" in done.stderr
    assert existing.read_bytes() == b"keep me"
    missing_dir = drill.tmp / "no-such-dir" / "b.tar.gz"
    done = run(drill.source, "backup", "--out", str(missing_dir), check=False)
    assert done.returncode == 2 and "không tồn tại" in done.stderr
    done = run(drill.source, "backup", check=False)
    assert done.returncode == 2 and "--out" in done.stderr
    done = run(drill.source, "restore", str(drill.tmp / "nothing.tar.gz"), check=False)
    assert done.returncode == 2 and "không tìm thấy" in done.stderr
    # With --force the existing file is replaced by a complete backup.
    run(drill.source, "backup", "--out", str(existing), "--force")
    assert manifest_of(existing)["format"] == "policycomm-backup"
