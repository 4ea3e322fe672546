"""What the gate does to leads: record a request, confirm an address, count a download.

Each function is one transaction and safe under concurrency: fifty simultaneous requests for
the same address and whitepaper leave one lead whose `request_count` is fifty.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone

from . import tokens
from .delivery import queue_delivery
from .forms import UTM_FIELDS
from .models import (
    ConsentPurpose,
    ConsentVersion,
    DeliveryKind,
    FormStampUse,
    GateEvent,
    GateEventKind,
    Lead,
    WhitepaperSettings,
)

__all__ = [
    "StampAlreadyUsed",
    "confirm_lead",
    "current_consents",
    "forget_device",
    "record_download",
    "record_request",
    "remember_this_device",
    "repeat_request",
    "stamp_use",
]

PERSON_FIELDS = ["first_name", "last_name", "email", "company", "job_role"]
# Where the form stamp keeps what the landing page saw, and the lead's field for it.
CAPTURE_FIELDS = {key: key for key in UTM_FIELDS} | {"ref": "referrer"}


class StampAlreadyUsed(Exception):
    """The form stamp was accepted before (a double click, a replay): nothing was stored."""


def stamp_use(stamp):
    """The earlier use of this form stamp (with its lead), or None if it is unused."""
    return FormStampUse.objects.filter(nonce=stamp["r"]).select_related("lead").first()


def current_consents():
    """The consent texts readers see now; a fresh install gets the default wording."""
    consents = {
        "processing": ConsentVersion.objects.current(ConsentPurpose.PROCESSING),
        "newsletter": ConsentVersion.objects.current(ConsentPurpose.NEWSLETTER),
    }
    if consents["processing"] is None:
        from .setup import ensure_gate_defaults

        ensure_gate_defaults()
        return current_consents()
    return consents


def _consent_seen(version_id, purpose):
    """The version the reader saw (from the form stamp), or today's if it vanished."""
    version = ConsentVersion.objects.filter(pk=version_id, purpose=purpose).first()
    return version or ConsentVersion.objects.current(purpose)


def record_request(whitepaper, form_data, source_page=None, once_stamp_is_ours=None):
    """Store (or re-request) the lead for this address and whitepaper and queue its mail;
    the form's stamp is used up with it, or StampAlreadyUsed if it was before.

    `once_stamp_is_ours` (e.g. the per-address limit) runs after the stamp is claimed, inside
    the transaction; whatever it raises stores nothing and leaves the stamp unused. A second
    POST with the same stamp waits for the first's claim, so it is never refused by a limit
    that the first one already counted.
    """
    stamp = form_data["stamp"]
    now = timezone.now()
    details = {field: form_data.get(field) or "" for field in PERSON_FIELDS}
    details.update(
        consent=_consent_seen(stamp.get("c"), ConsentPurpose.PROCESSING),
        consented_at=now,
        remember_device=bool(form_data.get("remember")),
        source_page=source_page,
        source_url=source_page.url[:500] if source_page and source_page.url else "",
        **{field: stamp.get(key, "") for key, field in CAPTURE_FIELDS.items()},
    )
    # Only a newsletter text the reader was shown counts (the stamp names it).
    if form_data.get("newsletter") and stamp.get("n"):
        details.update(
            newsletter_requested=True,
            newsletter_requested_at=now,
            newsletter_consent=_consent_seen(stamp.get("n"), ConsentPurpose.NEWSLETTER),
        )
    return _store_request(
        whitepaper, details, now, stamp_nonce=stamp["r"], once_stamp_is_ours=once_stamp_is_ours
    )


def repeat_request(whitepaper, remembered):
    """A reader this device remembers asks for another whitepaper with one click: reuse
    their confirmed details and the consent text they agreed to (the view offers the button
    only while that text is the one shown now)."""
    now = timezone.now()
    details = {field: getattr(remembered, field) for field in PERSON_FIELDS}
    details.update(
        consent_id=remembered.consent_id,
        consented_at=now,
        email_confirmed_at=remembered.email_confirmed_at,
    )
    return _store_request(whitepaper, details, now)


def _store_request(whitepaper, details, now, stamp_nonce=None, once_stamp_is_ours=None):
    with transaction.atomic():
        if stamp_nonce:
            # First, so that a simultaneous second POST with this stamp waits here for the
            # first one's commit and then fails before touching the lead.
            try:
                with transaction.atomic():
                    use = FormStampUse.objects.create(nonce=stamp_nonce, used_at=now)
            except IntegrityError:
                raise StampAlreadyUsed(stamp_nonce) from None
        if once_stamp_is_ours:
            once_stamp_is_ours()
        lead = _lead_for(whitepaper, details["email"])
        if lead is None:
            try:
                with transaction.atomic():
                    lead = Lead.objects.create(
                        whitepaper=whitepaper,
                        whitepaper_title=whitepaper.full_title[:255],
                        created_at=now,
                        last_requested_at=now,
                        **details,
                    )
            except IntegrityError:
                # Someone else created it a moment ago: this request is a repeat.
                lead = _lead_for(whitepaper, details["email"])
                _update_repeat(lead, details, now)
        else:
            _update_repeat(lead, details, now)
        GateEvent.objects.create(whitepaper=whitepaper, lead=lead, kind=GateEventKind.SUBMISSION)
        queue_delivery(lead, DeliveryKind.DOWNLOAD_MAIL)
        if whitepaper.sales_notification_email and lead.request_count == 1:
            queue_delivery(lead, DeliveryKind.SALES_MAIL)
        if stamp_nonce:
            FormStampUse.objects.filter(pk=use.pk).update(lead=lead)
    return lead


def _lead_for(whitepaper, email):
    return (
        Lead.objects.annotate(email_key=Lower("email"))
        .filter(whitepaper=whitepaper, email_key=email.lower())
        .first()
    )


def _update_repeat(lead, details, now):
    """Count a repeated request. Until the address is confirmed the newest form wins; after
    that anyone could type the address, so the confirmed details stay as they are. A
    newsletter request is added (it counts once a link sent after it is followed), never
    withdrawn by a form that left the box unticked."""
    changes = {}
    # "Remember me" is among the details: a form may not switch it for a confirmed address.
    if lead.email_confirmed_at is None:
        changes = {
            key: value
            for key, value in details.items()
            if not key.startswith("newsletter_") and key != "email_confirmed_at"
        }
    if details.get("newsletter_requested") and lead.newsletter_confirmed_at is None:
        changes.update(
            {key: value for key, value in details.items() if key.startswith("newsletter_")}
        )
    Lead.objects.filter(pk=lead.pk).update(
        request_count=F("request_count") + 1, last_requested_at=now, **changes
    )
    lead.refresh_from_db()


def confirm_lead(lead, link_issued_at):
    """The reader followed a link mailed at `link_issued_at`: the address is theirs, and a
    newsletter request made before that mail now counts (double opt-in).

    Only the first confirmation counts, is posted to the CRM and changes anything.
    """
    now = timezone.now()
    # Token times are whole seconds; the request may have come within the same second.
    issued = link_issued_at + timedelta(seconds=1)
    with transaction.atomic():
        confirmed = Lead.objects.filter(pk=lead.pk, email_confirmed_at__isnull=True).update(
            email_confirmed_at=now
        )
        Lead.objects.filter(
            pk=lead.pk,
            newsletter_requested=True,
            newsletter_confirmed_at__isnull=True,
            newsletter_requested_at__lte=issued,
        ).update(newsletter_confirmed_at=now)
        if confirmed:
            GateEvent.objects.create(
                whitepaper_id=lead.whitepaper_id, lead=lead, kind=GateEventKind.CONFIRMATION
            )
            site = lead.whitepaper.get_site() if lead.whitepaper else None
            if site and WhitepaperSettings.for_site(site).crm_webhook_url:
                queue_delivery(lead, DeliveryKind.CRM_WEBHOOK)
    lead.refresh_from_db()
    return bool(confirmed)


def remember_this_device(lead):
    """Start remembering the device that just confirmed `lead`: a new secret for its cookie,
    of which the lead keeps the digest (one device per lead; a new one replaces the old)."""
    secret = tokens.new_device_secret()
    Lead.objects.filter(pk=lead.pk).update(remember_secret_hash=tokens.secret_digest(secret))
    return secret


def forget_device(lead):
    """ "Forget me": the cookie stops working everywhere, whoever holds a copy."""
    Lead.objects.filter(pk=lead.pk).update(remember_secret_hash="", remember_device=False)


def record_download(lead):
    with transaction.atomic():
        Lead.objects.filter(pk=lead.pk).update(download_count=F("download_count") + 1)
        GateEvent.objects.create(
            whitepaper_id=lead.whitepaper_id, lead=lead, kind=GateEventKind.DOWNLOAD
        )
