"""Views of the project itself: the health check and the error pages.

Django's own error views are wrapped in `requires_csrf_token`, which reads a POST body again
to look for the token. When that body is what made the request bad (a form sent as
`charset=latin-1`, a broken multipart body, too many fields), reading it raises again and the
reader gets a 500 instead of a 400. Ours never look at the body.
"""

import sys
import uuid

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from wagtail.models import Site

__all__ = [
    "bad_request",
    "health",
    "page_not_found",
    "permission_denied",
    "robots_txt",
    "server_error",
]


@never_cache
def health(request):
    """200 when the database and the cache answer, 503 naming what does not (for load
    balancers and monitoring)."""
    checks = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        checks["database"] = "unavailable"
    probe = uuid.uuid4().hex
    # The cache degrades silently (config/cache.py), so check that a value comes back.
    cache.set("health:probe", probe, timeout=10)
    if cache.get("health:probe") != probe:
        checks["cache"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", **checks}, status=200 if healthy else 503
    )


def robots_txt(request):
    """robots.txt naming the sitemap at the site's own address (not the Host a client sent:
    the answer is cached per site)."""
    site = Site.find_for_request(request)
    sitemap_url = (site.root_url if site else "") + reverse("sitemap")
    content = loader.render_to_string("robots.txt", {"sitemap_url": sitemap_url})
    return HttpResponse(content, content_type="text/plain")


def _standalone_page(template, status):
    # No request context: a request that is malformed (or a database that is down) must not
    # be needed to explain that it is.
    return HttpResponse(loader.get_template(template).render(), status=status)


def bad_request(request, exception):
    return _standalone_page("400.html", 400)


def permission_denied(request, exception):
    return _standalone_page("403.html", 403)


def page_not_found(request, exception):
    """The site's own 404 page, in its layout (header, search, sidebar)."""
    return HttpResponse(loader.render_to_string("404.html", request=request), status=404)


def server_error(request):
    """The 500 page; when the database cannot be reached, a 503 readers may retry shortly.
    (Other database errors, such as a violated constraint, are bugs and stay 500s.)"""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = _standalone_page("503.html", 503)
        response["Retry-After"] = "10"
        return response
    return _standalone_page("500.html", 500)
