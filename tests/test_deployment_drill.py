"""The deployment drill (scripts/deployment-drill.sh): docs/deployment.md followed on this machine, PostgreSQL,
object storage, two app servers behind nginx with TLS, the scheduler and two workers, checked over https.

Runs once per ``make test``, in the SQLite run: the drill starts a PostgreSQL cluster of its own, so running it
again under scripts/with-postgres.sh would check nothing more. It needs the system packages of
scripts/system-deps.sh (nginx, PostgreSQL, curl, openssl): missing ones fail the test rather than skip it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "deployment-drill.sh"
TEMPLATE = ROOT / "deploy" / "nginx" / "policycomm.conf"
GUIDE = ROOT / "docs" / "deployment.md"


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"@([A-Z][A-Z_]*)@", text))


def test_the_guide_and_the_drill_fill_in_every_placeholder_of_the_nginx_template() -> None:
    template = "\n".join(line for line in TEMPLATE.read_text().splitlines() if not line.lstrip().startswith("#"))
    wanted = placeholders(template)
    assert {"UPSTREAM_SERVERS", "TLS_CERTIFICATE", "TLS_CERTIFICATE_KEY", "PROXY_HEADERS"} <= wanted
    guide = GUIDE.read_text(encoding="utf-8")
    sed = guide[guide.index("apt-get install nginx") : guide.index("nginx -t && systemctl reload nginx")]
    assert placeholders(sed) == wanted
    assert placeholders(SCRIPT.read_text()) >= wanted


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="the drill runs in the SQLite run of make test (it starts its own PostgreSQL cluster)",
)
def test_the_deployment_drill_passes_every_check() -> None:
    missing = [t for t in ("curl", "openssl") if shutil.which(t) is None]
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        missing.append("nginx")
    assert not missing, f"missing system packages, install them with `make system-deps`: {missing}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_", "POLICYCOMM_"))}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        ["/bin/bash", str(SCRIPT)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    assert "all checks passed" in done.stdout
    for check in ("/readyz 200 ready", "http -> 301 https", "in the bucket", "both app servers answered"):
        assert check in done.stdout, check
