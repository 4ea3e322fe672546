"""The remember-me cookie: set once, where the reader asked for it, and only as good as what
they agreed to."""

import time

import pytest
from django.core import mail
from django.test import Client

from whitepapers import links, tokens
from whitepapers.links import REMEMBER_COOKIE
from whitepapers.models import ConsentPurpose, ConsentVersion, Lead

from .helpers import form_stamp, link_from_mail, reader_details

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(make_whitepaper):
    return make_whitepaper(title="Cloud Guide")


@pytest.fixture
def remembered_cookie(client, whitepaper, submit_gate):
    """Ask with "remember me" ticked, follow the mailed link: the cookie's value."""
    submit_gate(whitepaper, remember="on")
    return client.get(link_from_mail(mail.outbox[0])).cookies[REMEMBER_COOKIE].value


def browser_with(cookie_value):
    browser = Client()
    browser.cookies[REMEMBER_COOKIE] = cookie_value
    return browser


def test_forwarded_link_sets_no_cookie(client, whitepaper, submit_gate):
    submit_gate(whitepaper, remember="on")
    link = link_from_mail(mail.outbox[0])
    assert REMEMBER_COOKIE in client.get(link).cookies  # the reader's own first click

    forwarded = Client().get(link)

    assert forwarded.status_code == 200
    assert REMEMBER_COOKIE not in forwarded.cookies


def test_following_the_link_again_sets_no_new_cookie(client, whitepaper, remembered_cookie):
    again = client.get(link_from_mail(mail.outbox[0]))

    assert again.status_code == 200
    assert REMEMBER_COOKIE not in again.cookies


def test_confirming_without_remember_me_sets_no_cookie(client, whitepaper, submit_gate):
    submit_gate(whitepaper)

    confirmed = client.get(link_from_mail(mail.outbox[0]))

    assert "address is confirmed" in confirmed.content.decode()
    assert REMEMBER_COOKIE not in confirmed.cookies


def test_forget_me_revokes_the_cookie_on_the_server(client, whitepaper, other, remembered_cookie):
    client.post(whitepaper.url + "forget-me/")
    copy = browser_with(remembered_cookie)  # a copy of the cookie kept elsewhere

    gate = copy.get(other.url)
    again = copy.post(other.url + "again/")

    assert "Welcome back" not in gate.content.decode()
    assert again["Location"] == other.url
    assert not Lead.objects.filter(whitepaper=other).exists()


def test_the_cookie_of_an_erased_lead_is_dead(whitepaper, other, remembered_cookie):
    Lead.objects.all().delete()

    gate = browser_with(remembered_cookie).get(other.url)

    assert "Welcome back" not in gate.content.decode()


def test_a_signed_cookie_without_the_device_secret_is_refused(whitepaper, other, make_lead):
    lead = make_lead(whitepaper, confirmed=True, remember_device=True)
    data = {"l": lead.reference.hex, "s": "guessed"}
    forged = tokens.make_token("reader", data, links._key("reader"), int(time.time()))

    browser = browser_with(forged)
    gate = browser.get(other.url)
    again = browser.post(other.url + "again/")

    assert "Welcome back" not in gate.content.decode()
    assert not Lead.objects.filter(whitepaper=other).exists()
    assert again.status_code == 302


def test_one_click_records_the_consent_the_reader_agreed_to(
    client, whitepaper, other, remembered_cookie
):
    agreed = Lead.objects.get(whitepaper=whitepaper).consent

    client.post(other.url + "again/")

    assert Lead.objects.get(whitepaper=other).consent == agreed


def test_a_changed_consent_text_brings_back_the_prefilled_form(
    client, whitepaper, other, remembered_cookie
):
    ConsentVersion.objects.create(purpose=ConsentPurpose.PROCESSING, text="New wording.")

    gate = client.get(other.url)
    again = client.post(other.url + "again/")

    html = gate.content.decode()
    assert "Welcome back" not in html
    assert "New wording." in html
    assert "consent text has changed" in html
    assert 'value="Ada"' in html and 'value="ada@example.com"' in html
    assert again.status_code in (302, 303)
    assert not Lead.objects.filter(whitepaper=other).exists()


@pytest.mark.parametrize("stored, typed", [(False, "on"), (True, None)])
def test_the_public_form_cannot_change_remember_me_of_a_confirmed_lead(
    whitepaper, make_lead, submit_gate, stored, typed
):
    make_lead(whitepaper, confirmed=True, remember_device=stored)

    submit_gate(whitepaper, remember=typed)

    assert Lead.objects.get().remember_device is stored


@pytest.fixture
def flooded(settings, whitepaper, other, remembered_cookie):
    """Someone else used up the limit of the remembered reader's address."""
    settings.WHITEPAPERS_RATE_LIMITS = {"email": (2, 3600)}
    attacker = Client()
    statuses = []
    for _ in range(2):  # the reader's own request counted once already
        stamp = form_stamp(attacker, other)
        statuses.append(attacker.post(other.url, {**reader_details(), "stamp": stamp}).status_code)
    assert statuses == [303, 429]


def test_the_remembered_owner_of_a_flooded_address_is_not_refused(
    client, other, flooded, submit_gate
):
    ConsentVersion.objects.create(purpose=ConsentPurpose.PROCESSING, text="New wording.")

    response = submit_gate(other)  # the form, prefilled as the consent text changed

    assert response.status_code == 303


def test_the_remembered_owner_gets_one_click_despite_a_flood(client, other, flooded):
    response = client.post(other.url + "again/")

    assert response.status_code == 303
    assert Lead.objects.get(whitepaper=other, email="ada@example.com").request_count == 2


def test_the_remembered_owner_still_meets_the_client_address_limit(
    client, other, remembered_cookie, settings
):
    settings.WHITEPAPERS_RATE_LIMITS = {"ip": (0, 3600)}

    assert client.post(other.url + "again/").status_code == 429
