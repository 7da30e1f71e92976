"""Backups that restore: one ``.tar.gz`` holding the database, every stored file and a manifest.

Members of the archive, in this order:

- ``database/policycomm.sqlite3`` (SQLite, a copy made with the online backup API) or
  ``database/policycomm.pgdump`` (PostgreSQL, ``pg_dump --format=custom``);
- ``media/<name in the file storage>``, one per file: read through Django's default storage, so the files
  under MEDIA_ROOT, or the objects in the S3 bucket when ``POLICYCOMM_S3_BUCKET`` is set;
- ``manifest.json`` (:class:`Manifest`), last, since it carries the checksum of every member before it.

The database is copied first, from one snapshot (SQLite: the backup API in a single step; PostgreSQL: an
exported REPEATABLE READ snapshot that ``pg_dump --snapshot`` reads and the row counts are taken in), then
the files. Uploaded files are written before the row that names them and are not rewritten, so every file a
row in the snapshot points to is in the archive. docs/adr/0023-backups.md gives the reasons.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import IO, TypedDict

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection, connections, transaction
from django.utils.translation import gettext as _

FORMAT = "policycomm-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/policycomm.sqlite3"
PG_MEMBER = "database/policycomm.pgdump"
MEDIA_PREFIX = "media/"
_CHUNK = 1024 * 1024
_MANIFEST_MAX_BYTES = 256 * 1024 * 1024

#: Tables that ``migrate`` fills by itself (Django's bookkeeping and the seeding data migrations), and the
#: cache: rows there do not make an instance "not empty". tests/test_backup.py checks that a freshly migrated
#: database has rows in no other table.
SETUP_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "policycomm_cache",
        "consultation_commentperiod",
        "lawmaking_sector",
        "monitoring_coveragetarget",
    }
)
#: SQLite's FTS5 keeps these shadow tables of a virtual table, with rows even when the index is empty.
_FTS_SHADOWS = ("_config", "_data", "_idx", "_content", "_docsize")
#: Connection settings passed to pg_dump/pg_restore through libpq's environment (never on the command line).
_LIBPQ_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "options": "PGOPTIONS",
    "passfile": "PGPASSFILE",
}


class FileEntry(TypedDict):
    path: str
    sha256: str
    size: int


class Manifest(TypedDict):
    format: str
    format_version: int
    app_version: str
    database_vendor: str
    created_at: str
    database: FileEntry
    files: list[FileEntry]
    tables: dict[str, int]


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    seconds: float
    manifest: Manifest


class BackupError(Exception):
    """A backup, check or restore that cannot go on. ``message`` says what happened and what to do;
    ``code`` is a machine reason; ``bad_input`` marks a refusal caused by what was asked (exit code 2)."""

    def __init__(self, code: str, message: str, *, bad_input: bool = True) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.bad_input = bad_input


def vendor() -> str:
    return connection.vendor


def app_version() -> str:
    try:
        return version("policycomm")
    except PackageNotFoundError:
        return "unknown"


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- writing ---------------------------------------------------------------------------------------------


class _HashingReader:
    """A file read through: what tarfile copies into the archive is exactly what is hashed."""

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self._fh.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add_stream(tar: tarfile.TarFile, arcname: str, fh: IO[bytes], size: int, mtime: float) -> FileEntry:
    info = tarfile.TarInfo(arcname)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o600
    reader = _HashingReader(fh)
    tar.addfile(info, reader)  # tarfile only calls read(), exactly info.size bytes
    if reader.size != size:
        raise BackupError(
            "file_changed",
            _("Lỗi: tệp %(name)s đổi cỡ trong khi sao lưu; hãy chạy lại lệnh sao lưu.") % {"name": arcname},
            bad_input=False,
        )
    return {"path": arcname, "sha256": reader.digest.hexdigest(), "size": reader.size}


def _add_file(tar: tarfile.TarFile, arcname: str, path: Path) -> FileEntry:
    with path.open("rb") as fh:
        st = os.fstat(fh.fileno())
        return _add_stream(tar, arcname, fh, st.st_size, st.st_mtime)


def _add_stored(tar: tarfile.TarFile, storage: Storage, name: str, when: float) -> FileEntry:
    try:
        mtime = storage.get_modified_time(name).timestamp()
    except NotImplementedError:
        mtime = when
    with storage.open(name, "rb") as fh:
        return _add_stream(tar, MEDIA_PREFIX + name, fh, storage.size(name), mtime)


def stored_files(storage: Storage | None = None) -> Iterator[str]:
    """The name of every file in the storage (the files under MEDIA_ROOT, or the objects of the S3 bucket under
    its prefix), sorted, in POSIX form; never a symbolic link of the file system."""
    storage = storage or default_storage

    def walk(prefix: str) -> Iterator[str]:
        try:
            dirs, files = storage.listdir(prefix)
        except FileNotFoundError:
            return
        for name in sorted(files):
            full = f"{prefix}{name}"
            local = _local_path(storage, full)
            if local is None or (local.is_file() and not local.is_symlink()):
                yield full
        for d in sorted(dirs):
            local = _local_path(storage, f"{prefix}{d}")
            if local is None or not local.is_symlink():
                yield from walk(f"{prefix}{d}/")

    yield from walk("")


def _local_path(storage: Storage, name: str) -> Path | None:
    """The file's path on this machine, for a file-system storage; None for an object store."""
    try:
        return Path(storage.path(name))
    except NotImplementedError:
        return None


def storage_label(storage: Storage | None = None) -> str:
    """Where the files are kept, for messages: the folder, or ``s3://bucket/prefix``."""
    storage = storage or default_storage
    local = _local_path(storage, "")
    if local is not None:
        return str(local)
    bucket = getattr(storage, "bucket_name", "?")
    location = getattr(storage, "location", "")
    return f"s3://{bucket}/{location}".rstrip("/")


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    return [r[0] for r in rows]


def _sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        counts = {}
        for t in _sqlite_tables(db):
            counts[t] = db.execute(f"SELECT COUNT(*) FROM {quote(t)}").fetchone()[0]  # noqa: S608 — from the catalogue
        return counts
    finally:
        db.close()


def _pg_tables_sql() -> str:
    return (
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' ORDER BY table_name"
    )


def _pg_counts() -> dict[str, int]:
    with connection.cursor() as cur:
        cur.execute(_pg_tables_sql())
        tables = [r[0] for r in cur.fetchall()]
        counts = {}
        for t in tables:
            cur.execute(f"SELECT COUNT(*) FROM {quote(t)}")  # noqa: S608 — a table name from the catalogue, quoted
            counts[t] = cur.fetchone()[0]
    return counts


def pg_environment() -> dict[str, str]:
    """libpq's environment for the configured database: pg_dump and pg_restore read the password from here."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for value, var in ((db.get("HOST"), "PGHOST"), (db.get("PORT"), "PGPORT"), (db.get("USER"), "PGUSER")):
        if value:
            env[var] = str(value)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db.get("PASSWORD"))
    for key, value in (db.get("OPTIONS") or {}).items():
        if key in _LIBPQ_ENV and value not in (None, ""):
            env[_LIBPQ_ENV[key]] = str(value)
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _run_pg(tool: str, args: list[str]) -> None:
    exe = shutil.which(tool)
    if exe is None:
        raise BackupError(
            "tool_missing",
            _(
                "Không tìm thấy chương trình %(tool)s: "
                "cài gói postgresql-client của Debian (apt-get install postgresql-client)."
            )
            % {"tool": tool},
            bad_input=False,
        )
    done = subprocess.run(  # noqa: S603 — pg_dump/pg_restore found on PATH, our own arguments
        [exe, *args], env=pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(
            f"{tool}_failed",
            _("%(tool)s dừng với mã %(code)s: %(stderr)s")
            % {"tool": tool, "code": done.returncode, "stderr": done.stderr.strip()[-2000:]},
            bad_input=False,
        )


def _dump_sqlite(target: Path) -> dict[str, int]:
    """Copies the live database with the online backup API in one step (a consistent snapshot while writers go on)."""
    source = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=60)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    return _sqlite_counts(target)


def _dump_postgresql(target: Path) -> dict[str, int]:
    """pg_dump reads a snapshot exported by a REPEATABLE READ transaction; the row counts come from the same one."""
    connection.ensure_connection()
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = cur.fetchone()[0]
        counts = _pg_counts()
        _run_pg(
            "pg_dump",
            ["--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", f"--file={target}"],
        )
    return counts


def check_destination(out: Path, *, force: bool) -> None:
    """Refuses an output path that cannot be written or that exists without ``force``."""
    parent = out.parent
    if out.is_dir():
        raise BackupError(
            "out_is_dir",
            _("Lỗi: %(path)s là một thư mục; hãy ghi tên tệp, ví dụ %(path)s/policycomm.tar.gz.") % {"path": out},
        )
    if not parent.is_dir():
        raise BackupError(
            "no_dir",
            _("Lỗi: thư mục %(dir)s không tồn tại; hãy tạo thư mục trước hoặc chọn nơi khác.") % {"dir": parent},
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BackupError(
            "not_writable",
            _("Lỗi: không ghi được vào thư mục %(dir)s; hãy chọn thư mục khác hoặc cấp quyền ghi.") % {"dir": parent},
        )
    if out.exists() and not force:
        raise BackupError(
            "exists", _("Lỗi: tệp %(path)s đã có; thêm --force để ghi đè hoặc chọn tên khác.") % {"path": out}
        )


def backup(out: Path, *, force: bool = False) -> BackupResult:
    """Writes the backup to ``out``: into a temporary file beside it, fsync'd, then renamed over ``out``."""
    out = out.absolute()
    check_destination(out, force=force)
    started = dt.datetime.now(dt.UTC)
    clock = time.monotonic()
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    try:
        db_file = staging / "database"
        the_vendor = vendor()
        if the_vendor == "sqlite":
            counts, member = _dump_sqlite(db_file), SQLITE_MEMBER
        elif the_vendor == "postgresql":
            counts, member = _dump_postgresql(db_file), PG_MEMBER
        else:
            raise BackupError("vendor", _("Chưa hỗ trợ sao lưu cơ sở dữ liệu %(vendor)s.") % {"vendor": the_vendor})
        partial = staging / "archive.tar.gz"
        with partial.open("wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                db_entry = _add_file(tar, member, db_file)
                db_file.unlink()
                when = started.timestamp()
                files = [_add_stored(tar, default_storage, name, when) for name in stored_files()]
                manifest: Manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "app_version": app_version(),
                    "database_vendor": the_vendor,
                    "created_at": started.isoformat(),
                    "database": db_entry,
                    "files": files,
                    "tables": counts,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(started.timestamp()), 0o600
                tar.addfile(info, io.BytesIO(data))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, out)
        _fsync_dir(out.parent)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BackupResult(path=out, size=out.stat().st_size, seconds=time.monotonic() - clock, manifest=manifest)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- reading ---------------------------------------------------------------------------------------------


def _member_ok(name: str) -> bool:
    p = PurePosixPath(name)
    if p.is_absolute() or not p.parts or any(part in ("", ".", "..") for part in p.parts) or "\\" in name:
        return False
    return name in (SQLITE_MEMBER, PG_MEMBER) or (name.startswith(MEDIA_PREFIX) and len(p.parts) >= 2)


def _unreadable(path: Path, why: object) -> BackupError:
    return BackupError(
        "unreadable",
        _("Lỗi: không đọc được tệp sao lưu %(path)s (%(why)s); tệp hỏng hoặc không phải bản sao lưu của policycomm.")
        % {"path": path, "why": why},
    )


def _parse_manifest(path: Path, data: bytes | None) -> Manifest:
    if data is None:
        raise BackupError(
            "no_manifest",
            _("Lỗi: tệp %(path)s không có manifest.json, không phải bản sao lưu của policycomm.") % {"path": path},
        )
    try:
        raw = json.loads(data)
    except ValueError as e:
        raise _unreadable(path, e) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BackupError(
            "no_manifest",
            _("Lỗi: manifest.json trong %(path)s không phải của một bản sao lưu policycomm.") % {"path": path},
        )
    if raw.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            "format_version",
            _(
                "Lỗi: bản sao lưu có định dạng phiên bản %(found)s, "
                "phiên bản này của policycomm đọc được phiên bản %(known)s."
            )
            % {"found": raw.get("format_version"), "known": FORMAT_VERSION},
        )

    def entry_ok(e: object) -> bool:
        return (
            isinstance(e, dict)
            and isinstance(e.get("path"), str)
            and isinstance(e.get("sha256"), str)
            and isinstance(e.get("size"), int)
        )

    tables = raw.get("tables")
    if (
        not entry_ok(raw.get("database"))
        or not isinstance(raw.get("files"), list)
        or not all(entry_ok(e) for e in raw["files"])
        or not isinstance(tables, dict)
        or not all(isinstance(k, str) and isinstance(v, int) for k, v in tables.items())
        or raw.get("database_vendor") not in ("sqlite", "postgresql")
    ):
        raise BackupError(
            "bad_manifest", _("Lỗi: manifest.json trong %(path)s thiếu mục hoặc sai kiểu dữ liệu.") % {"path": path}
        )
    manifest: Manifest = raw  # type: ignore[assignment]  # checked field by field above
    return manifest


def read_archive(path: Path, into: Path | None = None) -> Manifest:
    """Reads every member once, checking its sha256 and size against the manifest; with ``into``, the members
    are written there as they are read. Raises :class:`BackupError` on any difference: nothing read is trusted
    before this returns."""
    if not path.is_file():
        raise BackupError("not_found", _("Lỗi: không tìm thấy tệp sao lưu %(path)s.") % {"path": path})
    seen: dict[str, FileEntry] = {}
    strange: list[str] = []
    manifest_data: bytes | None = None
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                if member.name == MANIFEST and member.isreg() and manifest_data is None:
                    if member.size > _MANIFEST_MAX_BYTES:
                        raise _unreadable(path, "manifest.json")
                    fh = tar.extractfile(member)
                    manifest_data = fh.read() if fh else b""
                    continue
                if not member.isreg() or not _member_ok(member.name) or member.name in seen:
                    strange.append(member.name)
                    continue
                fh = tar.extractfile(member)
                if fh is None:
                    strange.append(member.name)
                    continue
                digest, size = hashlib.sha256(), 0
                out: IO[bytes] | None = None
                if into is not None:
                    dest = into / member.name
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    out = dest.open("wb")
                try:
                    while chunk := fh.read(_CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        if out is not None:
                            out.write(chunk)
                finally:
                    if out is not None:
                        out.close()
                seen[member.name] = {"path": member.name, "sha256": digest.hexdigest(), "size": size}
    except (tarfile.TarError, OSError, EOFError, zlib.error) as e:
        raise _unreadable(path, e) from None
    manifest = _parse_manifest(path, manifest_data)
    expected = {e["path"]: e for e in [manifest["database"], *manifest["files"]]}
    problems = sorted(
        [p for p, e in expected.items() if seen.get(p) != e] + [p for p in seen if p not in expected] + strange
    )
    if problems:
        shown = ", ".join(problems[:5]) + (" …" if len(problems) > 5 else "")
        raise BackupError(
            "checksum",
            _(
                "Lỗi: bản sao lưu %(path)s không khớp manifest ở %(count)s mục (%(shown)s); "
                "tệp đã bị sửa hoặc hỏng, không khôi phục."
            )
            % {"path": path, "count": len(problems), "shown": shown},
        )
    return manifest


def verify(path: Path) -> Manifest:
    """Checks a backup without restoring it."""
    return read_archive(path.absolute())


# --- restoring -------------------------------------------------------------------------------------------


def _virtual_tables() -> list[str]:
    if vendor() != "sqlite":
        return []
    with connection.cursor() as cur:
        cur.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
        return [r[0] for r in cur.fetchall()]


def tables_with_data() -> list[str]:
    """The tables of the configured database that hold rows beyond what ``migrate`` puts there."""
    virtual = _virtual_tables()
    shadows = {v + s for v in virtual for s in _FTS_SHADOWS}
    found = []
    with connection.cursor() as cur:
        for table in sorted(connection.introspection.table_names(cur)):
            if table in SETUP_TABLES or table in shadows:
                continue
            cur.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 — from the catalogue, quoted
            if cur.fetchone() is not None:
                found.append(table)
    return found


def check_empty() -> None:
    tables = tables_with_data()
    if tables:
        shown = ", ".join(tables[:5]) + (" …" if len(tables) > 5 else "")
        raise BackupError(
            "not_empty",
            _(
                "Lỗi: cơ sở dữ liệu đích đã có dữ liệu (bảng %(shown)s); chỉ khôi phục vào một cài đặt trống "
                "(cơ sở dữ liệu mới, chưa có dữ liệu). Không có gì bị thay đổi."
            )
            % {"shown": shown},
        )
    first = next(stored_files(), None)
    if first is not None:
        raise BackupError(
            "media_not_empty",
            _(
                "Lỗi: nơi lưu tệp %(dir)s đã có tệp (%(file)s); chỉ khôi phục vào nơi lưu tệp trống. "
                "Không có gì bị thay đổi."
            )
            % {"dir": storage_label(), "file": first},
        )


def table_counts() -> dict[str, int]:
    if vendor() == "sqlite":
        return _sqlite_counts(Path(settings.DATABASES["default"]["NAME"]))
    return _pg_counts()


def _restore_sqlite(staged: Path) -> None:
    connections.close_all()
    source = sqlite3.connect(staged)
    dest = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=60)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()


def _restore_postgresql(staged: Path) -> None:
    connections.close_all()
    db = settings.DATABASES["default"]["NAME"]
    _run_pg(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={db}",
            str(staged),
        ],
    )


def restore(path: Path) -> Manifest:
    """Restores a backup into this instance, which must be empty: checks every checksum into a staging
    directory first, then the database, then the files, then compares the row counts with the manifest."""
    path = path.absolute()
    if not path.is_file():
        raise BackupError("not_found", _("Lỗi: không tìm thấy tệp sao lưu %(path)s.") % {"path": path})
    check_empty()
    # Staged beside the instance's own files (its var folder), which has room for them.
    var = Path(settings.MEDIA_ROOT).parent
    var.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".policycomm-restore-", dir=var))
    try:
        manifest = read_archive(path, into=staging)
        if manifest["database_vendor"] != vendor():
            raise BackupError(
                "vendor",
                _(
                    "Lỗi: bản sao lưu là của %(found)s, cơ sở dữ liệu đích là %(here)s; "
                    "hãy khôi phục vào cùng loại cơ sở dữ liệu."
                )
                % {"found": manifest["database_vendor"], "here": vendor()},
            )
        staged_db = staging / manifest["database"]["path"]
        if vendor() == "sqlite":
            _restore_sqlite(staged_db)
        else:
            _restore_postgresql(staged_db)
        for entry in manifest["files"]:
            name = entry["path"][len(MEDIA_PREFIX) :]
            with (staging / entry["path"]).open("rb") as fh:
                saved = default_storage.save(name, File(fh, name=name))
            if saved != name:  # the storage was empty when checked: someone else is writing into it
                raise BackupError(
                    "media_not_empty",
                    _("Lỗi: tệp %(file)s đã có trong nơi lưu tệp %(dir)s trong lúc khôi phục.")
                    % {"file": name, "dir": storage_label()},
                    bad_input=False,
                )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    counts = table_counts()
    wrong = sorted(t for t in set(counts) | set(manifest["tables"]) if counts.get(t) != manifest["tables"].get(t))
    if wrong:
        raise BackupError(
            "counts",
            _("Lỗi: đã khôi phục nhưng số dòng không khớp manifest ở bảng %(tables)s; hãy kiểm tra lại bản sao lưu.")
            % {"tables": ", ".join(wrong[:5])},
            bad_input=False,
        )
    return manifest
