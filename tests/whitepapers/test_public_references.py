"""No public URL or cookie tells a lead's database id, or whether an address asked before."""

import base64
import json

import pytest
from django.core import mail

from whitepapers.links import REMEMBER_COOKIE
from whitepapers.models import DeliveryMode, Lead
from whitepapers.tokens import SIGNATURE_LENGTH

from .helpers import link_from_mail

pytestmark = pytest.mark.django_db


def token_data(token):
    """What anyone can read in a token: its payload is base64url JSON (see tokens.py)."""
    payload = token[:-SIGNATURE_LENGTH]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["d"]


def token_in(path, route):
    return path.split(f"/{route}/", 1)[1].strip("/")


@pytest.fixture
def instant_whitepaper(make_whitepaper):
    return make_whitepaper(title="Cloud Guide", delivery_mode=DeliveryMode.INSTANT)


@pytest.fixture
def earlier_leads(make_whitepaper, make_lead):
    """Leads of other readers, so that lead ids are not small numbers by chance."""
    other = make_whitepaper(title="Older Paper")
    return [make_lead(other, email=f"reader{n}@example.org") for n in range(11)]


def assert_names_no_lead_id(data, lead, whitepaper):
    # "w" is the whitepaper's page id (public anyway) and "c" a 0/1 flag; nothing else may be
    # a number, and the lead's id appears nowhere.
    others = {key: value for key, value in data.items() if key not in ("w", "c")}
    assert data.get("w") == whitepaper.pk
    assert not any(isinstance(value, int) for value in others.values())
    assert lead.pk not in others.values()
    assert str(lead.pk) not in others.values()


def test_links_and_the_remember_cookie_name_no_lead_id(
    client, instant_whitepaper, earlier_leads, submit_gate
):
    response = submit_gate(instant_whitepaper, remember="on")
    lead = Lead.objects.get(whitepaper=instant_whitepaper)
    instant_token = token_in(response["Location"], "download")
    mailed_link = link_from_mail(mail.outbox[-1])
    confirmed = client.get(mailed_link)
    cookie = confirmed.cookies[REMEMBER_COOKIE].value

    for token in (instant_token, token_in(mailed_link, "download"), cookie):
        data = token_data(token)
        if "w" not in data:  # the cookie is good for every whitepaper
            data["w"] = instant_whitepaper.pk
        assert_names_no_lead_id(data, lead, instant_whitepaper)


def test_an_address_that_asked_before_gets_an_answer_like_a_new_one(
    client, instant_whitepaper, make_whitepaper, make_lead, submit_gate
):
    make_lead(instant_whitepaper, email="known@example.com")
    other = make_whitepaper(title="Older Paper")
    for number in range(10):  # the new lead's id is then two digits longer than the known one's
        make_lead(other, email=f"reader{number}@example.org")

    known = submit_gate(instant_whitepaper, email="known@example.com")
    new = submit_gate(instant_whitepaper, email="new@example.com")

    assert known.status_code == new.status_code == 303
    known_token, new_token = (
        token_in(known["Location"], "download"),
        token_in(new["Location"], "download"),
    )
    assert len(known_token) == len(new_token)
    known_data, new_data = token_data(known_token), token_data(new_token)
    assert known_data.keys() == new_data.keys()
    assert {k: (type(v), len(str(v))) for k, v in known_data.items()} == {
        k: (type(v), len(str(v))) for k, v in new_data.items()
    }
    known_page, new_page = client.get(known["Location"]), client.get(new["Location"])
    assert known_page.status_code == new_page.status_code == 200


def test_confirm_mode_answers_alike_for_known_and_new_addresses(whitepaper, make_lead, submit_gate):
    make_lead(whitepaper, email="known@example.com", confirmed=True)

    known = submit_gate(whitepaper, email="known@example.com")
    new = submit_gate(whitepaper, email="new@example.com")

    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])


def test_lead_references_are_random_and_unique(whitepaper, make_lead):
    first, second = (
        make_lead(whitepaper, email="a@example.com"),
        make_lead(whitepaper, email="b@example.com"),
    )

    assert first.reference != second.reference
    assert first.reference.version == 4
