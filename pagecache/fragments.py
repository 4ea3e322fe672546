"""Parts of pages kept in the cache for one content version: a full-page miss (a logged-in
editor, a new version) still skips the queries of a post's body and sidebar."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from .invalidation import current_version

__all__ = ["cached_fragment"]

FRAGMENT_SECONDS = 24 * 60 * 60


def cached_fragment(request, name, parts, build):
    """`build()` cached under this content version; previews always build afresh, and
    nothing is kept while the page cache is off (PAGE_CACHE_SECONDS=0)."""
    if (
        request is None
        or getattr(request, "is_preview", False)
        or not getattr(settings, "PAGE_CACHE_SECONDS", 1)
    ):
        return build()
    # One lookup per request: the middleware or the first fragment remembers the version.
    version = getattr(request, "pagecache_version", None) or current_version()
    if version is None:
        return build()
    request.pagecache_version = version
    digest = hashlib.sha256("\x00".join(str(part) for part in parts).encode()).hexdigest()
    key = f"pagecache:fragment:{version}:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, FRAGMENT_SECONDS)
    return value
