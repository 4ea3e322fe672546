"""The gate's routes on `WhitepaperPage`: the form, "check your inbox", the link, the file.

Every answer here is personal (a CSRF token, a reader's name, a file), so none is cached.
"""

import mimetypes

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from . import tokens
from .addresses import mailbox_key
from .conf import accel_redirect_prefix, link_lifetime
from .forms import GateForm, capture_from_request, fresh_stamp
from .leads import (
    PERSON_FIELDS,
    StampAlreadyUsed,
    confirm_lead,
    current_consents,
    forget_device,
    record_download,
    record_request,
    remember_this_device,
    repeat_request,
    stamp_use,
)
from .links import (
    REMEMBER_COOKIE,
    REMEMBER_DAYS,
    file_url,
    make_download_token,
    make_reader_cookie,
    read_download_token,
    read_reader_cookie,
)
from .models import DeliveryMode, Lead
from .ratelimit import RateLimited, check_mailbox_limit, check_rate_limit, client_ip
from .viewcounts import count_view

__all__ = [
    "check_inbox",
    "download_as_remembered",
    "download_file",
    "forget_me",
    "gate",
    "open_link",
]


def _personal(response):
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


# Said in headers, not in the site's <head>: the pages extend the site's own base template,
# which may have no block for meta tags.
NOINDEX = {"X-Robots-Tag": "noindex"}


def _render(request, page, template, status=200, headers=None, **context):
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    for name, value in (headers or {}).items():
        response[name] = value
    return _personal(response)


CONSENT_CHANGED = _(
    "Our consent text has changed since you last agreed. Please read it below and send the "
    "form again; we have filled in your details."
)


def remembered_reader(request):
    """The lead whose details this device may reuse, if the reader asked us to remember.

    The cookie names the lead and carries this device's secret; it counts only while the
    lead keeps that secret's digest (set when the reader confirmed their address with
    "remember me" ticked, cleared by "Forget me", gone with the lead).
    """
    value = request.COOKIES.get(REMEMBER_COOKIE)
    if not value:
        return None
    try:
        reference, secret = read_reader_cookie(value)
    except tokens.InvalidToken:
        return None
    lead = Lead.objects.filter(reference=reference, email_confirmed_at__isnull=False).first()
    if lead is None or not tokens.secret_matches(secret, lead.remember_secret_hash):
        return None
    return lead


def agreed_to_current_consent(lead, consents):
    """One click stands for the consent the reader gave: only while that text is shown now."""
    return lead.consent_id == consents["processing"].pk


def gate(request, page):
    if request.method == "POST":
        return _submit(request, page)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    count_view(request, page)  # in the cache: no database write per view
    consents = current_consents()
    remembered = remembered_reader(request)
    if remembered and agreed_to_current_consent(remembered, consents):
        form = GateForm(whitepaper=page, consents=consents)
        return _render_gate(request, page, form, one_click_for=remembered)
    form = GateForm(
        whitepaper=page,
        consents=consents,
        capture=capture_from_request(request),
        initial={field: getattr(remembered, field) for field in PERSON_FIELDS}
        if remembered
        else None,
    )
    return _render_gate(request, page, form, message=CONSENT_CHANGED if remembered else "")


def _render_gate(request, page, form, status=200, message="", one_click_for=None):
    """The page with the form, or with the one-click button for `one_click_for`."""
    return _render(
        request,
        page,
        "whitepapers/whitepaper_page.html",
        status=status,
        form=form,
        consents=form.consents,
        remembered=one_click_for,
        gate_message=message,
    )


def _submit(request, page):
    consents = current_consents()
    form = GateForm(request.POST, whitepaper=page, consents=consents)
    try:
        check_rate_limit("ip", client_ip(request))
    except RateLimited as limited:
        return _too_many(request, page, form, limited)
    if not form.is_valid():
        if form.is_bot:
            return _personal(
                HttpResponse(
                    "We could not accept this form.", status=400, content_type="text/plain"
                )
            )
        if "stamp" in form.errors:
            # A stale or broken stamp: offer a fresh one with the reader's input kept.
            form.data = form.data.copy()
            form.data["stamp"] = fresh_stamp(page, consents)
        return _render_gate(request, page, form, status=400)
    stamp = form.cleaned_data["stamp"]
    # A stamp already accepted (a double click, a replay): the first POST's page, nothing
    # stored or sent again, and nothing counted against the address either.
    if used := stamp_use(stamp):
        return _submitted(page, used.lead)
    address = form.cleaned_data["email"]
    owner = _is_remembered_owner(request, address)
    source_page = Page.objects.live().filter(pk=stamp["src"]).first() if "src" in stamp else None
    try:
        lead = record_request(
            page,
            form.cleaned_data,
            source_page=source_page,
            # Counted once the stamp is ours: a simultaneous double click counts once.
            once_stamp_is_ours=None if owner else lambda: check_mailbox_limit(address),
        )
    except RateLimited as limited:
        return _too_many(request, page, form, limited)
    except StampAlreadyUsed:  # the same stamp, at the same moment, from a second POST
        used = stamp_use(stamp)
        return _submitted(page, used.lead if used else None)
    return _submitted(page, lead)


def _submitted(page, lead):
    """Where an accepted form leads: the download at once, or "check your inbox" (also when
    the lead of a replayed stamp has been erased since)."""
    if page.delivery_mode == DeliveryMode.INSTANT and lead and lead.whitepaper_id == page.pk:
        token = make_download_token(lead, confirm=False)
        response = redirect(page.url + page.reverse_subpage("open_link", args=[token]))
    else:
        response = redirect(page.url + page.reverse_subpage("check_inbox"))
    response.status_code = 303
    return _personal(response)


def _is_remembered_owner(request, address):
    """Whether this device is remembered for `address`'s mailbox. The per-address limit
    keeps strangers from flooding an inbox; it must not lock out the inbox's owner when
    strangers have used it up (the per-client limit still applies to them)."""
    remembered = remembered_reader(request)
    return remembered is not None and mailbox_key(remembered.email) == mailbox_key(address)


def _too_many(request, page, form, limited):
    if limited.scope == "email":
        message = (
            "We have already sent this whitepaper to this address several times in the last "
            "hour. Please check your inbox (and spam folder) or try again later."
        )
    else:
        message = "Too many requests from your network. Please try again in a while."
    response = _render_gate(request, page, form, status=429, message=message)
    response["Retry-After"] = str(max(1, limited.retry_after))
    return response


def _remember(response, lead):
    response.set_cookie(
        REMEMBER_COOKIE,
        make_reader_cookie(lead, remember_this_device(lead)),
        max_age=REMEMBER_DAYS * 24 * 60 * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def check_inbox(request, page):
    return _render(
        request,
        page,
        "whitepapers/check_inbox.html",
        headers=NOINDEX,
        valid_days=link_lifetime().days,
    )


def _lead_from_link(page, token):
    """(lead, confirms, issued at) for a valid link to this whitepaper; 404 for anything else."""
    reference, confirms, issued_at = read_download_token(token, page)
    lead = Lead.objects.filter(reference=reference, whitepaper=page).first()
    if lead is None:  # erased, or never ours
        raise Http404("No such download.")
    return lead, confirms, issued_at


def _link_problem(request, page, error):
    if isinstance(error, tokens.ExpiredToken):
        return _render(
            request,
            page,
            "whitepapers/link_expired.html",
            status=410,
            headers=NOINDEX,
            valid_days=link_lifetime().days,
        )
    raise Http404("This download link is not valid.") from error


def open_link(request, page, token):
    """The link from the mail (or the instant page): confirms the address, starts the file."""
    try:
        lead, confirms, issued_at = _lead_from_link(page, token)
    except tokens.InvalidToken as error:
        return _link_problem(request, page, error)
    if page.document_id is None:
        raise Http404("This whitepaper has no file yet.")
    # Link checkers in mail systems often send HEAD first: only a real visit confirms.
    visit = request.method == "GET"
    just_confirmed = confirm_lead(lead, issued_at) if confirms and visit else False
    # The cookie only at the first confirmation, and only if the reader ticked the box: a
    # link opened again (or forwarded) confirms nothing and remembers nobody.
    remember = just_confirmed and lead.remember_device
    file_link = file_url(page, token)
    response = _render(
        request,
        page,
        "whitepapers/download_ready.html",
        # The file starts after a second; the link is a credential no other site may learn.
        headers={**NOINDEX, "Referrer-Policy": "no-referrer", "Refresh": f"1;url={file_link}"},
        file_url=file_link,
        just_confirmed=just_confirmed,
        newsletter_confirmed=confirms and lead.newsletter_opt_in,
        remembered=remember,
        instant=not confirms,
    )
    if remember:
        _remember(response, lead)
    return response


def download_file(request, page, token):
    try:
        lead, _, _ = _lead_from_link(page, token)
    except tokens.InvalidToken as error:
        return _link_problem(request, page, error)
    document = page.document
    if document is None:
        raise Http404("This whitepaper has no file yet.")
    if request.method == "GET":
        record_download(lead)
    return _personal(file_response(document))


def file_response(document):
    """Stream the file under its own name and type; with WHITEPAPERS_ACCEL_REDIRECT_PREFIX
    set, hand the sending to nginx (X-Accel-Redirect) and keep the worker free."""
    content_type = mimetypes.guess_type(document.filename)[0] or "application/octet-stream"
    accel_prefix = accel_redirect_prefix()
    if accel_prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel_prefix.rstrip("/") + "/" + document.file.name
        response["Content-Disposition"] = content_disposition_header(True, document.filename)
    else:
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.filename,
            content_type=content_type,
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Robots-Tag"] = "noindex"
    return response


def download_as_remembered(request, page):
    """One click for a reader this device remembers: no form, the file at once. The button
    stands beside today's consent text, and is offered only while that is the text the
    reader agreed to; otherwise they get the form again, filled in."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    remembered = remembered_reader(request)
    if remembered is None or not agreed_to_current_consent(remembered, current_consents()):
        return redirect(page.url)
    try:
        # No per-address limit: the cookie proves this is the address's owner.
        check_rate_limit("ip", client_ip(request))
    except RateLimited as limited:
        form = GateForm(whitepaper=page, consents=current_consents())
        return _too_many(request, page, form, limited)
    lead = repeat_request(page, remembered)
    token = make_download_token(lead, confirm=False)
    response = redirect(page.url + page.reverse_subpage("open_link", args=[token]))
    response.status_code = 303
    return _personal(response)


def forget_me(request, page):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    remembered = remembered_reader(request)
    if remembered is not None:
        forget_device(remembered)  # copies of the cookie stop working too
    response = redirect(page.url)
    response.status_code = 303
    response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")
    return _personal(response)
