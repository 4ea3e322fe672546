"""A stranger's settings with our plugins, written the way README.md tells ("Use the plugins
in your own Wagtail site"): `wagtail start` made everything else.

The test copies this file into the new site beside its generated `dev.py` and runs the site
with DJANGO_SETTINGS_MODULE=strangersite.settings.plugins.
"""

from .dev import *  # noqa: F403

# The plugins, and the Wagtail contrib apps they build on. The glossary before related
# posts: a publish records the terms a post mentions before related posts read them.
INSTALLED_APPS = [
    "glossary",
    "related",
    "whitepapers",
    "pagecache",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    *INSTALLED_APPS,  # noqa: F405
]

# The full-page cache: below SecurityMiddleware, above SessionMiddleware.
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
    "pagecache.middleware.PageCacheMiddleware",
)

# Every document goes through Wagtail's view, so the gate can refuse whitepaper files.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Which pages mention glossary terms, and the fields that hold their text.
GLOSSARY_PAGE_MODELS = {"home.ArticlePage": ["title", "teaser", "body"]}

# The post model of related posts; its fields where they differ from the defaults.
RELATED_POSTS_MODEL = "home.ArticlePage"
RELATED_POSTS_FIELDS = {"categories": None, "image": None}
RELATED_POSTS_SHARED_TERMS = "glossary.mentions.terms_mentioned_by"

# For this check only: mails stay in memory where the script reads them, and the script may
# send the gate's form the moment it has read it.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITEPAPERS_MIN_FILL_SECONDS = 0
