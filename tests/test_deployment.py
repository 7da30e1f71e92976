"""Production configuration: no start without a secret key, HTTPS on by default, and the environment in
docs/deployment.md passes ``manage.py check --deploy --fail-level WARNING``.

Each case runs Django in a fresh process with a clean environment, as an operator's server would start:
the settings are read once at import, and this test run's own settings set a key and plain http.
"""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "deployment.md"
SHOW = (
    "import json, django; from django.conf import settings; django.setup(); print(json.dumps({k: getattr(settings, k) "
    "for k in ['DEBUG', 'SECRET_KEY', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
    "'LANGUAGE_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', "
    "'SECURE_PROXY_SSL_HEADER', 'TRUSTED_PROXIES']}))"
)


def clean_env(tmp_path: Path, **env: str) -> dict[str, str]:
    """Nothing of this test run's environment but what a process needs to start."""
    return {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "policycomm.config.settings",
        "POLICYCOMM_VAR": str(tmp_path / "var"),
        **env,
    }


def python(tmp_path: Path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=clean_env(tmp_path, **env)
    )


def documented_environment() -> dict[str, str]:
    """The environment file in docs/deployment.md ("Production environment")."""
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- production-env[^>]*-->\s*```ini\n(.*?)```", text, re.S)
    assert block, "docs/deployment.md has no production-env block"
    env = {}
    for line in block.group(1).splitlines():
        name, sep, value = line.partition("=")
        assert sep, line
        value = value.strip()
        if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]  # quoted, as systemd's EnvironmentFile= and a shell both read it
        env[name.strip()] = value
    return env


def check_deploy(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean_env(tmp_path), **env, "POLICYCOMM_VAR": str(tmp_path / "var")},
    )


def test_production_settings_refuse_to_load_without_a_secret_key(tmp_path: Path) -> None:
    done = python(tmp_path, SHOW)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "Chưa đặt biến môi trường POLICYCOMM_SECRET_KEY" in done.stderr
    assert "secrets.token_urlsafe(50)" in done.stderr  # how to make one
    assert "dev-only" not in done.stdout


def test_an_empty_key_is_refused_like_a_missing_one(tmp_path: Path) -> None:
    done = python(tmp_path, SHOW, POLICYCOMM_SECRET_KEY="", POLICYCOMM_DEBUG="0")
    assert done.returncode != 0 and "POLICYCOMM_SECRET_KEY" in done.stderr


def test_development_runs_on_the_built_in_key_over_http(tmp_path: Path) -> None:
    done = python(tmp_path, SHOW, POLICYCOMM_DEBUG="1")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["DEBUG"] is True and shown["SECRET_KEY"].startswith("dev-only")
    assert not shown["SECURE_SSL_REDIRECT"] and not shown["SESSION_COOKIE_SECURE"] and shown["SECURE_HSTS_SECONDS"] == 0


def test_production_switches_https_on_by_default(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(50)
    shown = json.loads(python(tmp_path, SHOW, POLICYCOMM_SECRET_KEY=key).stdout)
    assert shown["SECRET_KEY"] == key and shown["DEBUG"] is False
    assert shown["SECURE_SSL_REDIRECT"] and shown["SESSION_COOKIE_SECURE"] and shown["CSRF_COOKIE_SECURE"]
    assert shown["LANGUAGE_COOKIE_SECURE"]
    assert shown["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert shown["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and shown["SECURE_HSTS_PRELOAD"]
    # X-Forwarded-Proto is believed only once a proxy is configured.
    assert shown["SECURE_PROXY_SSL_HEADER"] is None and shown["TRUSTED_PROXIES"] == []
    proxied = json.loads(
        python(tmp_path, SHOW, POLICYCOMM_SECRET_KEY=key, POLICYCOMM_TRUSTED_PROXIES=" 10.0.0.5, 10.0.1.0/24 ,").stdout
    )
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert proxied["TRUSTED_PROXIES"] == ["10.0.0.5/32", "10.0.1.0/24"]


def test_plain_http_is_an_explicit_choice(tmp_path: Path) -> None:
    shown = json.loads(python(tmp_path, SHOW, POLICYCOMM_SECRET_KEY="k" * 50, POLICYCOMM_HTTPS="0").stdout)
    assert not shown["SECURE_SSL_REDIRECT"] and not shown["CSRF_COOKIE_SECURE"] and shown["SECURE_HSTS_SECONDS"] == 0


def test_a_trusted_proxy_that_is_not_an_address_is_refused(tmp_path: Path) -> None:
    done = python(tmp_path, SHOW, POLICYCOMM_SECRET_KEY="k" * 50, POLICYCOMM_TRUSTED_PROXIES="10.0.0.5,nginx")
    assert done.returncode != 0
    assert "POLICYCOMM_TRUSTED_PROXIES" in done.stderr and "'nginx'" in done.stderr


def test_the_documented_production_environment_passes_check_deploy(tmp_path: Path) -> None:
    env = documented_environment()
    assert {"POLICYCOMM_SECRET_KEY", "POLICYCOMM_ALLOWED_HOSTS", "POLICYCOMM_HTTPS"} <= set(env)
    assert "POLICYCOMM_TRUSTED_PROXIES" in env
    assert {"DATABASE_URL", "POLICYCOMM_CONN_MAX_AGE", "POLICYCOMM_EMAIL_HOST"} <= set(env)
    env["POLICYCOMM_SECRET_KEY"] = secrets.token_urlsafe(50)  # as "Making a secret key" says
    done = check_deploy(tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_fails_on_what_the_documented_environment_switches_on(tmp_path: Path) -> None:
    """The check is not vacuous: plain http in production is reported (HSTS, redirect, Secure cookies)."""
    env = {**documented_environment(), "POLICYCOMM_SECRET_KEY": secrets.token_urlsafe(50), "POLICYCOMM_HTTPS": "0"}
    done = check_deploy(tmp_path, env)
    assert done.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stderr + done.stdout


@pytest.mark.parametrize("missing", ["absent", "empty"])
def test_check_deploy_without_the_key_stops_with_the_clear_message(tmp_path: Path, missing: str) -> None:
    env = documented_environment()
    if missing == "absent":
        del env["POLICYCOMM_SECRET_KEY"]
    else:
        env["POLICYCOMM_SECRET_KEY"] = ""
    done = check_deploy(tmp_path, env)
    assert done.returncode != 0
    assert "Chưa đặt biến môi trường POLICYCOMM_SECRET_KEY" in done.stderr
    assert "docs/deployment.md" in done.stderr


@pytest.mark.parametrize("command", [["manage.py"], ["-m", "policycomm.cli"]])
def test_the_commands_print_the_refusal_as_one_message_not_a_traceback(tmp_path: Path, command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, *command, "check"], capture_output=True, text=True, cwd=ROOT, env=clean_env(tmp_path)
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("policycomm: cấu hình chưa đúng")
    assert "POLICYCOMM_SECRET_KEY" in done.stderr
