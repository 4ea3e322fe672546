"""Which requests and responses the full-page cache may keep, and under which key.

Plain Python over plain values, so the rules read (and are tested) on their own.
"""

import hashlib
from urllib.parse import urlencode

__all__ = [
    "CACHED_QUERY_PARAMETERS",
    "cache_key",
    "request_is_cacheable",
    "response_is_cacheable",
]

# The only query parameters our cached pages read; any other (utm_*, fbclid, …) leaves the
# page as it is and must not split the cache.
CACHED_QUERY_PARAMETERS = ("page", "q")
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")


def request_is_cacheable(method, path, cookies, session_cookie_name, excluded_prefixes):
    """GET/HEAD from a reader without a session (no editor, no one logged in), outside the
    admin and the other excluded paths."""
    return (
        method in ("GET", "HEAD")
        and session_cookie_name not in cookies
        and not any(path.startswith(prefix) for prefix in excluded_prefixes)
    )


def response_is_cacheable(status, streaming, sets_cookies, cache_control, csrf_used):
    """A complete 200 that is the same for every reader: no cookies set, no CSRF token in
    it, and not marked private by the view."""
    directives = {part.strip().split("=")[0].lower() for part in cache_control.split(",")}
    return (
        status == 200
        and not streaming
        and not sets_cookies
        and not csrf_used
        and not directives.intersection(UNCACHEABLE_DIRECTIVES)
    )


def cache_key(host, path, query_items):
    """The key of one page; its entry says which content version it was rendered for."""
    kept = sorted((k, v) for k, v in query_items if k in CACHED_QUERY_PARAMETERS)
    url = f"{host}{path}?{urlencode(kept)}"
    return f"pagecache:page:{hashlib.sha256(url.encode()).hexdigest()}"
