"""Settings of the test OpenID Connect provider (django-oidc-provider), a project apart from policycomm.

Started by :mod:`tests.oidc_provider.serve`; everything it needs comes from the environment the fixture sets:
``OIDC_TEST_DB`` (its SQLite file, in a temp dir) and ``OIDC_TEST_SITE_URL`` (``http://127.0.0.1:<port>``, which
makes the issuer ``<site>/openid``).
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "test-oidc-provider-not-secret"  # a throwaway provider for the test run
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ.get("OIDC_TEST_DB", ":memory:")}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
LOGIN_URL = "/accounts/login/"
# Fast hashing: the test user logs in many times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SITE_URL = os.environ.get("OIDC_TEST_SITE_URL", "http://127.0.0.1:8000")
OIDC_USERINFO = "tests.oidc_provider.userinfo.userinfo"
OIDC_IDTOKEN_INCLUDE_CLAIMS = True
SESSION_COOKIE_NAME = "providersession"  # not policycomm's cookie name, though both live on 127.0.0.1
CSRF_COOKIE_NAME = "providercsrftoken"
