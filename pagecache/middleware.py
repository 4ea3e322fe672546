"""Serve anonymous readers' pages from the shared cache; everyone else gets them fresh."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.http.request import split_domain_port

from .conf import excluded_prefixes, page_cache_seconds
from .invalidation import VERSION_KEY, current_version
from .reads import track_query_reads
from .rules import (
    page_key,
    request_is_cacheable,
    response_is_cacheable,
    site_for,
    varied_parameters,
)

__all__ = ["PageCacheMiddleware"]

logger = logging.getLogger(__name__)


class SiteRows:
    """The sites' (id, hostname, port, is_default) rows, read again only when the content
    version changes (any change to a site starts a new one): finding a request's site costs
    no query."""

    def __init__(self):
        self.version = None
        self.rows = None

    def rows_for(self, version=None):
        """The rows, read again if `version` is newer than the one they were read for."""
        if self.rows is None or (version is not None and version != self.version):
            from wagtail.models import Site

            try:
                rows = Site.objects.values_list("pk", "hostname", "port", "is_default_site")
                self.rows, self.version = list(rows), version
            except DatabaseError:
                # The database is down: keep the rows we had, so cached pages are still served.
                logger.warning("Sites unreadable; keeping the %s known.", len(self.rows or ()))
        return self.rows or ()


class PageCacheMiddleware:
    """Full-page cache for readers without a session.

    Not Django's cache middleware: every page says `Vary: Cookie` (Wagtail's user bar reads
    the session), which would give each reader's cookies their own copy, and Django's keys
    know nothing of content versions, sites, or which query parameters a page reads.

    A page is kept per scheme, Wagtail site and path, and per value of the query parameters
    it read while rendering (`request.GET` notes them; see `pagecache.rules`). Place it below
    SecurityMiddleware/WhiteNoise/CSP (their headers are added to cached pages too) and above
    SessionMiddleware. The answer says `X-Page-Cache: hit`, `miss` or `bypass`. Settings:
    PAGE_CACHE_SECONDS, PAGE_CACHE_EXCLUDED_PREFIXES.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.sites = SiteRows()

    def __call__(self, request):
        timeout = page_cache_seconds()
        # A Wagtail preview passes a dummy request for the page's own URL through the stack:
        # it must show the draft, never a reader's copy, and leave none behind.
        cacheable = (
            timeout
            and not getattr(request, "is_dummy", False)
            and request_is_cacheable(
                request.method,
                request.path,
                request.COOKIES,
                settings.SESSION_COOKIE_NAME,
                excluded_prefixes(),
            )
        )
        if not cacheable:
            return self.bypass(request)
        query = {name: request.GET.getlist(name) for name in request.GET}
        # The host is checked against ALLOWED_HOSTS here (DisallowedHost is a 400); the site
        # is chosen by hostname and the server's port, as Wagtail chooses it.
        hostname, port = split_domain_port(request.get_host())[0], int(request.get_port())
        site = site_for(hostname, port, self.sites.rows_for())
        keys = self.keys(request, site, query)
        # One round trip for the content version and the page: as a page that reads no
        # parameter, and as one keyed on exactly the request's parameters.
        found = cache.get_many([VERSION_KEY, *keys])
        version = current_version(found.get(VERSION_KEY))
        if version is None:
            return self.bypass(request)
        if version != self.sites.version:
            # A new version may come with changed sites: the first request after it checks.
            fresh_site = site_for(hostname, port, self.sites.rows_for(version))
            if fresh_site != site:
                site, found = fresh_site, {}
        base, exact = (found.get(key) for key in keys)
        if exact is not None and exact[0] == version:
            return self.from_entry(exact)
        if base is not None and base[0] == version and varied_parameters(base[4], query) == ():
            return self.from_entry(base)
        return self.render(request, timeout, version, site, query)

    @staticmethod
    def keys(request, site, query):
        """(key without parameters, key with all the request's parameters)."""
        return (
            page_key(request.scheme, site, request.path),
            page_key(request.scheme, site, request.path, varied_parameters(set(query), query)),
        )

    def render(self, request, timeout, version, site, query):
        request.pagecache_version = version  # fragments of this render read no other
        reads = track_query_reads(request)
        response = self.get_response(request)
        parameters = varied_parameters(reads.read, query)
        if (
            request.method == "GET"
            and parameters is not None
            and response_is_cacheable(
                response.status_code,
                response.streaming,
                bool(response.cookies),
                response.get("Cache-Control", ""),
                request.META.get("CSRF_COOKIE_USED", False),
            )
        ):
            key = page_key(request.scheme, site, request.path, parameters)
            cache.set(key, self.to_entry(version, response, reads.read), timeout)
            response["X-Page-Cache"] = "miss"
        else:
            response["X-Page-Cache"] = "bypass"
        return response

    def bypass(self, request):
        response = self.get_response(request)
        response["X-Page-Cache"] = "bypass"
        return response

    @staticmethod
    def to_entry(version, response, read):
        headers = [(name, value) for name, value in response.items() if name != "Set-Cookie"]
        read = read if isinstance(read, str) else tuple(sorted(read))
        return (version, response.status_code, headers, response.content, read)

    @staticmethod
    def from_entry(entry):
        _, status, headers, content, _ = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
