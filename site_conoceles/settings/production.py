"""Production: every secret and host comes from the environment; refuses to start without them."""

import os

from django.core.exceptions import ImproperlyConfigured

import dj_database_url

from site_conoceles.json_logging import logging_config

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")  # noqa: F405
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Login throttling sees the client, not nginx (docs/deployment.md, «Proxy y dirección del
# cliente»): nginx overwrites CLIENT_IP_HEADER with the address it was reached from, and
# CLIENT_IP_PROXY_COUNT counts the proxies in front of nginx (0: nginx alone, so the header holds
# exactly one address and anything else is refused). CLIENT_IP_HEADER=REMOTE_ADDR: no proxy.
_client_ip_header = os.environ.get("CLIENT_IP_HEADER", "X-Forwarded-For").strip()
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("REMOTE_ADDR",)
    if _client_ip_header.upper() == "REMOTE_ADDR"
    else ("HTTP_" + _client_ip_header.upper().replace("-", "_"),)
)
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("CLIENT_IP_PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_ORDER = "right-most"
# Administrators and moderators must enrol a second factor before using the admin (security/).
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", True)  # noqa: F405
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Purge only the hosts this site answers for: a Wagtail Site left on "localhost" then shows up as
# a warning (publishing/purge.py) rather than as purges no cache can match.
for _backend in WAGTAILFRONTENDCACHE.values():  # noqa: F405
    _backend.setdefault("HOSTNAMES", ALLOWED_HOSTS)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
)

# Logs: JSON lines without e-mail or IP addresses; a failed login names a hash of the account,
# not the account, nor the client (site_conoceles/json_logging.py, docs/deployment.md).
LOGGING = logging_config(os.environ.get("LOG_LEVEL", "INFO"))
AXES_CLIENT_STR_CALLABLE = "site_conoceles.json_logging.axes_client_str"

# A streaming replica for visitors' reads (site_conoceles/db_routers.py): the admin, the task
# worker and every write stay on the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    # A new dict: base's is shared with every module that imported it.
    DATABASES = {
        **DATABASES,  # noqa: F405
        "replica": dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        ),
    }
    DATABASE_ROUTERS = ["site_conoceles.db_routers.ReplicaRouter"]
    MIDDLEWARE = ["site_conoceles.db_routers.PublicReadMiddleware", *MIDDLEWARE]  # noqa: F405
