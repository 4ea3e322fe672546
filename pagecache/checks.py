"""System checks: where the page cache's middleware must sit (`manage.py check`)."""

from django.conf import settings
from django.core.checks import Error, register

MIDDLEWARE = "pagecache.middleware.PageCacheMiddleware"
SESSIONS = "django.contrib.sessions.middleware.SessionMiddleware"
AUTH = "django.contrib.auth.middleware.AuthenticationMiddleware"


@register()
def check_middleware_order(app_configs, **kwargs):
    middleware = list(settings.MIDDLEWARE)
    if MIDDLEWARE not in middleware:
        return [
            Error(
                f"{MIDDLEWARE} is not in MIDDLEWARE: pages are never cached.",
                hint="Add it below SecurityMiddleware and above SessionMiddleware.",
                id="pagecache.E001",
            )
        ]
    position = middleware.index(MIDDLEWARE)
    later = [name for name in (SESSIONS, AUTH) if name in middleware[:position]]
    if later:
        return [
            Error(
                f"{MIDDLEWARE} must come before {', '.join(later)}: a cached page would "
                "otherwise carry (or skip) what those add for one reader.",
                hint="Move it above SessionMiddleware.",
                id="pagecache.E002",
            )
        ]
    return []
