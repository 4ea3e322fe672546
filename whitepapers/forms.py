"""The gate's form: who the reader is, what they agree to, and proof a human sent it."""

import secrets
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import tokens
from .conf import min_fill_seconds
from .links import make_form_stamp, read_form_stamp
from .typed_text import contains_link_or_markup

__all__ = ["GateForm", "capture_from_request", "fresh_stamp"]

UTM_FIELDS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"]


CONTROL_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")


def no_control_characters(value):
    # Line breaks, tabs and other control characters have no place in a name or company,
    # and refusing them here keeps them out of every mail header and spreadsheet.
    if any(unicodedata.category(char) in CONTROL_CATEGORIES for char in value):
        raise ValidationError(
            "Please use a single line without line breaks or control characters.",
            code="control_characters",
        )


LINK_OR_MARKUP_MESSAGE = _(
    "Please write this without web addresses, links or the characters < and >."
)


def no_links_or_markup(value):
    # What a reader types may reach other people (mails, the CRM): nothing there may be a
    # link to click or markup. Names are strict, see `typed_text`.
    if contains_link_or_markup(value):
        raise ValidationError(LINK_OR_MARKUP_MESSAGE, code="link_or_markup")


def no_links_or_markup_but_hosts(value):
    # A company or role may be called "Amazon.com Inc."; a scheme, www. or a path is refused.
    if contains_link_or_markup(value, allow_bare_hosts=True):
        raise ValidationError(LINK_OR_MARKUP_MESSAGE, code="link_or_markup")


def _text_field(label, max_length, required=True, autocomplete=None, link_check=no_links_or_markup):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        strip=True,
        validators=[no_control_characters, link_check],
        widget=forms.TextInput(attrs={"autocomplete": autocomplete} if autocomplete else {}),
        error_messages={
            "required": f"Please enter your {label.lower()}.",
            "max_length": f"Please use at most {max_length} characters for your {label.lower()}.",
        },
    )


def _cleaned(value, length):
    """Visitor-supplied text made safe to store and export: no control characters."""
    text = "".join(c for c in str(value or "") if unicodedata.category(c) not in CONTROL_CATEGORIES)
    return text[:length]


def capture_from_request(request):
    """Where the reader came from, as the landing page saw it: carried in the form stamp."""
    query = request.GET
    capture = {key: _cleaned(query.get(key), 200) for key in UTM_FIELDS if query.get(key)}
    capture["ref"] = _cleaned(request.META.get("HTTP_REFERER"), 500)
    source = query.get("source", "")
    if source.isascii() and source.isdigit() and len(source) <= 18:
        capture["src"] = int(source)
    return capture


def fresh_stamp(whitepaper, consents, capture=None):
    """A form stamp for now: the whitepaper, the consent versions shown, where from, and a
    random nonce that makes it good for one accepted submission (`FormStampUse`)."""
    newsletter = consents["newsletter"]
    return make_form_stamp(
        {
            "r": secrets.token_urlsafe(16),
            "w": whitepaper.pk,
            "c": consents["processing"].pk,
            "n": newsletter.pk if newsletter else None,
            **(capture or {}),
        }
    )


class GateForm(forms.Form):
    """Name, business e-mail, company, role, consents, and the anti-bot fields.

    `stamp` is a signed token made when the form was shown: it says which consent texts the
    reader saw and when; a post faster than WHITEPAPERS_MIN_FILL_SECONDS is not a person typing.
    """

    first_name = _text_field("First name", 100, autocomplete="given-name")
    last_name = _text_field("Last name", 100, autocomplete="family-name")
    email = forms.EmailField(
        label="Business e-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Please enter your business e-mail address.",
            "invalid": "Please enter a valid e-mail address, such as name@company.com.",
            "max_length": "Please use an e-mail address of at most 254 characters.",
        },
    )
    company = _text_field(
        "Company", 200, autocomplete="organization", link_check=no_links_or_markup_but_hosts
    )
    job_role = _text_field(
        "Job role",
        100,
        required=False,
        autocomplete="organization-title",
        link_check=no_links_or_markup_but_hosts,
    )
    consent = forms.BooleanField(
        error_messages={
            "required": "Please agree to the processing of your details: we need them to "
            "send you the whitepaper."
        }
    )
    newsletter = forms.BooleanField(required=False)
    remember = forms.BooleanField(required=False, label="Remember me on this device for 30 days")
    # The honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(required=False, label="Leave this field empty")
    stamp = forms.CharField(
        widget=forms.HiddenInput,
        max_length=4096,
        error_messages={
            "required": "This form could not be checked. Please reload the page and send it again."
        },
    )

    def __init__(self, *args, whitepaper, consents, capture=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.whitepaper = whitepaper
        self.consents = consents
        if not self.is_bound:
            self.initial["stamp"] = fresh_stamp(whitepaper, consents, capture)

    def clean_email(self):
        # One spelling per address, so de-duplication is the same on every database.
        return self.cleaned_data["email"].lower()

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError("Bot submission.", code="honeypot")
        return ""

    def clean_stamp(self):
        try:
            data, age = read_form_stamp(self.cleaned_data["stamp"])
        except tokens.ExpiredToken:
            raise ValidationError(
                "This form was open for too long. Please send it again.", code="stale"
            ) from None
        except tokens.InvalidToken:
            raise ValidationError(
                "This form could not be checked. Please reload the page and send it again.",
                code="invalid_stamp",
            ) from None
        nonce = data.get("r")
        if not isinstance(nonce, str) or not 16 <= len(nonce) <= 64:
            # A stamp from before stamps had a nonce could be sent any number of times.
            raise ValidationError(
                "This form could not be checked. Please reload the page and send it again.",
                code="invalid_stamp",
            )
        if data.get("w") != self.whitepaper.pk:
            raise ValidationError(
                "This form belongs to another whitepaper. Please reload the page.",
                code="other_whitepaper",
            )
        min_seconds = min_fill_seconds()
        if age < min_seconds:
            raise ValidationError(
                "That was quicker than anyone can type. Please check your details and send "
                "the form again.",
                code="too_fast",
            )
        return data

    @property
    def is_bot(self):
        return any(error.code == "honeypot" for error in self.errors.as_data().get("website", []))
