"""`purge_unconfirmed_leads` deletes old unconfirmed leads and nothing else."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from whitepapers.models import GateEvent, GateEventKind, Lead

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def purge(*args):
    out = io.StringIO()
    call_command("purge_unconfirmed_leads", *args, stdout=out)
    return out.getvalue()


def aged(days):
    return {"created_at": days_ago(days), "last_requested_at": days_ago(days)}


@pytest.fixture
def leads(whitepaper, make_lead):
    return {
        "old_unconfirmed": make_lead(whitepaper, email="old@example.com", **aged(31)),
        "new_unconfirmed": make_lead(whitepaper, email="new@example.com", **aged(29)),
        "old_confirmed": make_lead(
            whitepaper, email="kept@example.com", confirmed=True, **aged(90)
        ),
    }


def remaining_emails():
    return set(Lead.objects.values_list("email", flat=True))


def test_purge_deletes_only_old_unconfirmed_leads(leads):
    output = purge()
    assert remaining_emails() == {"new@example.com", "kept@example.com"}
    assert "Deleted 1 unconfirmed leads" in output


def test_purge_keeps_an_old_lead_that_asked_again_recently(whitepaper, make_lead):
    make_lead(
        whitepaper,
        email="again@example.com",
        created_at=days_ago(40),
        last_requested_at=days_ago(1),
    )
    purge()
    assert remaining_emails() == {"again@example.com"}


def test_purge_takes_the_age_in_days(leads):
    purge("--days", "7")
    assert remaining_emails() == {"kept@example.com"}


def test_purge_dry_run_counts_and_deletes_nothing(leads):
    output = purge("--dry-run")
    assert "1 unconfirmed leads older than 30 days" in output
    assert len(remaining_emails()) == 3


def test_purge_keeps_the_anonymous_gate_events(whitepaper, leads):
    GateEvent.objects.create(
        whitepaper=whitepaper, lead=leads["old_unconfirmed"], kind=GateEventKind.SUBMISSION
    )
    purge()
    event = GateEvent.objects.get()
    assert event.lead is None
    assert event.whitepaper == whitepaper


def test_purge_refuses_zero_days():
    with pytest.raises(CommandError):
        purge("--days", "0")
