"""Test settings: same as production, with a generated key, plain http and fast hashing."""

import os

# Before the production settings load (they refuse to start without a key): a key for this test run, and
# plain http, which is what the test client and the live test server speak. Set in the environment, so
# that the ``policycomm`` and ``manage.py`` processes the tests start inherit them too.
os.environ.setdefault("POLICYCOMM_SECRET_KEY", "test-only-key-not-a-secret-7f3a9c1e5b2d8046af19ce73b5d20e8c")
os.environ["POLICYCOMM_HTTPS"] = "0"

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The cache in the test database, rolled back with each test like the rest (production's DiskCache is
# tested by tests/test_cache.py on a real instance).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "policycomm_cache",
    }
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SITE_URL = "http://testserver"
# Static files straight from the source folders, whatever the environment says (docs/adr/0022-serving.md).
# Files under MEDIA_ROOT (a temporary folder per test) even if the shell exports a bucket: a test that wants object
# storage points at its own server (tests/s3_server.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
