"""Gunicorn's settings for ``make run`` (``scripts/serve.sh`` passes ``-c python:policycomm.config.gunicorn_conf``).

Workers: ``POLICYCOMM_WEB_WORKERS``, by default 2 × the cores this process may use + 1 (synchronous
workers: one request each at a time, the usual sizing for a database-bound Django app).
No access log of gunicorn's own: it would hold the client address and the query string; the app logs
each request itself (``config/requestlog.py``). Gunicorn's messages are JSON lines like the app's.
"""

from __future__ import annotations

import os


def _whole_number(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name} must be a whole number of at least 1, not {raw!r}")
    return int(raw)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


wsgi_app = "policycomm.config.wsgi:application"
proc_name = "policycomm"
workers = _whole_number("POLICYCOMM_WEB_WORKERS", 2 * cores() + 1)
# A request may take long (a report built with LibreOffice); past this the worker is restarted.
timeout = _whole_number("POLICYCOMM_WEB_TIMEOUT", 120)
# On SIGTERM, requests in flight get this long to finish.
graceful_timeout = _whole_number("POLICYCOMM_WEB_GRACEFUL_TIMEOUT", 20)
# Gunicorn's control socket sits at one path per user ($HOME/.gunicorn/gunicorn.ctl): a second instance on the
# machine (another checkout, a benchmark) would take it over. Not used here.
control_socket_disable = True
accesslog = None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        }
    },
    "handlers": {"gunicorn_json": {"class": "logging.StreamHandler", "formatter": "json"}},
    # The app's own logging (settings.LOGGING) replaces this root in each worker once Django is set up.
    "root": {"level": "WARNING", "handlers": ["gunicorn_json"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["gunicorn_json"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
    },
}
