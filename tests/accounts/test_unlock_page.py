"""Settings → Sign-in lockouts: superusers see who is locked out and unlock them; nobody
else sees the page or can use it."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from .helpers import (
    ATTACKER,
    FAILURE_LIMIT,
    OFFICE,
    WRONG_PASSWORD,
    fail_to_sign_in,
    is_signed_in,
    make_user,
    sign_in,
)

LOCKOUTS_URL = "/admin/sign-in-lockouts/"
UNLOCK_URL = "/admin/sign-in-lockouts/unlock/"


@pytest.fixture
def admin_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def editor_client(db):
    client = Client()
    client.force_login(make_user("editor", "Editors"))
    return client


@pytest.fixture
def alice_locked_out(alice):
    fail_to_sign_in(Client(), "alice", FAILURE_LIMIT, address=ATTACKER)
    return alice


def test_lockouts_page_lists_the_username_and_the_address(admin_client, alice_locked_out):
    response = admin_client.get(LOCKOUTS_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "alice" in html
    assert ATTACKER in html
    assert f"<td>{FAILURE_LIMIT}</td>" in html
    assert "Unlock" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_lockouts_page_says_when_nobody_is_locked_out(admin_client, alice):
    fail_to_sign_in(Client(), "alice", FAILURE_LIMIT - 1)

    html = admin_client.get(LOCKOUTS_URL).content.decode()

    assert "Nobody is locked out." in html
    assert "alice" not in html


def test_admin_unlocks_a_user_who_can_then_sign_in(admin_client, alice_locked_out):
    response = admin_client.post(UNLOCK_URL, {"kind": "username", "value": "alice"}, follow=True)

    assert response.status_code == 200
    assert "alice can sign in again." in response.content.decode()
    person = Client()
    assert sign_in(person, "alice", address=OFFICE).status_code == 302
    assert is_signed_in(person)


def test_admin_unlocks_an_address(admin_client, alice, bob):
    for number in range(FAILURE_LIMIT):
        sign_in(Client(), f"guess{number}", WRONG_PASSWORD, address=ATTACKER)

    admin_client.post(UNLOCK_URL, {"kind": "address", "value": ATTACKER})

    assert sign_in(Client(), "bob", address=ATTACKER).status_code == 302


def test_unlock_asks_for_a_post(admin_client, alice_locked_out):
    response = admin_client.get(UNLOCK_URL, {"kind": "username", "value": "alice"})

    assert response.status_code == 405
    assert sign_in(Client(), "alice", address=OFFICE).status_code == 429


def test_unlock_without_the_csrf_token_is_refused(superuser, alice_locked_out):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)

    response = client.post(UNLOCK_URL, {"kind": "username", "value": "alice"})

    assert response.status_code == 403
    assert sign_in(Client(), "alice", address=OFFICE).status_code == 429


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "password", "value": "alice"},
        {"kind": "username", "value": ""},
        {"kind": "address", "value": "not-an-address"},
    ],
)
def test_unlock_with_bad_input_changes_nothing(admin_client, alice_locked_out, data):
    response = admin_client.post(UNLOCK_URL, data, follow=True)

    assert response.status_code == 200
    assert "Nothing was unlocked" in response.content.decode()
    assert sign_in(Client(), "alice", address=OFFICE).status_code == 429


def test_editor_cannot_see_the_lockouts_page(editor_client, alice_locked_out):
    response = editor_client.get(LOCKOUTS_URL)

    assert response.status_code == 403
    assert "alice" not in response.content.decode()


def test_editor_cannot_unlock(editor_client, alice_locked_out):
    response = editor_client.post(UNLOCK_URL, {"kind": "username", "value": "alice"})

    assert response.status_code == 403
    assert sign_in(Client(), "alice", address=OFFICE).status_code == 429


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(LOCKOUTS_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_settings_menu_offers_the_page_to_superusers_only(admin_client, editor_client):
    assert LOCKOUTS_URL in admin_client.get("/admin/").content.decode()
    assert LOCKOUTS_URL not in editor_client.get("/admin/").content.decode()


def test_management_command_unlocks_a_username(alice_locked_out):
    output = io.StringIO()

    call_command("axes_reset_username", "alice", stdout=output)

    assert "attempts removed" in output.getvalue()
    assert sign_in(Client(), "alice", address=OFFICE).status_code == 302
