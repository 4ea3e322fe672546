"""Times as marketing and readers see them: in the site's TIME_ZONE, with the zone named.

A consent record that reads "created 5:50 p.m." beside "agreed 6:50 p.m." is worthless in a
dispute, so every instant the app shows (admin pages, exports, mails) goes through these
functions, whatever zone is active for the request (an admin user's pick, a background task).
"""

import zoneinfo

from django.conf import settings
from django.utils import dateformat, timezone

__all__ = ["SITE_TIME_FORMAT", "format_site_time", "in_site_time", "site_time_zone"]

# "29 Nov 2026, 18:50 CET": day, month, year, 24-hour time and the zone's abbreviation.
SITE_TIME_FORMAT = "j M Y, H:i T"


def site_time_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def in_site_time(moment):
    """`moment` in the site's time zone (a naive one is taken to be in it already)."""
    if moment is None:
        return None
    if timezone.is_naive(moment):
        return timezone.make_aware(moment, site_time_zone())
    return moment.astimezone(site_time_zone())


def format_site_time(moment):
    """'29 Nov 2026, 18:50 CET' for an instant; "" for None."""
    if moment is None:
        return ""
    return dateformat.format(in_site_time(moment), SITE_TIME_FORMAT)
