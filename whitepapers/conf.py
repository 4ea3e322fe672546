"""The whitepapers app's settings and their defaults, read in this one place.

- `WHITEPAPERS_RATE_LIMITS` ({"ip": (20, 3600), "email": (3, 3600)}): gate submissions
  allowed per client address, and mails per target mailbox, per window of seconds; counted
  in the shared cache.
- `WHITEPAPERS_MIN_FILL_SECONDS` (3): a form sent sooner after it was shown is a bot's.
- `WHITEPAPERS_LINK_MAX_AGE_DAYS` (7): how long a mailed download link works.
- `WHITEPAPERS_ACCEL_REDIRECT_PREFIX` (""): e.g. "/protected-documents/" behind nginx: files
  are then sent by the web server (X-Accel-Redirect) instead of streamed by the app.
- `WHITEPAPERS_WEBHOOK_ALLOW_HTTP` (False): accept http:// CRM webhook URLs, for local
  development only; otherwise https only.
- `WHITEPAPERS_WEBHOOK_ALLOWED_NETWORKS` ([]): networks the CRM webhook may reach although
  they are not public, e.g. `["127.0.0.1/32"]` for a CRM on this machine in development.
- `WHITEPAPERS_VIEW_FLUSH_EVERY` (50): form views are counted in the cache; the view that
  takes a counter across a multiple of this stores it in the database (`viewcounts`).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import webhook_rules

__all__ = [
    "DEFAULT_RATE_LIMITS",
    "accel_redirect_prefix",
    "link_lifetime",
    "min_fill_seconds",
    "rate_limits",
    "view_flush_every",
    "webhook_allow_http",
    "webhook_allowed_networks",
]

DEFAULT_RATE_LIMITS = {"ip": (20, 60 * 60), "email": (3, 60 * 60)}


def rate_limits():
    """{scope: (allowed, window seconds)}: the site's limits over the defaults."""
    return {**DEFAULT_RATE_LIMITS, **getattr(settings, "WHITEPAPERS_RATE_LIMITS", {})}


def min_fill_seconds():
    return getattr(settings, "WHITEPAPERS_MIN_FILL_SECONDS", 3)


def link_lifetime():
    return timedelta(days=getattr(settings, "WHITEPAPERS_LINK_MAX_AGE_DAYS", 7))


def accel_redirect_prefix():
    return getattr(settings, "WHITEPAPERS_ACCEL_REDIRECT_PREFIX", "")


def webhook_allow_http():
    return bool(getattr(settings, "WHITEPAPERS_WEBHOOK_ALLOW_HTTP", False))


def webhook_allowed_networks():
    try:
        return webhook_rules.parse_networks(
            getattr(settings, "WHITEPAPERS_WEBHOOK_ALLOWED_NETWORKS", [])
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"WHITEPAPERS_WEBHOOK_ALLOWED_NETWORKS: {error}") from error


def view_flush_every():
    return max(1, int(getattr(settings, "WHITEPAPERS_VIEW_FLUSH_EVERY", 50)))
