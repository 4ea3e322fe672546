"""Serve anonymous readers' pages from the shared cache; everyone else gets them fresh."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from .invalidation import VERSION_KEY, current_version
from .rules import cache_key, request_is_cacheable, response_is_cacheable

__all__ = ["PageCacheMiddleware"]

logger = logging.getLogger(__name__)

DEFAULT_EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/health/", "/_util/")


class PageCacheMiddleware:
    """Full-page cache for readers without a session.

    Not Django's cache middleware: every page says `Vary: Cookie` (Wagtail's user bar reads
    the session), which would give each reader's cookies their own copy, and Django's keys
    know nothing of content versions.

    Place it below SecurityMiddleware/WhiteNoise/CSP (their headers are added to cached
    pages too) and above SessionMiddleware. The answer says `X-Page-Cache: hit`, `miss` or
    `bypass`. Settings: PAGE_CACHE_SECONDS, PAGE_CACHE_EXCLUDED_PREFIXES.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = getattr(settings, "PAGE_CACHE_SECONDS", 24 * 60 * 60)
        excluded = getattr(settings, "PAGE_CACHE_EXCLUDED_PREFIXES", DEFAULT_EXCLUDED_PREFIXES)
        cacheable = timeout and request_is_cacheable(
            request.method,
            request.path,
            request.COOKIES,
            settings.SESSION_COOKIE_NAME,
            tuple(excluded),
        )
        if not cacheable:
            return self.bypass(request)
        key = cache_key(request.get_host(), request.path, request.GET.items())
        # One round trip for the content version and the page; the page counts only if it
        # was rendered for the current version.
        found = cache.get_many([VERSION_KEY, key])
        version = current_version(found.get(VERSION_KEY))
        if version is None:
            return self.bypass(request)
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            return self.from_entry(entry)
        request.pagecache_version = version  # fragments of this render read no other
        response = self.get_response(request)
        if request.method == "GET" and response_is_cacheable(
            response.status_code,
            response.streaming,
            bool(response.cookies),
            response.get("Cache-Control", ""),
            request.META.get("CSRF_COOKIE_USED", False),
        ):
            cache.set(key, self.to_entry(version, response), timeout)
            response["X-Page-Cache"] = "miss"
        else:
            response["X-Page-Cache"] = "bypass"
        return response

    def bypass(self, request):
        response = self.get_response(request)
        response["X-Page-Cache"] = "bypass"
        return response

    @staticmethod
    def to_entry(version, response):
        headers = [(name, value) for name, value in response.items() if name != "Set-Cookie"]
        return (version, response.status_code, headers, response.content)

    @staticmethod
    def from_entry(entry):
        _, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
