"""Form views, counted without a database write per view.

A view adds one to a counter per whitepaper and day in the shared cache (`cache.incr`,
atomic on Redis and in local memory). Counters move into `GateViewCount`, one row per
whitepaper and day: read n, add n to the row with F(), then take n off the counter. Two
flushes at the same moment may both move the same n; the row then holds it twice and the
counter -n until the next flush, so stored plus pending is right at every moment, and that
sum is what the figures show. A counter moves when a view takes it across a multiple of
WHITEPAPERS_VIEW_FLUSH_EVERY (that view's request does it), before the figures and the
dashboard panel read, and with `manage.py flush_gate_view_counts` (which
`send_pending_deliveries` also does each round).

Not counted: robots (`visitors.is_robot`), HEAD requests and previews. With the cache down,
views are simply not counted: the page is served, the figure comes out lower.
"""

import datetime

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .conf import view_flush_every
from .models import GateViewCount, WhitepaperPage
from .times import site_time_zone
from .visitors import is_robot

__all__ = [
    "count_view",
    "flush_view_counts",
    "move_to_database",
    "pending_view_counts",
    "stored_view_counts",
]

# How long a counter waits in the cache for a flush (a day's counter, flushed every minute
# by send_pending_deliveries, normally waits far less).
COUNTER_DAYS = 8


def site_today():
    return timezone.localtime(timezone=site_time_zone()).date()


def _key(whitepaper_id, day):
    return f"whitepapers:views:{whitepaper_id}:{day.isoformat()}"


def _counted_days(today=None):
    today = today or site_today()
    return [today - datetime.timedelta(days=n) for n in range(COUNTER_DAYS)]


def count_view(request, whitepaper):
    """Count a reader's GET of the gate; True if it was counted."""
    if request.method != "GET" or getattr(request, "is_preview", False):
        return False
    if is_robot(request.META.get("HTTP_USER_AGENT", "")):
        return False
    day = site_today()
    count = _increment(_key(whitepaper.pk, day))
    if count and count % view_flush_every() == 0:
        flush_counter(whitepaper.pk, day)
    return bool(count)


def _increment(key):
    """The counter after adding one; 0 when the cache cannot count (it is down)."""
    try:
        return cache.incr(key)
    except ValueError:  # no counter yet today
        if cache.add(key, 1, timeout=COUNTER_DAYS * 24 * 60 * 60):
            return 1
        try:  # someone else started it a moment ago
            return cache.incr(key)
        except ValueError:
            return 0


def move_to_database(whitepaper_id, day, views):
    """Add `views` to the stored count of that whitepaper and day, then take them off the
    cache's counter (in this order: a failure in between counts them twice, never loses)."""
    with transaction.atomic():
        rows = GateViewCount.objects.filter(whitepaper_id=whitepaper_id, day=day)
        if not rows.update(views=F("views") + views):
            try:
                with transaction.atomic():
                    GateViewCount.objects.create(whitepaper_id=whitepaper_id, day=day, views=views)
            except IntegrityError:  # created by a simultaneous flush
                rows.update(views=F("views") + views)
    try:
        cache.incr(_key(whitepaper_id, day), -views)
    except ValueError:  # the counter expired meanwhile: nothing left to take off
        pass


def flush_counter(whitepaper_id, day):
    views = cache.get(_key(whitepaper_id, day))
    if views:
        move_to_database(whitepaper_id, day, views)


def _pending(whitepaper_ids=None, days=None):
    """{(whitepaper id, day): views} of the counters waiting in the cache (one round trip)."""
    if whitepaper_ids is None:
        whitepaper_ids = list(WhitepaperPage.objects.values_list("pk", flat=True))
    keys = {
        _key(whitepaper_id, day): (whitepaper_id, day)
        for whitepaper_id in whitepaper_ids
        for day in days or _counted_days()
    }
    found = cache.get_many(list(keys)) if keys else {}
    return {keys[key]: views for key, views in found.items() if views}


def pending_view_counts(since=None):
    """`(whitepaper id, "view", day, views)` still in the cache (since the day `since`)."""
    return [
        (whitepaper_id, "view", day, views)
        for (whitepaper_id, day), views in sorted(_pending().items())
        if since is None or day >= since
    ]


def flush_view_counts():
    """Move every counter of the last COUNTER_DAYS days into the database; the views moved."""
    moved = 0
    for (whitepaper_id, day), views in _pending().items():
        move_to_database(whitepaper_id, day, views)
        moved += views
    return moved


def stored_view_counts(since):
    """`(whitepaper id, "view", day, views)` from the database, since the day `since`."""
    rows = GateViewCount.objects.filter(day__gte=since).values_list("whitepaper_id", "day", "views")
    return [(whitepaper_id, "view", day, views) for whitepaper_id, day, views in rows]
