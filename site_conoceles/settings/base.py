"""Settings shared by every environment.

Everything that differs between machines is read from the environment; the defaults give a
working local site on SQLite with no configuration at all.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "home",
    "search",
    "elections",
    "candidates",
    "moderation",
    "identity",
    "stats",
    "opendata",
    "api",
    # The read API's OpenAPI schema and its reference page, served from our static files.
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "security",
    "publishing",
    "accounts",
    "wagtail_modeladmin",
    # wagtail.contrib.frontend_cache, its per-page handlers replaced by publishing/pipeline.py.
    "publishing.apps.FrontendCacheConfig",
    # The task queue: off-request jobs (open data, purges, search index, e-mail) wait in the
    # database until `manage.py db_worker` runs them.
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CSP with a nonce per response; the admin path gets its own policy (docs/security.md).
    "security.middleware.ContentSecurityPolicyMiddleware",
    "security.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # CORS for the read API only (CORS_URLS_REGEX); before CommonMiddleware, as it requires.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The Wagtail site of the request's host from the shared cache (no query per request).
    "site_conoceles.sites.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(); then the admin asks for the second factor (security/).
    "django_otp.middleware.OTPMiddleware",
    "security.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "moderation.middleware.CaptureWindowMessageMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account or address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "site_conoceles.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "wagtail.contrib.settings.context_processors.settings",
                "candidates.process_scope.process_prefix",
            ],
        },
    },
]

WSGI_APPLICATION = "site_conoceles.wsgi.application"

# SQLite when DATABASE_URL is unset, so that a newcomer needs no database server.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", "Español (México)")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("es", "Español")]
WAGTAIL_I18N_ENABLED = False
TIME_ZONE = "America/Monterrey"
USE_I18N = True
# Spanish for what Wagtail's es catalogue lacks (locale/es, checked by tests/moderation).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "collected-static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Candidacy pages have many StreamFields; the admin form exceeds Django's default field count.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "conoceles",
    }
}
# Redis: one cache for every web process and the task worker, so that forgetting the figures on
# publication reaches them all. Its clear() only drops keys under KEY_PREFIX.
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "site_conoceles.cache.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "conoceles"),
    }

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Login throttling (django-axes): lock a (username, client address) pair after repeated
# failures; a success resets the count. Locking the username alone, or the address alone, would
# let anyone lock a known account (`pan`) from anywhere, and behind a proxy that hides the client
# lock everyone at once. Administrators unlock with `manage.py axes_reset`.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client is the peer of this process unless production says a proxy stands in front.
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
# No "AXES: BEGIN version …" banner on every management command and server start.
AXES_VERBOSE = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "moderation/lockout.html"

# Content-Security-Policy (django-csp 4, security/middleware.py), enforced, never report-only.
# Public pages run the site's own files only: no inline script or style, no eval, no third party;
# a template that needs an inline element (a profile's JSON-LD) carries the response's nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin cannot live with that: Wagtail 8 writes inline <script> elements that start
# its widgets (InlinePanel, date pickers, choosers, from templates and from Python) and sets style
# attributes, none of which carries a nonce. So only under /admin/ inline scripts and styles are
# allowed (no nonce here: browsers ignore 'unsafe-inline' next to one); eval stays forbidden and
# everything is loaded from this origin only. Page previews load in a same-origin frame; image
# uploads are previewed from blob: URLs. docs/security.md, «Admin».
ADMIN_CSP_PATH_PREFIX = "/admin/"
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Browser features no page uses, refused to every origin (security.middleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
    )
}
# /.well-known/security.txt (RFC 9116): where to report a vulnerability.
# Unset: the contact email of the institute's site setting (Configuración › Instituto).
SECURITY_CONTACTS = env_list("SECURITY_CONTACTS")
SECURITY_POLICY_URL = os.environ.get("SECURITY_POLICY_URL", "")
SECURITY_TXT_DAYS = int(os.environ.get("SECURITY_TXT_DAYS", "180"))

# Two-factor authentication (django-otp, security/): anyone with a confirmed device is asked for a
# code after the password; with STAFF_2FA_REQUIRED, administrators and moderators must enrol one
# before they can use the admin. Parties may enrol.
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", False)
OTP_TOTP_ISSUER = "Conóceles"
OTP_STATIC_THROTTLE_FACTOR = 1

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Conóceles <no-responder@localhost>")

# Wagtail
WAGTAIL_SITE_NAME = "Conóceles"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Read API (api/): pages of up to 100 candidacies; open data (opendata/) regenerates on publish.
WAGTAILAPI_LIMIT_MAX = 100
# Any site may read the API from a browser (GET, no cookies); nothing else under CORS.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag"]
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "API de Conóceles",
    "DESCRIPTION": "API pública de solo lectura: candidaturas publicadas, catálogos, boleta, "
    "estadísticas y datos abiertos. Guía y política de versiones: docs/api.md.",
    "VERSION": "2.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v2",
    "ENUM_GENERATE_CHOICE_DESCRIPTION": True,
    "ENUM_NAME_OVERRIDES": {"TipoCoalicionEnum": "elections.models.CoalitionKind"},
    # A candidacy's fields are read-only and optional: `fields=` chooses which are sent.
    "COMPONENT_NO_READ_ONLY_REQUIRED": True,
}
OPEN_DATA_AUTO_REGENERATE = True

# Jobs run by `manage.py db_worker` from the project database (publishing/tasks.py, Wagtail's
# search index, reference index and purge tasks, moderation e-mail). TASKS_BACKEND=immediate runs
# them inside the request instead (tests, one-off scripts without a worker).
# Long bulk jobs (the open-data rebuild, imports started from the admin) go to their own queue,
# run by a worker of their own, so that a purge or a moderation e-mail never waits behind an
# export of 20,000 candidacies (docs/deployment.md, «Tareas en segundo plano»).
SLOW_TASK_QUEUE = "slow"
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("TASKS_BACKEND") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default", SLOW_TASK_QUEUE],
    }
}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: the admin would send a hash of every staff email to a third party (and the
# institute's network may block it, leaving a broken avatar). Wagtail draws its own initials.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Only real PDFs without active content enter the library (candidates/pdf.py), and every document
# downloads as an attachment, never opened inline in the site's origin.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "candidates.documents.SafePDFDocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
# Documents are served through Django so that their collection permissions are checked.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# search.backend: Spanish stemming and accent-insensitive search and autocomplete on PostgreSQL
# (the configurations come from search/migrations/0001); SQLite's FTS5 ignores both options.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "search.backend",
        "SEARCH_CONFIG": "spanish_unaccent",
        "AUTOCOMPLETE_CONFIG": "simple_unaccent",
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per background task is noise: search-index and reference-index updates.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}

# Public responses: short browser cache, longer shared (CDN) cache that publication purges.
PUBLIC_CACHE_MAX_AGE = int(os.environ.get("PUBLIC_CACHE_MAX_AGE", "60"))
PUBLIC_CACHE_S_MAXAGE = int(os.environ.get("PUBLIC_CACHE_S_MAXAGE", "600"))
# A profile's rendered HTML in the shared cache (candidates.profile_cache); 0 turns it off.
PROFILE_RENDER_CACHE_SECONDS = int(
    os.environ.get("PROFILE_RENDER_CACHE_SECONDS", str(PUBLIC_CACHE_S_MAXAGE))
)
# A candidacy card's HTML (candidates.card_cache); 0 turns it off. Every change a card shows
# (publication, withdrawal, consent, catalog, page move) forgets it at once: the lifetime only
# bounds what an unannounced change (a raw database edit) leaves.
CARD_CACHE_SECONDS = int(os.environ.get("CARD_CACHE_SECONDS", str(6 * 60 * 60)))
PUBLIC_CACHE_STALE_WHILE_REVALIDATE = int(
    os.environ.get("PUBLIC_CACHE_STALE_WHILE_REVALIDATE", "60")
)

# Front-end cache purge on publication (publishing/purge.py; docs/deployment.md, «Caché y purga»).
# Nothing set: nothing is configured and nothing is purged. FRONTEND_CACHE_PURGE_URL: one or more
# nginx/Varnish caches that accept PURGE (comma-separated, e.g. http://127.0.0.1:6081);
# FRONTEND_CACHE_CLOUDFLARE_TOKEN and _ZONE_ID: Cloudflare; FRONTEND_CACHE_HOSTNAMES: the only
# hosts to purge (default: every host; production: ALLOWED_HOSTS). Inner caches come first: a
# CDN purged before the nginx behind it would fetch the stale copy again.
WAGTAILFRONTENDCACHE = {}
for _number, _location in enumerate(env_list("FRONTEND_CACHE_PURGE_URL")):
    WAGTAILFRONTENDCACHE[f"http-{_number}"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": _location,
    }
_cloudflare = {
    "BEARER_TOKEN": os.environ.get("FRONTEND_CACHE_CLOUDFLARE_TOKEN", ""),
    "ZONEID": os.environ.get("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID", ""),
}
if any(_cloudflare.values()):
    if not all(_cloudflare.values()):
        raise ImproperlyConfigured(
            "Cloudflare purge needs both FRONTEND_CACHE_CLOUDFLARE_TOKEN and "
            "FRONTEND_CACHE_CLOUDFLARE_ZONE_ID."
        )
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        **_cloudflare,
    }
if env_list("FRONTEND_CACHE_HOSTNAMES"):
    for _backend in WAGTAILFRONTENDCACHE.values():
        _backend["HOSTNAMES"] = env_list("FRONTEND_CACHE_HOSTNAMES")
