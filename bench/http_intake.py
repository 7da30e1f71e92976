"""Durable comment intake over HTTP, against the real server, next to the same server answering ``/healthz``.

What runs is what ``make run`` runs: gunicorn with ``policycomm.config.gunicorn_conf`` (production settings,
``POLICYCOMM_DEBUG=0``), the background worker beside it, on a throw-away instance. The load comes from
locust (``bench/locust_intake.py``, ``BENCH_CLIENTS`` concurrent clients, default 64, no think time), each
comment with its own ``Idempotency-Key`` and its own client address (``X-Forwarded-For`` from a trusted
local proxy). A comment counts only when it was answered 201; afterwards the database must hold exactly
as many comments as there were 201s.

Durable: SQLite in WAL mode with ``synchronous=FULL`` (the commit is on disk before the answer), or with
``--postgres`` a throw-away PostgreSQL cluster of Debian's server with ``fsync=on`` and
``synchronous_commit=on`` (not the test suite's cluster, which turns both off).

Usage: ``python bench/http_intake.py [--postgres] [--seconds 20] [--clients 64]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def postgres(tmp: Path) -> Iterator[str]:
    """A throw-away cluster with the durability settings of production (fsync and synchronous commit on)."""
    pgbin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    data = tmp / "pg"
    data.mkdir()
    run_as: list[str] = []
    if os.getuid() == 0:
        shutil.chown(tmp, "postgres", "postgres")
        shutil.chown(data, "postgres", "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*run_as, str(pgbin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                    "--locale=C.UTF-8"], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    opts = f"-k {tmp} -c listen_addresses='' -c fsync=on -c synchronous_commit=on -c max_connections=200"
    subprocess.run([*run_as, str(pgbin / "pg_ctl"), "-D", str(data), "-w", "-l", str(tmp / "pg.log"), "-o", opts,
                    "start"], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    subprocess.run([str(pgbin / "createdb"), "-h", str(tmp), "-U", "postgres", "policycomm"], check=True)
    try:
        yield f"postgres://postgres@/policycomm?host={tmp}"
    finally:
        subprocess.run([*run_as, str(pgbin / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                       check=False, stdout=subprocess.DEVNULL)  # fmt: skip


def wait_ready(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 - our own server
            if r.status == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer {url} in {seconds:.0f} s")


def load(host: str, target: str, consultation: int, clients: int, seconds: int, out: Path) -> dict[str, Any]:
    """One locust run; returns its aggregated figures."""
    env = {**os.environ, "BENCH_TARGET": target, "BENCH_CONSULTATION": str(consultation)}
    prefix = out / target
    subprocess.run(
        [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locust_intake.py"), "--headless", "--skip-log",
         "-u", str(clients), "-r", str(clients), "-t", f"{seconds}s", "--stop-timeout", "30", "--host", host,
         "--json-file", str(prefix), "--exit-code-on-error", "0"],
        check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    # The final figures: every request, including those the clients finished during the stop timeout.
    entry = json.loads(Path(f"{prefix}.json").read_text())[0]
    times = sorted((int(ms), n) for ms, n in entry["response_times"].items())
    seconds_taken = entry["last_request_timestamp"] - entry["start_time"]

    def percentile(q: float) -> float:
        wanted, seen = q * entry["num_requests"], 0
        for ms, n in times:
            seen += n
            if seen >= wanted:
                return float(ms)
        return float(times[-1][0])

    errors = [f"{e['occurrences']}× {e['error'][:160]}" for e in entry.get("errors", [])] if "errors" in entry else []
    return {
        "requests": float(entry["num_requests"]),
        "failures": float(entry["num_failures"]),
        "rps": entry["num_requests"] / seconds_taken,
        "p50": percentile(0.50),
        "p99": percentile(0.99),
        "errors": errors,  # type: ignore[dict-item]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL (durable) instead of SQLite")
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "20")))
    parser.add_argument("--clients", type=int, default=int(os.environ.get("BENCH_CLIENTS", "64")))
    parser.add_argument("--serve", action="store_true", help="set up and serve until Ctrl-C, for other tools")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="policycomm-http-"))
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, tmp, ignore_errors=True)
        os.environ["POLICYCOMM_VAR"] = str(tmp / "var")
        os.environ.pop("DATABASE_URL", None)
        if args.postgres:
            os.environ["DATABASE_URL"] = stack.enter_context(postgres(tmp))
        os.environ.update(
            DJANGO_SETTINGS_MODULE="policycomm.config.settings",
            POLICYCOMM_DEBUG="0",
            POLICYCOMM_HTTPS="0",
            POLICYCOMM_SECRET_KEY="bench-only-key-not-a-secret-" + "0" * 32,
            POLICYCOMM_TRUSTED_PROXIES="127.0.0.1",
            POLICYCOMM_LOG_LEVEL=os.environ.get("POLICYCOMM_LOG_LEVEL", "WARNING"),
        )
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        from tests.factories import ALL_TO_DRAFT_CONSULTATION, advance, make_world, open_consultation, register_document

        from policycomm.consultation.models import AnalysisRun, Comment

        w = make_world()
        doc = register_document(w, title="Nghị quyết quy định phí sử dụng tạm thời vỉa hè")
        advance(w.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
        consultation = open_consultation(w, doc)
        # Analysed once already, as a real consultation under load is: every comment then asks for a refresh.
        AnalysisRun.objects.create(consultation=consultation, status=AnalysisRun.Status.DONE)
        from django.db import connections

        connections.close_all()

        port = free_port()
        host = f"http://127.0.0.1:{port}"
        log = open(tmp / "server.log", "w")  # noqa: SIM115 - closed by the exit stack
        stack.callback(log.close)
        procs = [
            subprocess.Popen([str(BIN / "python"), "manage.py", "db_worker", "--no-reload", "--interval", "1"],
                             cwd=ROOT, stdout=log, stderr=log, start_new_session=True),
            subprocess.Popen([str(BIN / "gunicorn"), "--config", "python:policycomm.config.gunicorn_conf", "--bind",
                              f"127.0.0.1:{port}"], cwd=ROOT, stdout=log, stderr=log, start_new_session=True),
        ]  # fmt: skip

        def stop() -> None:
            for p in procs:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.pid, signal.SIGTERM)
            for p in procs:
                try:
                    p.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)

        stack.callback(stop)
        wait_ready(host + "/healthz")
        engine = "PostgreSQL (fsync, synchronous_commit on)" if args.postgres else "SQLite (WAL, synchronous=FULL)"
        workers = os.environ.get("POLICYCOMM_WEB_WORKERS", "2 × cores + 1")
        print(f"{engine}; gunicorn workers: {workers}; {args.clients} clients, {args.seconds} s each")
        if args.serve:
            print(f"serving {host}, consultation {consultation.pk}; Ctrl-C stops", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                signal.pause()
            return
        before = Comment.objects.filter(consultation=consultation).count()
        base = load(host, "healthz", consultation.pk, args.clients, args.seconds, tmp)
        got = load(host, "comment", consultation.pk, args.clients, args.seconds, tmp)
        stored = Comment.objects.filter(consultation=consultation).count() - before
        accepted = int(got["requests"] - got["failures"])
        print(f"{'':34}{'requests':>10}{'failed':>8}{'req/s':>9}{'p50 ms':>8}{'p99 ms':>8}")
        for label, r in (("baseline: GET /healthz", base), ("POST comment (durable, audited)", got)):
            print(
                f"{label:34}{r['requests']:>10.0f}{r['failures']:>8.0f}{r['rps']:>9.0f}{r['p50']:>8.0f}{r['p99']:>8.0f}"
            )
        print(f"ratio comment/baseline throughput: {got['rps'] / base['rps']:.2f}")
        print(f"201 answers: {accepted}; comments stored: {stored}" + ("" if stored == accepted else "  MISMATCH"))
        for line in got["errors"][:5]:
            print("failure:", line)
        if stored != accepted:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
