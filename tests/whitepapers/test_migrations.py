"""The data migrations: existing leads get public references, old form-view events become
daily view counts."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_initial_data"),
]

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
LATEST = ("whitepapers", "0011_move_view_events_into_counts")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return MigrationExecutor(connection).loader.project_state([target]).apps


@pytest.fixture
def at_migration():
    """Go back to a migration; back to the latest afterwards whatever happens."""
    yield migrate
    migrate(LATEST)


def test_existing_leads_get_distinct_random_references(at_migration):
    apps = at_migration(("whitepapers", "0004_crm_webhook_url_public_only"))
    ConsentVersion = apps.get_model("whitepapers", "ConsentVersion")
    Lead = apps.get_model("whitepapers", "Lead")
    consent = ConsentVersion.objects.create(purpose="processing", text="Old wording.")
    now = datetime.datetime.now(tz=BERLIN)
    for number in range(3):
        Lead.objects.create(
            whitepaper_title="Hadoop 2",
            first_name="Ada",
            last_name="Lovelace",
            email=f"ada{number}@example.com",
            company="Engines",
            consent=consent,
            consented_at=now,
        )

    apps = at_migration(LATEST)

    references = list(
        apps.get_model("whitepapers", "Lead").objects.values_list("reference", flat=True)
    )
    assert len(set(references)) == 3
    assert all(reference is not None and reference.version == 4 for reference in references)


def test_form_view_events_become_daily_counts(at_migration):
    apps = at_migration(("whitepapers", "0010_gate_view_counts"))
    GateEvent = apps.get_model("whitepapers", "GateEvent")
    monday = datetime.date(2026, 11, 23)
    # 00:30 on Monday in Berlin is still Sunday in UTC: it counts for Monday.
    times = [
        datetime.datetime.combine(monday, datetime.time(0, 30), tzinfo=BERLIN),
        datetime.datetime.combine(monday, datetime.time(18, 0), tzinfo=BERLIN),
        datetime.datetime.combine(monday + datetime.timedelta(days=1), datetime.time(9), BERLIN),
    ]
    GateEvent.objects.bulk_create(GateEvent(kind="view", created_at=moment) for moment in times)
    GateEvent.objects.create(kind="download", created_at=times[0])

    apps = at_migration(LATEST)

    counts = apps.get_model("whitepapers", "GateViewCount").objects.order_by("day")
    assert [(row.day, row.views) for row in counts] == [
        (monday, 2),
        (monday + datetime.timedelta(days=1), 1),
    ]
    events = apps.get_model("whitepapers", "GateEvent").objects
    assert list(events.values_list("kind", flat=True)) == ["download"]
