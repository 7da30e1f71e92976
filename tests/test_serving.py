"""What ``make run`` serves with: collected, hashed, compressed static files, and gunicorn's worker count."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from policycomm.config import gunicorn_conf

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_the_served_pages_link_hashed_files_that_whitenoise_sends_compressed(db: Any, tmp_path: Path) -> None:
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=MANIFEST, WHITENOISE_USE_FINDERS=False):
        call_command("collectstatic", "--noinput", verbosity=0)
        client = Client()
        page = client.get("/").content.decode()
        css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
        assert css, "the home page links the hashed stylesheet"
        r = client.get(css.group(1), headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200 and r["Content-Encoding"] == "gzip"
        assert "immutable" in r["Cache-Control"]
        plain = client.get(css.group(1))
        assert "Content-Encoding" not in plain
        assert int(r["Content-Length"]) < int(plain["Content-Length"])


def test_the_tests_serve_static_files_from_the_source_folders_without_collecting() -> None:
    assert settings.STORAGES["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert Client().get("/static/css/site.css").status_code == 200


def test_gunicorn_runs_two_workers_per_core_plus_one_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICYCOMM_WEB_WORKERS", raising=False)
    conf = importlib.reload(gunicorn_conf)
    assert conf.workers == 2 * conf.cores() + 1
    monkeypatch.setenv("POLICYCOMM_WEB_WORKERS", "3")
    assert importlib.reload(gunicorn_conf).workers == 3
    monkeypatch.setenv("POLICYCOMM_WEB_WORKERS", "many")
    with pytest.raises(SystemExit, match="POLICYCOMM_WEB_WORKERS must be a whole number"):
        importlib.reload(gunicorn_conf)
    monkeypatch.delenv("POLICYCOMM_WEB_WORKERS")
    importlib.reload(gunicorn_conf)
