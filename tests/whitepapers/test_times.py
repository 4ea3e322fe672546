"""One event, one time: the admin, the exports and the mails show every stored instant in the
site's TIME_ZONE, with the zone named, whatever zone a user once picked for the admin."""

import datetime
import html
import re
import zoneinfo

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from whitepapers.delivery import send_download_mail
from whitepapers.models import (
    ConsentPurpose,
    ConsentVersion,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Lead,
)

from .helpers import column, export, make_user

pytestmark = pytest.mark.django_db

# One instant in summer time, one in winter time (Europe/Berlin: CEST, CET).
SUMMER = datetime.datetime(2026, 7, 15, 16, 50, tzinfo=datetime.UTC)
WINTER = datetime.datetime(2026, 11, 29, 17, 50, tzinfo=datetime.UTC)
SEASONS = pytest.mark.parametrize("base", [SUMMER, WINTER], ids=["summer", "winter"])


def local(instant):
    return instant.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))


def shown(instant):
    """How a stored instant must read: '15 Jul 2026, 18:50 CEST'."""
    moment = local(instant)
    return f"{moment.day} {moment:%b %Y, %H:%M} {moment.tzname()}"


def minutes(base, n):
    return base + datetime.timedelta(minutes=n)


def main_text(response):
    assert response.status_code == 200
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def assert_shows_exactly(response, instants):
    """Every instant shows as `shown()`, and no other time of day is on the page."""
    text = main_text(response)
    for instant in instants:
        assert shown(instant) in text
        text = text.replace(shown(instant), "")
    assert not re.search(r"\b\d{1,2}:\d{2}\b|\b[ap]\.m\.", text), text


@pytest.fixture
def marketing_client(client, blog_index):
    """Marketing, logged in by someone who once picked New York for the admin."""
    user = make_user("marketing", "Marketing")
    profile = UserProfile.get_for_user(user)
    profile.current_time_zone = "America/New_York"
    profile.save()
    client.force_login(user)
    return client


def consent_versions(base):
    processing = ConsentVersion.objects.current(ConsentPurpose.PROCESSING)
    newsletter = ConsentVersion.objects.current(ConsentPurpose.NEWSLETTER)
    ConsentVersion.objects.filter(pk=processing.pk).update(created_at=minutes(base, -3000))
    ConsentVersion.objects.filter(pk=newsletter.pk).update(created_at=minutes(base, -4000))
    return processing, newsletter


@pytest.fixture
def lead_at(whitepaper, make_lead):
    """A lead whose every instant is known, around `base`, with one sent mail."""

    def make(base):
        processing, newsletter = consent_versions(base)
        lead = make_lead(
            whitepaper,
            created_at=base,
            last_requested_at=minutes(base, 3),
            newsletter_requested=True,
            newsletter_requested_at=base,
            newsletter_consent=newsletter,
            newsletter_confirmed_at=minutes(base, 9),
        )
        lead.consented_at = minutes(base, 1)
        lead.email_confirmed_at = minutes(base, 7)
        lead.save()
        Delivery.objects.create(
            lead=lead,
            kind=DeliveryKind.DOWNLOAD_MAIL,
            status=DeliveryStatus.SENT,
            created_at=minutes(base, 11),
            next_attempt_at=minutes(base, 11),
            sent_at=minutes(base, 12),
        )
        return Lead.objects.select_related("consent", "newsletter_consent").get(pk=lead.pk)

    return make


# The admin


@SEASONS
def test_lead_details_show_every_time_in_the_site_zone(marketing_client, lead_at, base):
    lead = lead_at(base)
    response = marketing_client.get(reverse("whitepapers_lead:inspect", args=[lead.pk]))
    assert_shows_exactly(
        response,
        [
            lead.created_at,
            lead.last_requested_at,
            lead.consented_at,
            lead.email_confirmed_at,
            lead.newsletter_confirmed_at,
            lead.consent.created_at,
            lead.newsletter_consent.created_at,
            minutes(base, 11),  # the mail: created
            minutes(base, 12),  # and sent
        ],
    )


@SEASONS
def test_lead_list_shows_when_each_lead_came_in_the_site_zone(marketing_client, lead_at, base):
    lead = lead_at(base)
    response = marketing_client.get(reverse("whitepapers_lead:index"))
    assert_shows_exactly(response, [lead.created_at])


@pytest.fixture
def deliveries_at(lead_at):
    """A delivery waiting for its next attempt and one sent, around `base`."""

    def make(base):
        lead = lead_at(base)
        waiting = Delivery.objects.create(
            lead=lead,
            kind=DeliveryKind.CRM_WEBHOOK,
            attempts=2,
            created_at=minutes(base, 20),
            next_attempt_at=minutes(base, 24),
            last_error="ConnectionError: The CRM answered 503 Service Unavailable",
        )
        sent = Delivery.objects.get(lead=lead, status=DeliveryStatus.SENT)
        return waiting, sent

    return make


@SEASONS
def test_delivery_list_shows_created_and_next_attempt_in_the_site_zone(
    marketing_client, deliveries_at, base
):
    waiting, sent = deliveries_at(base)
    response = marketing_client.get(reverse("whitepapers_delivery:index"))
    # A sent delivery has no next attempt to show.
    assert_shows_exactly(response, [waiting.created_at, waiting.next_attempt_at, sent.created_at])


@SEASONS
def test_delivery_details_show_every_time_in_the_site_zone(marketing_client, deliveries_at, base):
    waiting, sent = deliveries_at(base)
    response = marketing_client.get(reverse("whitepapers_delivery:inspect", args=[waiting.pk]))
    assert_shows_exactly(response, [waiting.created_at, waiting.next_attempt_at])
    response = marketing_client.get(reverse("whitepapers_delivery:inspect", args=[sent.pk]))
    assert_shows_exactly(response, [sent.created_at, sent.sent_at])


@SEASONS
def test_consent_texts_show_when_they_were_written_in_the_site_zone(marketing_client, base):
    processing, newsletter = consent_versions(base)
    processing.refresh_from_db()
    newsletter.refresh_from_db()
    response = marketing_client.get(reverse("whitepapers_consentversion:index"))
    assert_shows_exactly(response, [processing.created_at, newsletter.created_at])
    response = marketing_client.get(
        reverse("whitepapers_consentversion:inspect", args=[processing.pk])
    )
    assert_shows_exactly(response, [processing.created_at])


def test_admin_users_cannot_pick_another_time_zone(marketing_client):
    page = marketing_client.get(reverse("wagtailadmin_account")).content.decode()
    assert "current_time_zone" not in page


# Exports


@SEASONS
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_writes_times_in_the_site_zone_and_names_it(marketing_client, lead_at, base, fmt):
    lead = lead_at(base)
    rows = export(marketing_client, fmt)
    for heading, instant in [
        ("Created", lead.created_at),
        ("E-mail confirmed", lead.email_confirmed_at),
        ("Consented", lead.consented_at),
        ("Newsletter confirmed", lead.newsletter_confirmed_at),
    ]:
        [value] = column(rows, f"{heading} ({settings.TIME_ZONE})")
        if fmt == "csv":
            written = datetime.datetime.fromisoformat(value)
            assert written == instant
            assert written.utcoffset() == local(instant).utcoffset()
        else:  # a spreadsheet's date cell has no zone: the heading names it
            assert value == local(instant).replace(tzinfo=None)


# Mails


@SEASONS
def test_the_mail_says_until_when_the_link_works_in_the_site_zone(
    whitepaper, make_lead, monkeypatch, base
):
    lead = make_lead(whitepaper)
    monkeypatch.setattr(timezone, "now", lambda: base)
    # As when marketing in another zone retries the delivery from the admin.
    with timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        send_download_mail(lead)
    until = f"until {shown(base + datetime.timedelta(days=7))}"
    [message] = mail.outbox
    assert until in message.body
    assert until in message.alternatives[0][0]


def test_the_created_filter_counts_days_in_the_site_zone(marketing_client, whitepaper, make_lead):
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    just_after_midnight = datetime.datetime(2024, 5, 5, 0, 30, tzinfo=berlin)
    just_before_midnight = datetime.datetime(2024, 5, 4, 23, 30, tzinfo=berlin)
    make_lead(whitepaper, email="in@example.com", created_at=just_after_midnight)
    make_lead(whitepaper, email="out@example.com", created_at=just_before_midnight)
    response = marketing_client.get(
        reverse("whitepapers_lead:index"),
        {"created_at_from": "2024-05-05", "created_at_to": "2024-05-05"},
    )
    assert [lead.email for lead in response.context["object_list"]] == ["in@example.com"]


def test_a_time_zone_picked_earlier_is_forgotten(django_user_model):
    """Wagtail's own pages (history, scheduling) use the same zone as marketing's."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("accounts.migrations.0001_admin_shows_the_site_time_zone")
    user = django_user_model.objects.create_user("old-marketing")
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(current_time_zone="America/New_York")

    migration.use_the_site_time_zone(apps, None)

    assert UserProfile.objects.get(user=user).get_current_time_zone() == settings.TIME_ZONE
