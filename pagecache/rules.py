"""Which requests and responses the full-page cache may keep, and under which key.

Plain Python over plain values, so the rules read (and are tested) on their own.

A copy of a page is keyed by the scheme, the Wagtail site that answered (never the raw Host
header) and the path, plus only the query parameters the page read while it was rendered,
with the values the request had (`varied_parameters`). Parameters nothing reads (utm_*,
fbclid, a `?page=` on a post) never split the cache, and a value a page refuses (an
out-of-range `?page=`) gives a 404, which is not kept: the number of copies is at most the
pages times the values each really answers, whatever readers send.
"""

import hashlib
from urllib.parse import urlencode

__all__ = [
    "EVERY_PARAMETER",
    "page_key",
    "request_is_cacheable",
    "response_is_cacheable",
    "site_for",
    "varied_parameters",
]

UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")
# What a page read when it looked at the whole query string (iterated it, printed the URL).
EVERY_PARAMETER = "*"


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


def varied_parameters(read, query):
    """The query parameters a copy of the page is keyed on: those the page `read` that the
    request has, with the request's values, sorted. `query` maps a name to its values.

    None when the page read the whole query string (EVERY_PARAMETER) and the request has
    one: such a copy is not kept.
    """
    if read == EVERY_PARAMETER:
        return () if not query else None
    return tuple(sorted((name, tuple(values)) for name, values in query.items() if name in read))


def page_key(scheme, site, path, parameters=()):
    """The key of one copy of a page; its entry says which content version it was made for."""
    query = urlencode([(name, value) for name, values in parameters for value in values])
    url = f"{scheme}\x00{site}\x00{path}?{query}"
    return f"pagecache:page:{hashlib.sha256(url.encode()).hexdigest()}"


# Wagtail's preference when choosing a site for a request (`wagtail.models.sites`).
_EXACT, _HOSTNAME_AND_DEFAULT, _DEFAULT, _HOSTNAME = range(4)


def site_for(hostname, port, sites):
    """The site Wagtail's `Site.find_for_request` picks for `hostname` and `port`, or None.

    `sites` are (key, hostname, port, is_default) rows. A hostname and port that match
    exactly win, then the hostname of the default site, then the default site (or the
    only other site with that hostname), as Wagtail decides.
    """
    ranked = []
    for key, site_hostname, site_port, is_default in sites:
        if site_hostname == hostname and site_port == port:
            ranked.append((_EXACT, key))
        elif site_hostname == hostname and is_default:
            ranked.append((_HOSTNAME_AND_DEFAULT, key))
        elif is_default:
            ranked.append((_DEFAULT, key))
        elif site_hostname == hostname:
            ranked.append((_HOSTNAME, key))
    ranked.sort(key=lambda match: match[0])
    if not ranked:
        return None
    if len(ranked) == 1 or ranked[0][0] in (_EXACT, _HOSTNAME_AND_DEFAULT):
        return ranked[0][1]
    if ranked[0][0] == _DEFAULT:
        # The default site, unless exactly one other site has this hostname.
        return ranked[1][1] if len(ranked) == 2 else ranked[0][1]
    return None
