"""Settings for policycomm, driven by the environment.

Defaults give the embedded set-up: SQLite in ``var/``, the database task queue, local media.
Set ``DATABASE_URL`` for PostgreSQL.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from pythonjsonlogger.core import RESERVED_ATTRS

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = Path(os.environ.get("POLICYCOMM_HOME", BASE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("POLICYCOMM_VAR", PROJECT_DIR / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("POLICYCOMM_DEBUG", "0") == "1"
# Production (DEBUG off) never runs on a key from the source: sessions, CSRF tokens, password reset and
# unsubscribe links are signed with it. docs/deployment.md says how to make one.
SECRET_KEY = os.environ.get("POLICYCOMM_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Chưa đặt biến môi trường POLICYCOMM_SECRET_KEY: khi POLICYCOMM_DEBUG=0 (vận hành thật), policycomm "
            "không chạy bằng khóa mặc định trong mã nguồn. Tạo một khóa bí mật bằng lệnh "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'` rồi đặt "
            "POLICYCOMM_SECRET_KEY=<khóa> trong môi trường của máy chủ (xem docs/deployment.md). "
            "Chỉ khi phát triển trên máy mình mới đặt POLICYCOMM_DEBUG=1 để dùng khóa thử."
        )
    SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"  # noqa: S105 — DEBUG only
ALLOWED_HOSTS = os.environ.get("POLICYCOMM_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

# HTTPS: on by default in production, off by default when developing. POLICYCOMM_HTTPS=0 is for a site
# served over plain http on purpose (the local demo, the test client).
HTTPS = os.environ.get("POLICYCOMM_HTTPS", "0" if DEBUG else "1") == "1"
SECURE_SSL_REDIRECT = HTTPS
# The load balancer's probes ask over plain http inside the network: they get an answer, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS


def _trusted_proxies(raw: str) -> list[str]:
    """POLICYCOMM_TRUSTED_PROXIES: comma-separated addresses or networks (CIDR) of the reverse proxies."""
    proxies = []
    for part in raw.split(","):
        if not part.strip():
            continue
        try:
            proxies.append(str(ipaddress.ip_network(part.strip(), strict=False)))
        except ValueError:
            raise ImproperlyConfigured(
                f"POLICYCOMM_TRUSTED_PROXIES có mục không phải địa chỉ IP hay dải mạng (CIDR): {part.strip()!r}. "
                "Ghi các địa chỉ, cách nhau bằng dấu phẩy, ví dụ 10.0.0.5,10.0.1.0/24."
            ) from None
    return proxies


# Behind a reverse proxy: X-Forwarded-For and X-Forwarded-Proto are believed only from these addresses
# (policycomm.throttle.request_address). Empty: the app faces clients directly, and the headers are ignored.
TRUSTED_PROXIES = _trusted_proxies(os.environ.get("POLICYCOMM_TRUSTED_PROXIES", ""))
if TRUSTED_PROXIES:
    # The proxy terminates TLS and says so; it must overwrite any X-Forwarded-Proto a client sent
    # (docs/deployment.md), and the app port must be reachable only through it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "policycomm.adminsite.thirdparty.TasksDatabaseConfig",  # django_tasks_db, named in Vietnamese
    "django_htmx",
    "template_partials",
    "policycomm.adminsite.thirdparty.AxesConfig",  # axes, named in Vietnamese
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "policycomm.orgs",
    "policycomm.audit",
    "policycomm.lawmaking",
    "policycomm.communication",
    "policycomm.consultation",
    "policycomm.channels",
    "policycomm.monitoring",
    "policycomm.documents",
    "policycomm.plans",
    "policycomm.notifications",
    "policycomm.identity",
    "policycomm.staffauth",
    "policycomm.subscriptions",
    "policycomm.reporting",
    "policycomm.search",
    "policycomm.portal",
    "policycomm.backoffice",
    "policycomm.api",
    "policycomm.backup",
    "policycomm.demo",
    "policycomm.health",
    "policycomm.adminsite",  # after the apps whose admin classes it replaces (ADR 0027)
]

MIDDLEWARE = [
    # First: one JSON line per request with its id, and the id on every record logged meanwhile.
    "policycomm.config.requestlog.RequestLogMiddleware",
    # Forwarding headers count only from a trusted proxy (config/proxy.py): before anything reads them.
    "policycomm.config.proxy.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "policycomm.api.middleware.ApiBodyLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Vietnamese unless the person chose otherwise (not from Accept-Language): config/language.py.
    "policycomm.config.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sessions end after POLICYCOMM_STAFF_IDLE_MINUTES without a request (staffauth/idle.py); then the
    # device that verified the second factor (django-otp), and the guard that asks for it (staffauth/guard.py).
    "policycomm.staffauth.idle.IdleStaffSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "policycomm.staffauth.guard.TwoFactorGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "policycomm.portal.middleware.DomainErrorMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "policycomm.config.urls"
WSGI_APPLICATION = "policycomm.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "policycomm.backoffice.menu.staff_menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'policycomm.sqlite3'}",
        # Connections kept between requests (checked before reuse): opening one per request cost more
        # than a comment's insert (bench/http_intake.py).
        conn_max_age=int(os.environ.get("POLICYCOMM_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web server share the file; IMMEDIATE takes the write lock
    # at BEGIN, so two submissions never deadlock on lock upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the rate-limit counters: data that may be lost, shared by every process of the instance
# (docs/adr/0025-intake-speed.md). On one machine (SQLite) DiskCache's SQLite shards under var/cache/: never
# waiting for the comments' write lock or fsync, no COUNT(*) on each write, eviction by size (1 GiB) rather
# than Django's database cache culling a third of its rows past 300 (every live counter, at national scale).
# With PostgreSQL, Django's database cache in that database, shared by every app server, sized by
# POLICYCOMM_CACHE_MAX_ENTRIES.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    CACHES = {
        "default": {
            "BACKEND": "policycomm.config.cache.DiskCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "TIMEOUT": 300,
            "SHARDS": 8,
            "DATABASE_TIMEOUT": 1.0,
            "OPTIONS": {"size_limit": 2**30},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "policycomm_cache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("POLICYCOMM_CACHE_MAX_ENTRIES", "100000"))},
        }
    }

TASKS = {
    "default": {
        "BACKEND": os.environ.get("POLICYCOMM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Every staff password path validates with these: the admin's forms, the staff password change page,
# createsuperuser and changepassword. Only the demo's shared password is set without them (demo/data.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# The served app (scripts/serve.sh, after collectstatic) sets POLICYCOMM_STATIC_MANIFEST=1: WhiteNoise then
# serves the collected files from STATIC_ROOT under hashed names (cached for good), gzip-compressed.
# Everywhere else (tests, make dev) the files are served as they are from the source folders, so nothing
# depends on a collectstatic having been run: docs/adr/0022-serving.md.
STATIC_MANIFEST = os.environ.get("POLICYCOMM_STATIC_MANIFEST", "0") == "1"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
# Uploads and generated documents in an S3-compatible object store (docs/deployment.md, "Object storage"):
# needed as soon as the app runs on more than one machine, since every app server and every worker must
# read what another one wrote. Without a bucket they stay under MEDIA_ROOT on this machine.
S3_BUCKET = os.environ.get("POLICYCOMM_S3_BUCKET", "")
if S3_BUCKET:
    S3_ENDPOINT_URL = os.environ.get("POLICYCOMM_S3_ENDPOINT_URL", "")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL or None,
            "access_key": os.environ.get("POLICYCOMM_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": os.environ.get("POLICYCOMM_S3_SECRET_ACCESS_KEY", "") or None,
            "region_name": os.environ.get("POLICYCOMM_S3_REGION", "") or None,
            "location": os.environ.get("POLICYCOMM_S3_PREFIX", "").strip("/"),
            # Path-style addresses (https://host/bucket/key) work with every S3-compatible server.
            "addressing_style": os.environ.get("POLICYCOMM_S3_ADDRESSING_STYLE", "path" if S3_ENDPOINT_URL else "auto"),
            # Objects are private; the app streams them after checking access (MEDIA_URL is never served).
            "default_acl": None,
            "querystring_auth": True,
            # Django's rule for files: a new upload never replaces an existing object of the same name.
            "file_overwrite": False,
        },
    }
# Media (evidence, reports) is never served directly: staff views check access, then stream it.
MEDIA_URL = "/media-not-served/"
MEDIA_ROOT = VAR_DIR / "media"

LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# Request bodies: a comment is short; anything far larger is refused before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
    }
}

# Login throttling (django-axes): 5 failures lock for 15 minutes, counted per account (whatever address
# the guesses come from) and, separately, per address (whatever accounts it tries). The address is the
# client's behind a trusted proxy, the same one the rate limits use.
AXES_FAILURE_LIMIT = int(os.environ.get("POLICYCOMM_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "policycomm.config.proxy.client_ip"
AXES_LOCKOUT_TEMPLATE = "backoffice/lockout.html"
AXES_RESET_ON_SUCCESS = True

# Public comment rate limit, per client IP.
COMMENT_RATE = os.environ.get("POLICYCOMM_COMMENT_RATE", "20/h")
# Statement votes: per client address (a whole office behind one address) and per voter token.
VOTE_RATE = os.environ.get("POLICYCOMM_VOTE_RATE", "300/h")
VOTE_TOKEN_RATE = os.environ.get("POLICYCOMM_VOTE_TOKEN_RATE", "60/h")
# Receipt look-ups (tra cứu, the receipt page), per client address: a receipt must not be guessable.
LOOKUP_RATE = os.environ.get("POLICYCOMM_LOOKUP_RATE", "30/h")
# Reports of visible comments (báo cáo vi phạm), per client address.
COMMENT_REPORT_RATE = os.environ.get("POLICYCOMM_COMMENT_REPORT_RATE", "10/h")

COMMENT_MAX_CHARS = 10_000
# New comments re-run an analysed consultation's analysis after this many seconds; the comments
# arriving meanwhile share that run (consultation.insights.analysis_refresh).
ANALYSIS_REFRESH_DELAY = int(os.environ.get("POLICYCOMM_ANALYSIS_REFRESH_DELAY", "60"))
# A Dask cluster for large analyses run by the background worker: a scheduler address
# (tcp://host:8786) or "local" (a cluster of this machine's cores, started for the run). Empty: one
# process. Only consultations with at least ANALYSIS_CLUSTER_MIN comments go to the cluster.
ANALYSIS_SCHEDULER = os.environ.get("POLICYCOMM_ANALYSIS_SCHEDULER", "")
ANALYSIS_CLUSTER_MIN = int(os.environ.get("POLICYCOMM_ANALYSIS_CLUSTER_MIN", "200000"))
# Where such a run writes the consultation's comments and the cluster's partitions while it runs (empty:
# the system's temporary folder). A remote cluster's workers must see it at the same path.
ANALYSIS_SCRATCH = os.environ.get("POLICYCOMM_ANALYSIS_SCRATCH", "")
API_MAX_BODY_BYTES = 64 * 1024

# The address the site is reached at, for links in mail (a mail is read outside the site).
SITE_URL = os.environ.get("POLICYCOMM_SITE_URL", "http://127.0.0.1:8000")

# Mail: SMTP when POLICYCOMM_EMAIL_HOST is set; otherwise each message is written as a file under
# var/mail/ (one .eml per message, notifications/mailfiles.py) so that a person can read what was sent.
EMAIL_HOST = os.environ.get("POLICYCOMM_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("POLICYCOMM_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("POLICYCOMM_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("POLICYCOMM_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("POLICYCOMM_EMAIL_TLS", "1") == "1"
    EMAIL_USE_SSL = os.environ.get("POLICYCOMM_EMAIL_SSL", "0") == "1"
    EMAIL_TIMEOUT = int(os.environ.get("POLICYCOMM_EMAIL_TIMEOUT", "20"))
else:
    EMAIL_BACKEND = "policycomm.notifications.mailfiles.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("POLICYCOMM_EMAIL_FROM", "policycomm <khong-tra-loi@policycomm.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# An unsubscribe link in a citizen's mail stays valid this long (seconds).
UNSUBSCRIBE_MAX_AGE = int(os.environ.get("POLICYCOMM_UNSUBSCRIBE_MAX_AGE", str(400 * 24 * 3600)))
# When the scheduler enqueues the reminder run and the daily digest (crontab, TIME_ZONE; weekday by name).
REMINDER_CRON = os.environ.get("POLICYCOMM_REMINDER_CRON", "*/5 * * * *")
DIGEST_CRON = os.environ.get("POLICYCOMM_DIGEST_CRON", "0 7 * * *")

# Logs: JSON lines on stderr, each with the request id (config/requestlog.py) and nothing personal. Django's own
# records carry the request object (whose text has the query string) and runserver's its request line: both left out.
JSON_LOG_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(levelname)s %(name)s %(message)s",
    "rename_fields": {"levelname": "level", "name": "logger"},
    "timestamp": "time",
    "reserved_attrs": [*RESERVED_ATTRS, "request", "server_time"],
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "policycomm.config.requestlog.RequestIdFilter"},
        "redact_path": {"()": "policycomm.config.requestlog.RedactPathFilter"},
    },
    "formatters": {"json": JSON_LOG_FORMATTER},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id", "redact_path"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("POLICYCOMM_LOG_LEVEL", "WARNING")},
    "loggers": {
        # The request lines (method, path, status, duration): on unless POLICYCOMM_REQUEST_LOG=0.
        "policycomm.request": {"level": "INFO" if os.environ.get("POLICYCOMM_REQUEST_LOG", "1") == "1" else "WARNING"},
        # runserver's own lines repeat the request lines with the query string: not kept.
        "django.server": {"handlers": [], "propagate": False},
    },
}

# Citizens' identity tiers (policycomm.identity): a verified login through an OpenID Connect provider
# (VNeID or a province's single sign-on). With no issuer the verified login is off and hidden.
OIDC_ISSUER = os.environ.get("POLICYCOMM_OIDC_ISSUER", "")
OIDC_CLIENT_ID = os.environ.get("POLICYCOMM_OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("POLICYCOMM_OIDC_CLIENT_SECRET", "")
OIDC_NAME = os.environ.get("POLICYCOMM_OIDC_NAME", "")
#: Sending e-mail login codes, per address and per e-mail address.
IDENTITY_CODE_RATE = os.environ.get("POLICYCOMM_IDENTITY_CODE_RATE", "5/h")

# Staff accounts (policycomm.staffauth, docs/adr/0024-staff-two-factor.md). Two-factor authentication: TOTP with
# recovery codes, required for leaders, monitors, admins and superusers (orgs.access.must_use_two_factor).
OTP_TOTP_ISSUER = os.environ.get("POLICYCOMM_STAFF_OTP_ISSUER", "policycomm")
#: Code attempts (the authenticator's or a recovery code) per account.
STAFF_CODE_RATE = os.environ.get("POLICYCOMM_STAFF_CODE_RATE", "10/15m")
#: Wrong codes from one address (an office behind one NAT address shares it), whoever typed them.
STAFF_CODE_ADDRESS_RATE = os.environ.get("POLICYCOMM_STAFF_CODE_ADDRESS_RATE", "30/15m")
#: A staff session with no request for this many minutes is logged out.
STAFF_IDLE_MINUTES = int(os.environ.get("POLICYCOMM_STAFF_IDLE_MINUTES", "30"))
# Staff single sign-on through OpenID Connect: off unless an issuer is set. It links only to an existing active
# staff account by the provider's verified e-mail address, and the second factor is still asked for.
STAFF_OIDC_ISSUER = os.environ.get("POLICYCOMM_STAFF_OIDC_ISSUER", "")
STAFF_OIDC_CLIENT_ID = os.environ.get("POLICYCOMM_STAFF_OIDC_CLIENT_ID", "")
STAFF_OIDC_CLIENT_SECRET = os.environ.get("POLICYCOMM_STAFF_OIDC_CLIENT_SECRET", "")
STAFF_OIDC_NAME = os.environ.get("POLICYCOMM_STAFF_OIDC_NAME", "")
