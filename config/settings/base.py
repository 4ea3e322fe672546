"""Settings shared by every environment, read from the environment (12-factor).

Every variable read here is documented in README.md ("Configuration").
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from config.email_url import EmailURLError, email_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()


def _from_environment(name, cast):
    """Set a plugin's setting only when the environment names it: each plugin keeps its
    defaults in its own conf.py, and an unset variable leaves them alone."""
    if name in os.environ:
        globals()[name] = cast(name)


DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see README, 'Configuration')."
        )
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Our own reverse proxies and load balancers (addresses or networks): behind them the client's
# address is read from X-Forwarded-For (config/proxies.py). Empty: REMOTE_ADDR as it comes.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

INSTALLED_APPS = [
    "blog",
    # The glossary before related posts: a publish records the terms a post mentions before
    # related posts read them.
    "glossary",
    "related",
    "whitepapers",
    "pagecache",
    "accounts",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "django_tasks_db",
    "taggit",
    "csp",  # its system checks catch settings django-csp 4 no longer reads
    "django_filters",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    # First: everything below keys on the client's address (REMOTE_ADDR).
    "config.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above the page cache: cached pages are stored without these headers and get them here.
    "config.middleware.ContentSecurityPolicyMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out usernames and addresses before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "wagtail.contrib.settings.context_processors.settings",
                "blog.context_processors.blog_index",
            ],
        },
    },
]

# Databases: SQLite under var/ unless DATABASE_URL says otherwise
# (postgres://user:password@host:5432/name uses psycopg 3).
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # An editor's browser sends requests in parallel (autosave beside Publish, choosers,
    # previews). WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock
    # when a transaction begins, so two transactions never deadlock upgrading a read lock (which
    # SQLite answers at once with "database is locked"); the timeout lets writers queue.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
# A connection that died with a database restart is replaced instead of failing requests.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: local memory unless CACHE_URL says otherwise (redis://127.0.0.1:6379/1).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Redis down must not take the site down: see config/cache.py.
    CACHES["default"]["BACKEND"] = "config.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=0.5, socket_timeout=0.5, retry_on_timeout=False
    )
# A CDN or Varnish in front: Wagtail purges a page's URLs there when it is published or
# unpublished (wagtail.contrib.frontend_cache). FRONTEND_CACHE_PURGE_URL is an HTTP purge
# endpoint (Varnish, nginx); CLOUDFLARE_BEARER_TOKEN with CLOUDFLARE_ZONE_ID uses Cloudflare.
WAGTAILFRONTENDCACHE = {}
if purge_url := env.str("FRONTEND_CACHE_PURGE_URL", default=""):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": purge_url,
    }
if cloudflare_token := env.str("CLOUDFLARE_BEARER_TOKEN", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": cloudflare_token,
        "ZONEID": env.str("CLOUDFLARE_ZONE_ID"),
    }
# Full pages for anonymous readers, kept until content changes (pagecache/conf.py):
# PAGE_CACHE_SECONDS (0 turns the cache off) and PAGE_CACHE_EXCLUDED_PREFIXES.
_from_environment("PAGE_CACHE_SECONDS", env.int)
_from_environment("PAGE_CACHE_EXCLUDED_PREFIXES", env.list)

# E-mail: printed to the console unless EMAIL_URL says otherwise
# (smtp://user:password@host:587/?tls=true, or filemail:///path/to/dir): config/email_url.py.
try:
    vars().update(email_settings(env.str("EMAIL_URL", default="consolemail://")))
except EmailURLError as error:
    raise ImproperlyConfigured(str(error)) from None
# Below the gate's delivery claim (120 s): a hanging mail server never causes a second send.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="blog@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Uploaded images served by the app itself (config/media.py), where no web server or bucket
# does: the demo and development. Never documents.
SERVE_IMAGE_MEDIA = env.bool("SERVE_IMAGE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Large StreamField pages post many fields at once in the editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Wagtail
WAGTAIL_SITE_NAME = env.str("WAGTAIL_SITE_NAME", default="*umBlog")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# One time zone in the admin, the site's: users cannot pick their own, so a time reads the same
# on every screen, export and mail (a consent record must not contradict itself).
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
# Every document goes through Wagtail's view, so the whitepapers app can refuse its files.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from Gravatar: the admin makes no requests to third parties.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True
TAGGIT_CASE_INSENSITIVE = True

# Background work: search and reference index, related posts, whitepaper mails and CRM posts
# (production: TASKS_BACKEND=django_tasks_db.DatabaseBackend and `manage.py db_worker`).
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}


# --- How the blog connects its posts to the plugins (each plugin's conf.py documents them) ---
# Glossary: the pages whose text mentions terms, and the fields that hold that text.
GLOSSARY_PAGE_MODELS = {"blog.BlogPage": ["title", "teaser", "body"]}
# Related posts: the post model (its fields are the defaults of related/conf.py) and the
# glossary terms each post mentions, a signal of the scoring.
RELATED_POSTS_MODEL = "blog.BlogPage"
RELATED_POSTS_SHARED_TERMS = "blog.signals.glossary_terms_of"


def _rate_limit(name):
    count, seconds = env.str(name).split("/")
    return int(count), int(seconds)


# Whitepaper gate (whitepapers/conf.py): requests per client address and mails per mailbox
# ("count/seconds", counted in the shared cache), the least seconds a person needs to fill in
# the form, how long a download link lasts, nginx sending the files, how often form views are
# written from the cache to the database, and a CRM on this machine for local development
# (WHITEPAPERS_WEBHOOK_ALLOW_HTTP=true WHITEPAPERS_WEBHOOK_ALLOWED_NETWORKS=127.0.0.1/32).
WHITEPAPERS_RATE_LIMITS = {
    scope: _rate_limit(name)
    for scope, name in (
        ("ip", "WHITEPAPERS_RATE_LIMIT_PER_IP"),
        ("email", "WHITEPAPERS_RATE_LIMIT_PER_EMAIL"),
    )
    if name in os.environ
}
_from_environment("WHITEPAPERS_MIN_FILL_SECONDS", env.int)
_from_environment("WHITEPAPERS_LINK_MAX_AGE_DAYS", env.int)
_from_environment("WHITEPAPERS_ACCEL_REDIRECT_PREFIX", env.str)
_from_environment("WHITEPAPERS_VIEW_FLUSH_EVERY", env.int)
_from_environment("WHITEPAPERS_WEBHOOK_ALLOW_HTTP", env.bool)
_from_environment("WHITEPAPERS_WEBHOOK_ALLOWED_NETWORKS", env.list)


# --- Sign-in protection (accounts/, django-axes) ---------------------------------------------
# A username is locked after ADMIN_LOGIN_FAILURE_LIMIT failed sign-ins from any addresses, and
# a client address after as many for any usernames, each counted on its own, until
# ADMIN_LOGIN_COOLOFF_MINUTES have passed since the last failure (0: until an administrator
# unlocks). Failures are kept in the database, so every app server sees the same counts.
ADMIN_LOGIN_FAILURE_LIMIT = env.int("ADMIN_LOGIN_FAILURE_LIMIT", default=5)
ADMIN_LOGIN_COOLOFF_MINUTES = env.int("ADMIN_LOGIN_COOLOFF_MINUTES", default=15)
if ADMIN_LOGIN_FAILURE_LIMIT < 1 or ADMIN_LOGIN_COOLOFF_MINUTES < 0:
    raise ImproperlyConfigured(
        "ADMIN_LOGIN_FAILURE_LIMIT must be 1 or more and ADMIN_LOGIN_COOLOFF_MINUTES 0 or more "
        "(see README, 'Configuration')."
    )
AXES_FAILURE_LIMIT = ADMIN_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=ADMIN_LOGIN_COOLOFF_MINUTES) or None
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own, not the pair
# REMOTE_ADDR only: a client can send any X-Forwarded-For. Behind our own proxies
# TrustedProxyMiddleware has put the client's address there (TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "accounts.attempts.client_address"
# A successful sign-in clears that username's failures, and only those (accounts.attempts).
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "accounts.attempts.SignInAttemptHandler"
# Every try during a lockout starts the cool-off again, so "try again in N minutes" holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
# Wagtail's sign-in page with the lockout message, answered as 429 Too Many Requests.
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.LoginForm"
# No table of every successful sign-in (personal data we do not use); no Django admin here.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False


# --- Security headers ------------------------------------------------------------------------
# Content-Security-Policy (django-csp, through config/middleware.py). The public site runs no
# inline script or style and no nonces: pages come from a shared full-page cache, where a
# per-request nonce would be stored and reused. JSON-LD blocks are data and need no allowance.
_SELF, _NONE = "'self'", "'none'"
# oEmbed players that posts may embed (wagtail.embeds).
CSP_EMBED_FRAME_SOURCES = [
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "frame-src": CSP_EMBED_FRAME_SOURCES,
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
    },
}
# Wagtail 8's admin (behind a login, never in the page cache) needs more, as Chromium shows
# under the strict policy: inline <script> in its templates (explorer, listings, page editor)
# and in the HTML its modals load, <style> elements its vendor.js injects, blob: thumbnails
# of images being uploaded, and the preview panel framing our own pages.
CONTENT_SECURITY_POLICY_BY_PREFIX = {
    "/admin/": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [_SELF, "'unsafe-inline'"],
        "style-src": [_SELF, "'unsafe-inline'"],
        "img-src": [_SELF, "data:", "blob:"],
        "frame-src": [_SELF, *CSP_EMBED_FRAME_SOURCES],
        "frame-ancestors": [_SELF],
    },
}
# Powerful features nobody here uses, off for our pages and every frame in them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "hid",
        "midi",
        "magnetometer",
        "display-capture",
    )
}
# Other sites learn our origin, never a page's path and query.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
