"""Wagtail's sign-in form, telling a locked-out person why they cannot sign in."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext, ngettext
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from .attempts import lockout_minutes

__all__ = ["LOCKED_OUT", "LoginForm", "lockout_message"]

LOCKED_OUT = "locked_out"


def lockout_message():
    """What a locked-out person reads, with the configured cool-off."""
    minutes = lockout_minutes()
    if minutes is None:
        return gettext("Too many failed sign-ins. Ask an administrator to unlock your account.")
    return ngettext(
        "Too many failed sign-ins. Try again in %(minutes)d minute or ask an administrator "
        "to unlock your account.",
        "Too many failed sign-ins. Try again in %(minutes)d minutes or ask an administrator "
        "to unlock your account.",
        minutes,
    ) % {"minutes": minutes}


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form (WAGTAILADMIN_USER_LOGIN_FORM); when django-axes refused the
    sign-in, its error is the lockout message instead of "didn't match".

    A project with its own sign-in form subclasses this one to keep the message.
    """

    def get_invalid_login_error(self):
        # django-axes flags the request when this failure, or an earlier one, locked it out.
        if getattr(self.request, "axes_locked_out", False):
            return forms.ValidationError(lockout_message(), code=LOCKED_OUT)
        return super().get_invalid_login_error()

    def is_locked_out(self):
        """Whether this bound form was refused because of a lockout."""
        return self.is_bound and self.has_error(NON_FIELD_ERRORS, code=LOCKED_OUT)
