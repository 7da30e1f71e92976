"""A pytest fixture that runs the test OpenID Connect provider (a real one, not a mock) for the session.

The provider is the separate Django project next to this file, served by :mod:`tests.oidc_provider.serve` in a
subprocess on a free port, with its SQLite file in a temp dir. The fixture waits for its discovery document,
yields a :class:`Provider` and kills the process at the end. Tests point policycomm at it with
:meth:`Provider.configure` (the ``settings`` fixture) and, for a live server, register that server's callback with
:meth:`Provider.allow_redirect`.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from .serve import PASSWORD, USERNAME

ROOT = Path(__file__).resolve().parents[2]
CALLBACK = "/dang-nhap/xac-thuc/ve/"


@dataclass(frozen=True)
class Provider:
    url: str
    db: Path
    client_id: str = "policycomm-test"
    client_secret: str = "bi-mat-cua-ung-dung-thu-nghiem"
    username: str = USERNAME
    password: str = PASSWORD

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"

    def configure(self, settings: Any, name: str = "VNeID thử nghiệm") -> None:
        settings.OIDC_ISSUER = self.issuer
        settings.OIDC_CLIENT_ID = self.client_id
        settings.OIDC_CLIENT_SECRET = self.client_secret
        settings.OIDC_NAME = name

    def configure_staff(self, settings: Any, name: str = "Cổng đăng nhập một lần thử nghiệm") -> None:
        """Staff single sign-on with the same provider and client (``POLICYCOMM_STAFF_OIDC_*``)."""
        settings.STAFF_OIDC_ISSUER = self.issuer
        settings.STAFF_OIDC_CLIENT_ID = self.client_id
        settings.STAFF_OIDC_CLIENT_SECRET = self.client_secret
        settings.STAFF_OIDC_NAME = name

    def allow_redirect(self, base_url: str) -> None:
        """Register ``<base_url>/dang-nhap/xac-thuc/ve/`` as a redirect URI of the client too."""
        self.allow_redirect_uri(base_url.rstrip("/") + CALLBACK)

    def allow_redirect_uri(self, uri: str) -> None:
        """Register ``uri`` (a whole callback address, e.g. the staff single sign-on's) with the client."""
        with sqlite3.connect(self.db) as conn:
            (current,) = conn.execute(
                "SELECT _redirect_uris FROM oidc_provider_client WHERE client_id = ?", (self.client_id,)
            ).fetchone()
            if uri not in current.splitlines():
                conn.execute(
                    "UPDATE oidc_provider_client SET _redirect_uris = ? WHERE client_id = ?",
                    (f"{current}\n{uri}", self.client_id),
                )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[Provider]:
    with tempfile.TemporaryDirectory(prefix="oidc-provider-") as tmp:
        port = _free_port()
        provider = Provider(url=f"http://127.0.0.1:{port}", db=Path(tmp) / "provider.sqlite3")
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("POLICYCOMM_", "DJANGO_"))},
            "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
            "OIDC_TEST_DB": str(provider.db),
            "OIDC_TEST_SITE_URL": provider.url,
            "PYTHONPATH": str(ROOT),
        }
        log = Path(tmp) / "provider.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [
                    *(sys.executable, "-m", "tests.oidc_provider.serve", str(port)),
                    *("--client-id", provider.client_id, "--client-secret", provider.client_secret),
                    *("--redirect-uri", f"http://testserver{CALLBACK}"),
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            try:
                _wait(provider, proc, log)
                yield provider
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def _wait(provider: Provider, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the test OIDC provider exited: {log.read_text(errors='replace')}")
        try:
            r = requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2)
            if r.status_code == 200:
                assert r.json()["issuer"] == provider.issuer, r.json()["issuer"]
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the test OIDC provider did not answer in 60 s: {log.read_text(errors='replace')}")
