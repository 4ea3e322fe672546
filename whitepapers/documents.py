"""Whitepaper files are never served by Wagtail's document URL to the public.

With `WAGTAILDOCS_SERVE_METHOD = "serve_view"` every document goes through Wagtail's view,
which asks `before_serve_document` first: a whitepaper's file answers 403 unless the user may
change documents in the admin. Readers get it only through a signed link.
"""

from django.http import HttpResponseForbidden
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from .models import WhitepaperPage, document_is_protected

__all__ = ["is_whitepaper_file", "refuse_whitepaper_files"]


def is_whitepaper_file(document):
    """A document any whitepaper uses (draft or live), or kept in a private collection."""
    return WhitepaperPage.objects.filter(document=document).exists() or document_is_protected(
        document
    )


@hooks.register("before_serve_document")
def refuse_whitepaper_files(document, request):
    if not isinstance(document, get_document_model()) or not is_whitepaper_file(document):
        return None
    user = request.user
    policy = policy_registry.get_by_type(type(document))
    if user.is_authenticated and policy.user_has_permission_for_instance(user, "change", document):
        return None
    return HttpResponseForbidden(
        "This file is available through its whitepaper's download form.",
        content_type="text/plain",
    )
