"""A form stamp is good for one accepted submission: a double click or a replay creates
nothing new and ends on the page the first one did."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from whitepapers import links
from whitepapers.models import Delivery, DeliveryMode, FormStampUse, GateEvent, Lead

from .helpers import form_stamp

pytestmark = pytest.mark.django_db


def test_a_second_post_with_the_same_stamp_creates_nothing(client, whitepaper, submit_gate):
    stamp = form_stamp(client, whitepaper)

    first = submit_gate(whitepaper, stamp=stamp)
    second = submit_gate(whitepaper, stamp=stamp)

    assert second.status_code == first.status_code == 303
    assert second["Location"] == first["Location"]
    assert Lead.objects.get().request_count == 1
    assert len(mail.outbox) == 1
    assert Delivery.objects.count() == 1
    assert GateEvent.objects.filter(kind="submission").count() == 1


def test_a_replayed_stamp_creates_no_lead_for_another_address(client, whitepaper, submit_gate):
    stamp = form_stamp(client, whitepaper)
    submit_gate(whitepaper, stamp=stamp)

    replay = submit_gate(whitepaper, stamp=stamp, email="victim@example.org")

    assert replay.status_code == 303
    assert not Lead.objects.filter(email="victim@example.org").exists()
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]


def test_a_double_click_in_instant_mode_ends_on_the_same_download(
    client, make_whitepaper, submit_gate
):
    whitepaper = make_whitepaper(title="Cloud Guide", delivery_mode=DeliveryMode.INSTANT)
    stamp = form_stamp(client, whitepaper)

    first = submit_gate(whitepaper, stamp=stamp)
    second = submit_gate(whitepaper, stamp=stamp)

    assert second.status_code == 303
    assert "/download/" in second["Location"]
    token = second["Location"].split("/download/")[1].strip("/")
    reference, confirms, _ = links.read_download_token(token, whitepaper)
    assert reference == Lead.objects.get().reference and not confirms
    assert client.get(second["Location"]).status_code == client.get(first["Location"]).status_code
    assert Lead.objects.get().request_count == 1
    assert len(mail.outbox) == 1


def test_a_replay_does_not_count_against_the_address(client, whitepaper, submit_gate, settings):
    settings.WHITEPAPERS_RATE_LIMITS = {"email": (1, 3600)}
    stamp = form_stamp(client, whitepaper)
    submit_gate(whitepaper, stamp=stamp)

    assert submit_gate(whitepaper, stamp=stamp).status_code == 303


def test_a_refused_form_does_not_use_up_its_stamp(client, whitepaper, submit_gate):
    stamp = form_stamp(client, whitepaper)
    assert submit_gate(whitepaper, stamp=stamp, consent=None).status_code == 400

    assert submit_gate(whitepaper, stamp=stamp).status_code == 303
    assert Lead.objects.count() == 1


def test_a_stamp_without_a_nonce_is_refused_with_a_fresh_one(client, whitepaper, submit_gate):
    old_style = links.make_form_stamp({"w": whitepaper.pk, "c": None, "n": None})

    response = submit_gate(whitepaper, stamp=old_style)

    assert response.status_code == 400
    assert "could not be checked" in response.content.decode()
    assert f'value="{old_style}"' not in response.content.decode()
    assert not Lead.objects.exists()


def test_stamp_uses_are_purged_once_their_stamps_have_expired(client, whitepaper, submit_gate):
    fresh, old = form_stamp(client, whitepaper), form_stamp(client, whitepaper)
    submit_gate(whitepaper, stamp=fresh)
    submit_gate(whitepaper, stamp=old, email="old@example.com")
    expired = timezone.now() - datetime.timedelta(seconds=links.FORM_STAMP_MAX_AGE + 60)
    FormStampUse.objects.filter(lead__email="old@example.com").update(used_at=expired)

    call_command("purge_unconfirmed_leads", stdout=io.StringIO())

    assert list(FormStampUse.objects.values_list("lead__email", flat=True)) == ["ada@example.com"]
    assert submit_gate(whitepaper, stamp=fresh).status_code == 303
    assert Lead.objects.get(email="ada@example.com").request_count == 1
