"""The whitepapers app's settings and their defaults, read in this one place.

- `WHITEPAPERS_WEBHOOK_ALLOW_HTTP` (False): accept http:// CRM webhook URLs, for local
  development only; otherwise https only.
- `WHITEPAPERS_WEBHOOK_ALLOWED_NETWORKS` ([]): networks the CRM webhook may reach although
  they are not public, e.g. `["127.0.0.1/32"]` for a CRM on this machine in development.
- `WHITEPAPERS_VIEW_FLUSH_EVERY` (50): form views are counted in the cache; the view that
  takes a counter across a multiple of this stores it in the database (`viewcounts`).
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import webhook_rules

__all__ = ["view_flush_every", "webhook_allow_http", "webhook_allowed_networks"]


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
