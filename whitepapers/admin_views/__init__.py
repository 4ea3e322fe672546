"""Marketing's admin views: leads, consent texts, deliveries and figures.

`whitepapers.viewsets` routes them. Shared here: refusals answer 403 (Wagtail's admin would
redirect to the dashboard), inspect views show readable values, and every time shows in the
site's time zone with the zone named (`whitepapers.times`).
"""

import datetime
import functools

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from wagtail.admin.ui.tables import Column

from ..times import format_site_time

__all__ = ["ReadableInspectMixin", "SiteTimeColumn", "forbidden_as_403"]

FORBIDDEN_TEMPLATE = "whitepapers/admin/forbidden.html"


def forbidden_as_403(view):
    """Wrap an admin view so that a refusal is a 403 page, not a redirect to the dashboard.

    Wagtail's `require_admin_access` turns `PermissionDenied` into that redirect; catching it
    inside keeps anonymous users' redirect to the login intact.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return TemplateResponse(
                request,
                FORBIDDEN_TEMPLATE,
                {"page_title": "Permission denied", "header_icon": "lock"},
                status=403,
            )

    return wrapped


class SiteTimeColumn(Column):
    """A listing column with an instant in the site's time zone, the zone named; a dash when
    there is none (the accessor may return None, e.g. no next attempt for a sent delivery)."""

    empty_display = "—"

    def get_value(self, instance):
        return format_site_time(super().get_value(instance)) or self.empty_display


class ReadableInspectMixin:
    """For `InspectView`s: yes/no for booleans, times in the site's time zone, a dash for
    empty values, and labels for annotations (`extra_labels = {"lead_count": "Leads who
    agreed"}`)."""

    extra_labels = {}
    empty_display = "—"

    def get_field_label(self, field_name, field):
        if field_name in self.extra_labels:
            return self.extra_labels[field_name]
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return format_site_time(value)
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if value is None or value == "":
            return self.empty_display
        return value
