"""`{{ instant|site_time }}`: an instant in the site's time zone, the zone named."""

from django import template

from ..times import format_site_time

__all__ = ["site_time"]

register = template.Library()


@register.filter
def site_time(value):
    """'29 Nov 2026, 18:50 CET' (see `whitepapers.times`); "" for None."""
    return format_site_time(value)
