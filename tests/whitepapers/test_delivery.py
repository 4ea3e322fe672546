"""Mails and CRM posts go out in the background, and are retried when the other side fails."""

import json
from smtplib import SMTPConnectError

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from whitepapers.delivery import retry_delay
from whitepapers.models import Delivery, DeliveryKind, DeliveryStatus, Lead, WhitepaperSettings
from whitepapers.tokens import webhook_signature

from .helpers import link_from_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_server_down(monkeypatch):
    def refuse(self, messages):
        raise SMTPConnectError(421, "Service not available")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    return monkeypatch


def make_due(delivery_kind=None):
    deliveries = Delivery.objects.filter(status=DeliveryStatus.PENDING)
    if delivery_kind:
        deliveries = deliveries.filter(kind=delivery_kind)
    deliveries.update(next_attempt_at=timezone.now())


def test_lead_is_kept_when_the_mail_server_refuses(whitepaper, submit_gate, mail_server_down):
    response = submit_gate(whitepaper)

    assert response.status_code == 303
    assert Lead.objects.count() == 1
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert "Service not available" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()


def test_mail_goes_out_later_once_the_server_is_back(whitepaper, submit_gate, mail_server_down):
    submit_gate(whitepaper)
    mail_server_down.undo()
    make_due()

    call_command("send_pending_deliveries")

    assert Delivery.objects.get().status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1
    assert link_from_mail(mail.outbox[0]).startswith(whitepaper.url)


def test_not_yet_due_deliveries_wait(whitepaper, submit_gate, mail_server_down):
    submit_gate(whitepaper)
    mail_server_down.undo()

    call_command("send_pending_deliveries")

    assert mail.outbox == []


def test_a_delivery_gives_up_after_many_attempts(whitepaper, submit_gate, mail_server_down):
    submit_gate(whitepaper)
    for _ in range(9):
        make_due()
        call_command("send_pending_deliveries")

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 10


def test_retries_back_off():
    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 10, 20)] == [1, 2, 4, 360, 360]


def test_a_sent_delivery_is_never_sent_twice(whitepaper, submit_gate):
    submit_gate(whitepaper)
    Delivery.objects.update(next_attempt_at=timezone.now())

    call_command("send_pending_deliveries")

    assert len(mail.outbox) == 1


def confirm(client, submit_gate, whitepaper, django_capture_on_commit_callbacks, **details):
    submit_gate(whitepaper, **details)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(link_from_mail(mail.outbox[-1]))


def test_confirmed_lead_is_posted_to_the_crm_signed(
    client, whitepaper, submit_gate, crm, django_capture_on_commit_callbacks
):
    confirm(client, submit_gate, whitepaper, django_capture_on_commit_callbacks, newsletter="on")

    assert len(crm.requests) == 1
    headers, body = crm.requests[0]
    timestamp = int(headers["X-Whitepapers-Timestamp"])
    assert headers["X-Whitepapers-Signature"] == webhook_signature(body, "shared-secret", timestamp)
    payload = json.loads(body)
    assert payload["event"] == "lead.confirmed"
    assert payload["lead"]["email"] == "ada@example.com"
    assert payload["lead"]["newsletter_opt_in"] is True
    assert payload["lead"]["consent"]["text"]
    assert payload["whitepaper"]["title"] == "Hadoop 2 (German version)"


def test_unconfirmed_lead_is_not_posted(whitepaper, submit_gate, crm):
    submit_gate(whitepaper)

    assert crm.requests == []


def test_crm_failure_is_kept_and_retried(
    client, whitepaper, submit_gate, crm, django_capture_on_commit_callbacks
):
    crm.status = 500
    confirm(client, submit_gate, whitepaper, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(kind=DeliveryKind.CRM_WEBHOOK)
    assert delivery.status == DeliveryStatus.PENDING
    assert "500" in delivery.last_error

    crm.status = 204
    make_due(DeliveryKind.CRM_WEBHOOK)
    call_command("send_pending_deliveries")

    assert Delivery.objects.get(kind=DeliveryKind.CRM_WEBHOOK).status == DeliveryStatus.SENT
    assert len(crm.requests) == 2


def test_second_confirmation_posts_nothing_new(
    client, whitepaper, submit_gate, crm, django_capture_on_commit_callbacks
):
    confirm(client, submit_gate, whitepaper, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(link_from_mail(mail.outbox[-1]))

    assert len(crm.requests) == 1


def test_mail_for_a_deleted_whitepaper_is_skipped_with_the_reason(
    whitepaper, submit_gate, mail_server_down
):
    submit_gate(whitepaper)
    mail_server_down.undo()
    whitepaper.delete()
    make_due()

    call_command("send_pending_deliveries")

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SKIPPED
    assert "whitepaper was deleted" in delivery.last_error
    assert mail.outbox == []


def test_mail_for_an_unpublished_whitepaper_is_skipped_with_the_reason(
    whitepaper, submit_gate, mail_server_down
):
    submit_gate(whitepaper)
    mail_server_down.undo()
    whitepaper.unpublish()
    make_due()

    call_command("send_pending_deliveries")

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SKIPPED
    assert "unpublished" in delivery.last_error
    assert mail.outbox == []


def test_sales_mail_is_skipped_when_its_address_was_removed(
    make_whitepaper, submit_gate, mail_server_down
):
    whitepaper = make_whitepaper(sales_notification_email="sales@example.com")
    submit_gate(whitepaper)
    mail_server_down.undo()
    whitepaper.sales_notification_email = ""
    whitepaper.save_revision().publish()
    make_due()

    call_command("send_pending_deliveries")

    sales = Delivery.objects.get(kind=DeliveryKind.SALES_MAIL)
    assert sales.status == DeliveryStatus.SKIPPED
    assert "no sales notification address" in sales.last_error
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]


def test_clearing_the_crm_url_skips_waiting_posts_instead_of_calling_them_sent(
    client, whitepaper, submit_gate, crm, django_capture_on_commit_callbacks
):
    crm.status = 500
    confirm(client, submit_gate, whitepaper, django_capture_on_commit_callbacks)
    WhitepaperSettings.objects.update(crm_webhook_url="")
    make_due(DeliveryKind.CRM_WEBHOOK)

    call_command("send_pending_deliveries")

    delivery = Delivery.objects.get(kind=DeliveryKind.CRM_WEBHOOK)
    assert delivery.status == DeliveryStatus.SKIPPED
    assert delivery.sent_at is None
    assert "No CRM webhook URL is set any more" in delivery.last_error
    assert len(crm.requests) == 1  # the failed first attempt only


def test_a_lead_whose_whitepaper_was_deleted_still_reaches_the_crm(
    client, whitepaper, submit_gate, crm, django_capture_on_commit_callbacks
):
    crm.status = 500
    confirm(client, submit_gate, whitepaper, django_capture_on_commit_callbacks)
    crm.status = 204
    whitepaper.delete()
    make_due(DeliveryKind.CRM_WEBHOOK)

    call_command("send_pending_deliveries")

    assert Delivery.objects.get(kind=DeliveryKind.CRM_WEBHOOK).status == DeliveryStatus.SENT
    assert len(crm.requests) == 2
    assert json.loads(crm.requests[1][1])["whitepaper"]["title"] == "Hadoop 2 (German version)"


def test_a_crm_post_without_a_secret_is_skipped_not_sent_unsigned(
    client, whitepaper, submit_gate, crm, django_capture_on_commit_callbacks
):
    WhitepaperSettings.objects.update(crm_webhook_secret="")

    confirm(client, submit_gate, whitepaper, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(kind=DeliveryKind.CRM_WEBHOOK)
    assert delivery.status == DeliveryStatus.SKIPPED
    assert "No CRM webhook secret" in delivery.last_error
    assert crm.requests == []


def test_failures_are_logged_without_the_readers_address(
    whitepaper, submit_gate, monkeypatch, caplog
):
    def refuse(self, messages):
        raise SMTPConnectError(550, f"{messages[0].to[0]} refused")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)

    submit_gate(whitepaper)

    assert "ada@example.com" in Delivery.objects.get().last_error
    assert "ada@example.com" not in caplog.text


def test_erasing_a_lead_cancels_what_has_not_gone_out(whitepaper, submit_gate, mail_server_down):
    submit_gate(whitepaper)

    Lead.objects.get().delete()

    assert Delivery.objects.count() == 0
