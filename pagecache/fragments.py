"""Parts of pages kept in the cache for one content version: a full-page miss (a logged-in
editor, a new version) still skips the queries of a post's body and sidebar."""

import hashlib

from django.core.cache import cache
from wagtail.models import Site

from .conf import page_cache_seconds
from .invalidation import current_version

__all__ = ["cached_fragment"]


def cached_fragment(request, name, parts, build):
    """`build()` cached under this content version for the request's site; previews always
    build afresh, and nothing is kept while the page cache is off (PAGE_CACHE_SECONDS=0)."""
    seconds = page_cache_seconds()
    if request is None or getattr(request, "is_preview", False) or not seconds:
        return build()
    # One lookup per request: the middleware or the first fragment remembers the version.
    version = getattr(request, "pagecache_version", None) or current_version()
    if version is None:
        return build()
    request.pagecache_version = version
    # Wagtail has found the site already while routing the request (it keeps it there).
    site = Site.find_for_request(request)
    parts = (site.pk if site else None, *parts)
    digest = hashlib.sha256("\x00".join(str(part) for part in parts).encode()).hexdigest()
    key = f"pagecache:fragment:{version}:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds)
    return value
