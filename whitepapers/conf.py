"""The whitepapers app's settings and their defaults, read in this one place.

- `WHITEPAPERS_WEBHOOK_ALLOW_HTTP` (False): accept http:// CRM webhook URLs, for local
  development only; otherwise https only.
- `WHITEPAPERS_WEBHOOK_ALLOWED_NETWORKS` ([]): networks the CRM webhook may reach although
  they are not public, e.g. `["127.0.0.1/32"]` for a CRM on this machine in development.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import webhook_rules

__all__ = ["webhook_allow_http", "webhook_allowed_networks"]


def webhook_allow_http():
    return bool(getattr(settings, "WHITEPAPERS_WEBHOOK_ALLOW_HTTP", False))


def webhook_allowed_networks():
    try:
        return webhook_rules.parse_networks(
            getattr(settings, "WHITEPAPERS_WEBHOOK_ALLOWED_NETWORKS", [])
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"WHITEPAPERS_WEBHOOK_ALLOWED_NETWORKS: {error}") from error
