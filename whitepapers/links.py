"""The project's side of `tokens`: keys from SECRET_KEY, lifetimes from settings, URLs.

- Download links: `{"l": lead reference, "w": whitepaper, "c": 1 if following it confirms}`.
- Form stamps: when the form was rendered and which consent texts it showed.
- The remember-me cookie: which lead's details a returning reader reuses.

Payloads are signed, not encrypted: anyone can read them. So a lead is named by its random
public reference (`Lead.reference`), never by its sequential id.
"""

import time
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse

from . import tokens
from .conf import link_lifetime

__all__ = [
    "REMEMBER_COOKIE",
    "REMEMBER_DAYS",
    "file_url",
    "lead_admin_url",
    "make_download_token",
    "make_form_stamp",
    "make_reader_cookie",
    "open_link_url",
    "read_download_token",
    "read_form_stamp",
    "read_reader_cookie",
]

REMEMBER_COOKIE = "whitepapers_reader"
REMEMBER_DAYS = 30
FORM_STAMP_MAX_AGE = 24 * 60 * 60


def _key(purpose):
    return tokens.derive_key(settings.SECRET_KEY, purpose)


def _keys(purpose):
    """The current key and those of SECRET_KEY_FALLBACKS, for reading."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [tokens.derive_key(secret, purpose) for secret in secrets]


def _now():
    return int(time.time())


def _reference(value):
    """The lead reference (a UUID) a token names, or InvalidToken."""
    try:
        return uuid.UUID(hex=value)
    except (TypeError, ValueError, AttributeError) as error:
        raise tokens.InvalidToken("no lead reference") from error


def make_download_token(lead, confirm):
    data = {"l": lead.reference.hex, "w": lead.whitepaper_id, "c": int(bool(confirm))}
    return tokens.make_token("download", data, _key("download"), _now())


def read_download_token(token, whitepaper):
    """(lead reference, confirms, issued at) from a link, or InvalidToken/ExpiredToken; the
    link must be for this whitepaper: a valid link to another one is no key to this one."""
    max_age = int(link_lifetime().total_seconds())
    data, issued = tokens.read_token(token, "download", _keys("download"), max_age, _now())
    if data.get("w") != whitepaper.pk:
        raise tokens.InvalidToken("link for another whitepaper")
    return _reference(data.get("l")), bool(data.get("c")), datetime.fromtimestamp(issued, tz=UTC)


def open_link_url(lead, confirm):
    """The absolute link for the mail (or the instant page) that leads to the file."""
    token = make_download_token(lead, confirm)
    page = lead.whitepaper
    return page.get_full_url() + page.reverse_subpage("open_link", args=[token])


def file_url(page, token):
    return page.url + page.reverse_subpage("file", args=[token])


def make_form_stamp(data):
    return tokens.make_token("form", data, _key("form"), _now())


def read_form_stamp(stamp):
    """(data, age in seconds) of a form stamp."""
    now = _now()
    data, issued = tokens.read_token(stamp, "form", _keys("form"), FORM_STAMP_MAX_AGE, now)
    return data, now - issued


def make_reader_cookie(lead, device_secret):
    """The remember-me cookie: the lead's reference and this device's secret, whose digest
    the lead keeps (so "Forget me" and erasure end it on the server too)."""
    data = {"l": lead.reference.hex, "s": device_secret}
    return tokens.make_token("reader", data, _key("reader"), _now())


def read_reader_cookie(value):
    """(lead reference, device secret) of a remember-me cookie, or InvalidToken/ExpiredToken."""
    max_age = REMEMBER_DAYS * 24 * 60 * 60
    data, _ = tokens.read_token(value, "reader", _keys("reader"), max_age, _now())
    secret = data.get("s")
    if not isinstance(secret, str) or not secret:
        raise tokens.InvalidToken("no device secret")
    return _reference(data.get("l")), secret


def lead_admin_url(lead):
    """Where sales opens the lead in the admin (only people with access can)."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("whitepapers_lead:inspect", args=[lead.pk])
