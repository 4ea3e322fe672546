"""The lockout page a refused sign-in gets, and the superusers' page of lockouts.

Both are reached through Wagtail's admin: `lockout_response` is django-axes'
AXES_LOCKOUT_CALLABLE, `LockoutsView` and `UnlockView` are routed by `accounts.viewsets`.
"""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .attempts import lockout_minutes, lockouts_on_record, unlock
from .forms import LoginForm, lockout_message
from .lockouts import ADDRESS, USERNAME

__all__ = ["LockoutsView", "SuperusersOnlyMixin", "UnlockView", "lockout_response"]

logger = logging.getLogger(__name__)

TOO_MANY_REQUESTS = 429


def lockout_response(request, original_response=None, credentials=None):
    """Answer a locked-out sign-in with Wagtail's sign-in page and its lockout message, as
    429 Too Many Requests (django-axes' AXES_LOCKOUT_CALLABLE).

    The sign-in view has already rendered that page (`accounts.forms.LoginForm` puts the
    message where Wagtail shows errors); only the status changes, and `Retry-After` says when
    the lockout ends. Anything else that asked
    django-axes to authenticate gets a page of its own in the admin's layout.
    """
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if isinstance(form, LoginForm) and form.is_locked_out():
        response = original_response
        response.status_code = TOO_MANY_REQUESTS
    else:
        response = TemplateResponse(
            request,
            "accounts/locked_out.html",
            {"message": lockout_message()},
            status=TOO_MANY_REQUESTS,
        )
    if (minutes := lockout_minutes()) is not None:
        response["Retry-After"] = str(minutes * 60)
    return response


class SuperusersOnlyMixin:
    """Only superusers get in; everyone else signed in to the admin gets a 403 page.

    (Raising PermissionDenied would make Wagtail redirect to the dashboard instead.)
    """

    forbidden_template_name = "accounts/forbidden.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            return TemplateResponse(
                request,
                self.forbidden_template_name,
                {"page_title": _("Permission denied"), "header_icon": "lock"},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


class LockoutsView(SuperusersOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Usernames and client addresses locked out now, each with an "Unlock" button."""

    template_name = "accounts/lockouts.html"
    page_title = _("Sign-in lockouts")
    header_icon = "lock"
    unlock_url_name = None

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lockouts = lockouts_on_record()
        context.update(
            username_lockouts=[lock for lock in lockouts if lock.kind == USERNAME],
            address_lockouts=[lock for lock in lockouts if lock.kind == ADDRESS],
            cool_off_minutes=lockout_minutes(),
            unlock_url_name=self.unlock_url_name,
        )
        return context


class UnlockView(SuperusersOnlyMixin, View):
    """POST `kind` ("username" or "address") and `value`: forgets those failures, then back
    to the list with a message. Nothing changes for anything else."""

    http_method_names = ["post"]
    index_url_name = None

    def clean(self, kind, value):
        if kind not in (USERNAME, ADDRESS) or not value:
            raise ValidationError("Nothing to unlock")
        if kind == ADDRESS:
            validate_ipv46_address(value)

    def post(self, request):
        kind = request.POST.get("kind", "")
        value = request.POST.get("value", "").strip()
        try:
            self.clean(kind, value)
        except ValidationError:
            messages.error(request, gettext("Nothing was unlocked: the request was incomplete."))
            return redirect(self.index_url_name)
        unlock(kind, value)
        logger.warning("Sign-in lockout of %s %s lifted by %s", kind, value, request.user)
        if kind == USERNAME:
            text = gettext("%(username)s can sign in again.") % {"username": value}
        else:
            text = gettext("Sign-ins from %(address)s are allowed again.") % {"address": value}
        messages.success(request, text)
        return redirect(self.index_url_name)
