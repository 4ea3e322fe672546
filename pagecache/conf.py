"""The page cache's settings and their defaults, read in this one place.

- `PAGE_CACHE_SECONDS` (default one day): how long a page or fragment is kept at most; any
  change retires it sooner. 0 turns the page cache and fragments off.
- `PAGE_CACHE_EXCLUDED_PREFIXES`: paths never served from the cache.
"""

from django.conf import settings

__all__ = [
    "DEFAULT_EXCLUDED_PREFIXES",
    "DEFAULT_SECONDS",
    "excluded_prefixes",
    "page_cache_seconds",
]

DEFAULT_SECONDS = 24 * 60 * 60
DEFAULT_EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/health/", "/_util/")


def page_cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", DEFAULT_SECONDS)


def excluded_prefixes():
    return tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PREFIXES", DEFAULT_EXCLUDED_PREFIXES))
