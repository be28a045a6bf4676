"""Test runs: fast hashing, in-memory email and media in a throw-away folder."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="conoceles-test-media-"))  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# django-axes needs a request in authenticate(), which Client.login() does not pass; the
# throttling tests switch it back on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False
# Never purge a real cache from a test run, whatever the environment says; tests that need a
# backend set their own recording one.
WAGTAILFRONTENDCACHE = {}
# Jobs run inside the test, at once; tests/publishing/test_worker.py runs the real worker.
if os.environ.get("TASKS_BACKEND") != "database":
    TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", SLOW_TASK_QUEUE],  # noqa: F405
        }
    }
# A shared Redis (REDIS_URL, as CI sets it): every test process its own key prefix, so parallel
# workers never read or clear each other's entries; a subprocess is handed it in CACHE_KEY_PREFIX.
if "KEY_PREFIX" in CACHES["default"]:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = os.environ.get("CACHE_KEY_PREFIX") or (  # noqa: F405
        f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'solo')}-{os.getpid()}"
    )
