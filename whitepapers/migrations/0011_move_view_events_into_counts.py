"""Form views were one GateEvent row each; they become one GateViewCount row per whitepaper
and day (in the site's time zone, as the figures count weeks). Backwards, each count becomes
that many events again, at noon of its day."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import migrations
from django.db.models import Count
from django.db.models.functions import TruncDate


def _site_timezone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def events_into_counts(apps, schema_editor):
    GateEvent = apps.get_model("whitepapers", "GateEvent")
    GateViewCount = apps.get_model("whitepapers", "GateViewCount")
    views = GateEvent.objects.filter(kind="view")
    per_day = (
        views.annotate(day=TruncDate("created_at", tzinfo=_site_timezone()))
        .values_list("whitepaper_id", "day")
        .annotate(views=Count("pk"))
        .order_by()
    )
    GateViewCount.objects.bulk_create(
        GateViewCount(whitepaper_id=whitepaper_id, day=day, views=count)
        for whitepaper_id, day, count in per_day
    )
    views.delete()


def counts_into_events(apps, schema_editor):
    GateEvent = apps.get_model("whitepapers", "GateEvent")
    GateViewCount = apps.get_model("whitepapers", "GateViewCount")
    for row in GateViewCount.objects.filter(views__gt=0).iterator():
        noon = datetime.datetime.combine(row.day, datetime.time(12), tzinfo=_site_timezone())
        GateEvent.objects.bulk_create(
            GateEvent(whitepaper_id=row.whitepaper_id, kind="view", created_at=noon)
            for _ in range(row.views)
        )
    GateViewCount.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("whitepapers", "0010_gate_view_counts"),
    ]

    operations = [
        migrations.RunPython(events_into_counts, counts_into_events),
    ]
