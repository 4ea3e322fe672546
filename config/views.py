"""Views of the project itself: the health check and the answer when the database is down."""

import sys
import uuid

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache

__all__ = ["health", "server_error"]


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


def server_error(request):
    """The 500 page; when the database cannot be reached, a 503 readers may retry shortly.
    (Other database errors, such as a violated constraint, are bugs and stay 500s.)"""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(
            loader.get_template("503.html").render(), status=503, content_type="text/html"
        )
        response["Retry-After"] = "10"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
