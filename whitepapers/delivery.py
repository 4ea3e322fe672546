"""Mails and CRM posts for leads: stored first, sent in the background, retried.

A `Delivery` row is written in the same transaction as the lead, so a lead never exists
without its mail. After commit a django-tasks task sends it; if the mail server or the CRM
fails, the row stays pending with a later `next_attempt_at`, and `send_due_deliveries`
(the `send_pending_deliveries` command, run by cron or a worker) picks it up again, up to
MAX_ATTEMPTS times. A claim (`claimed_until`, longer than any mail or CRM timeout) keeps two
senders from sending the same row.

"Sent" means it left. A delivery whose target went away before it could go (the CRM URL or
the sales address was cleared, the whitepaper unpublished or deleted) is "skipped", with the
reason, and a retry from the admin sends it once the target is back (`skip_reason`).
"""

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import default_task_backend, task
from wagtail.models import Site

from .conf import link_lifetime
from .links import lead_admin_url, open_link_url
from .models import Delivery, DeliveryKind, DeliveryStatus, Lead, WhitepaperSettings
from .tokens import webhook_signature
from .webhook import WebhookRefused, post_to_webhook

__all__ = [
    "CannotDeliver",
    "SkipDelivery",
    "queue_delivery",
    "send_delivery",
    "send_due_deliveries",
    "skip_reason",
]

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
CLAIM_SECONDS = 120
WEBHOOK_TIMEOUT_SECONDS = 10


class CannotDeliver(Exception):
    """A failure no retry will cure: give up at once."""


class SkipDelivery(Exception):
    """The delivery's target went away; it is recorded as skipped with this reason."""


def queue_delivery(lead, kind):
    """Store a delivery for `lead` and send it once the surrounding transaction commits."""
    delivery = Delivery.objects.create(lead=lead, kind=kind)
    transaction.on_commit(lambda: send_delivery.enqueue(delivery.pk))
    return delivery


def retry_delay(attempts):
    """1, 2, 4 … minutes, at most 6 hours, after the n-th failed attempt."""
    return timedelta(minutes=min(2 ** (attempts - 1), 360))


@task()
def send_delivery(delivery_id):
    """Send one delivery if it is due and nobody else is sending it."""
    now = timezone.now()
    claimed = (
        Delivery.objects.filter(
            pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
    )
    if not claimed:
        return "not due"
    delivery = Delivery.objects.select_related("lead", "lead__whitepaper").get(pk=delivery_id)
    try:
        SENDERS[delivery.kind](delivery.lead)
    except SkipDelivery as skip:
        _record_skip(delivery, str(skip))
        return "skipped"
    except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
        _record_failure(delivery, error)
        return "failed"
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        attempts=delivery.attempts + 1,
        claimed_until=None,
        last_error="",
    )
    return "sent"


def _record_failure(delivery, error):
    attempts = delivery.attempts + 1
    gave_up = attempts >= MAX_ATTEMPTS or isinstance(error, CannotDeliver)
    next_attempt_at = timezone.now() + retry_delay(attempts)
    # The error text may name the reader (SMTP errors do): it stays on the row, which
    # erasure deletes, and never reaches the log.
    logger.warning(
        "Delivery %s (%s) failed, attempt %s: %s",
        delivery.pk,
        delivery.kind,
        attempts,
        type(error).__name__,
    )
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED if gave_up else DeliveryStatus.PENDING,
        attempts=attempts,
        next_attempt_at=next_attempt_at,
        claimed_until=None,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    if not gave_up and getattr(default_task_backend, "supports_defer", False):
        send_delivery.using(run_after=next_attempt_at).enqueue(delivery.pk)


def _record_skip(delivery, reason):
    logger.info("Delivery %s (%s) skipped: its target went away", delivery.pk, delivery.kind)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SKIPPED,
        attempts=delivery.attempts + 1,
        claimed_until=None,
        last_error=reason,
    )


def send_due_deliveries(limit=500):
    """Send every pending delivery whose time has come; returns how many were sent."""
    due = Delivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at", "pk")
    sent = 0
    for delivery_id in due.values_list("pk", flat=True)[:limit]:
        sent += send_delivery.call(delivery_id) == "sent"
    return sent


def skip_reason(kind, lead):
    """Why a delivery of `kind` for `lead` cannot be made now (its target went away), or ""."""
    return SKIP_CHECKS[kind](lead)


def _whitepaper_gone(lead):
    whitepaper = lead.whitepaper
    if whitepaper is None:
        return gettext("The whitepaper was deleted: there is nothing to send.")
    if not whitepaper.live:
        return gettext("The whitepaper is unpublished: there is nothing to send.")
    return ""


def _sales_address_gone(lead):
    if lead.whitepaper is None:
        return gettext("The whitepaper was deleted: there is nothing to send.")
    if not lead.whitepaper.sales_notification_email:
        return gettext("The whitepaper has no sales notification address any more.")
    return ""


def _crm_settings_gone(lead):
    site_settings = crm_settings_for(lead)
    if site_settings is None or not site_settings.crm_webhook_url:
        return gettext("No CRM webhook URL is set any more (Settings → Whitepaper settings).")
    if not site_settings.crm_webhook_secret:
        return gettext(
            "No CRM webhook secret is set (Settings → Whitepaper settings); posts are never "
            "sent unsigned."
        )
    return ""


def _skip_if_gone(kind, lead):
    if reason := skip_reason(kind, lead):
        raise SkipDelivery(reason)


def send_download_mail(lead):
    """The reader's link: no advertising, and nothing the reader typed until their address is
    confirmed (then their first name): anyone can type someone else's address, and a name
    like "Click evil.example" would then reach that inbox under our name."""
    _skip_if_gone(DeliveryKind.DOWNLOAD_MAIL, lead)
    whitepaper = lead.whitepaper
    lifetime = link_lifetime()
    context = {
        "first_name": lead.first_name if lead.is_confirmed else "",
        "newsletter_requested": lead.newsletter_requested and not lead.newsletter_opt_in,
        "whitepaper": whitepaper,
        "link": open_link_url(lead, confirm=True),
        "valid_until": timezone.now() + lifetime,
        "valid_days": lifetime.days,
    }
    _send_mail(
        subject=f"Your whitepaper: {whitepaper.full_title}",
        template="whitepapers/mail/download_link",
        context=context,
        to=lead.email,
    )


def send_sales_mail(lead):
    """Tell sales a reader asked; the details stay in the admin, not in the mail."""
    _skip_if_gone(DeliveryKind.SALES_MAIL, lead)
    whitepaper = lead.whitepaper
    context = {"whitepaper": whitepaper, "lead_url": lead_admin_url(lead)}
    _send_mail(
        subject=f"New whitepaper request: {whitepaper.full_title}",
        template="whitepapers/mail/sales_notification",
        context=context,
        to=whitepaper.sales_notification_email,
    )


def _send_mail(subject, template, context, to):
    # Header values never contain line breaks: Django refuses them, we strip them first.
    subject = " ".join(subject.split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()


def crm_payload(lead):
    """What the CRM receives for a confirmed lead."""

    def iso(moment):
        return moment.isoformat() if moment else None

    whitepaper = lead.whitepaper
    return {
        "event": "lead.confirmed",
        "lead": {
            "id": lead.pk,
            "first_name": lead.first_name,
            "last_name": lead.last_name,
            "email": lead.email,
            "company": lead.company,
            "job_role": lead.job_role,
            "created_at": iso(lead.created_at),
            "email_confirmed_at": iso(lead.email_confirmed_at),
            "consent": {
                "version": lead.consent_id,
                "text": lead.consent.text,
                "given_at": iso(lead.consented_at),
            },
            "newsletter_opt_in": lead.newsletter_opt_in,
            "newsletter_confirmed_at": iso(lead.newsletter_confirmed_at),
            "source_url": lead.source_url,
            "referrer": lead.referrer,
            "utm": {
                "source": lead.utm_source,
                "medium": lead.utm_medium,
                "campaign": lead.utm_campaign,
                "term": lead.utm_term,
                "content": lead.utm_content,
            },
        },
        "whitepaper": {
            "id": lead.whitepaper_id,
            "title": whitepaper.full_title if whitepaper else lead.whitepaper_title,
            "url": whitepaper.get_full_url() if whitepaper else None,
        },
    }


def post_to_crm(lead):
    """POST the lead as JSON, signed, to the checked address of the webhook URL (see
    `webhook`); anything but a 2xx answer is a failure to retry."""
    _skip_if_gone(DeliveryKind.CRM_WEBHOOK, lead)
    site_settings = crm_settings_for(lead)
    body = json.dumps(crm_payload(Lead.objects.select_related("consent").get(pk=lead.pk)))
    body = body.encode("utf-8")
    timestamp = int(timezone.now().timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "whitepapers-gate/1",
        "X-Whitepapers-Timestamp": str(timestamp),
        "X-Whitepapers-Signature": webhook_signature(
            body, site_settings.crm_webhook_secret, timestamp
        ),
    }
    try:
        post_to_webhook(site_settings.crm_webhook_url, body, headers, WEBHOOK_TIMEOUT_SECONDS)
    except WebhookRefused as refused:
        if refused.permanent:  # the URL itself is refused: no retry cures it
            raise CannotDeliver(str(refused)) from refused
        raise


def crm_settings_for(lead):
    """The CRM settings of the lead's site; the default site's once its whitepaper is gone
    (the lead stays a confirmed lead the CRM should get)."""
    whitepaper = lead.whitepaper
    site = whitepaper.get_site() if whitepaper else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return WhitepaperSettings.for_site(site) if site else None


SKIP_CHECKS = {
    DeliveryKind.DOWNLOAD_MAIL: _whitepaper_gone,
    DeliveryKind.SALES_MAIL: _sales_address_gone,
    DeliveryKind.CRM_WEBHOOK: _crm_settings_gone,
}

SENDERS = {
    DeliveryKind.DOWNLOAD_MAIL: send_download_mail,
    DeliveryKind.SALES_MAIL: send_sales_mail,
    DeliveryKind.CRM_WEBHOOK: post_to_crm,
}
