"""Guessing passwords at /admin/login/: a username and a client address are each locked out
after too many failed sign-ins, with a clear message on Wagtail's own sign-in page."""

from django.test import Client

from .helpers import (
    ATTACKER,
    COOL_OFF_MINUTES,
    ELSEWHERE,
    FAILURE_LIMIT,
    LOCKOUT_MESSAGE,
    OFFICE,
    WRONG_PASSWORD,
    fail_to_sign_in,
    is_signed_in,
    let_time_pass,
    sign_in,
)


def assert_locked_out(response, client):
    assert response.status_code == 429
    assert response["Retry-After"] == str(COOL_OFF_MINUTES * 60)
    html = response.content.decode()
    assert LOCKOUT_MESSAGE in html
    # Wagtail's own sign-in page, ready for the next try, not a bare text page.
    assert 'class="login-form"' in html
    assert 'name="password"' in html
    assert not is_signed_in(client)


def test_right_password_after_many_wrong_ones_is_refused(client, alice):
    # What the outside probe did: 25 wrong passwords, then the right one.
    fail_to_sign_in(client, "alice", 25)

    response = sign_in(client, "alice")

    assert_locked_out(response, client)


def test_failures_below_the_limit_only_say_the_password_was_wrong(client, alice):
    fail_to_sign_in(client, "alice", FAILURE_LIMIT - 2)

    response = sign_in(client, "alice", WRONG_PASSWORD)

    assert response.status_code == 200
    assert "didn&#x27;t match" in response.content.decode()
    assert LOCKOUT_MESSAGE not in response.content.decode()
    assert sign_in(client, "alice").status_code == 302
    assert is_signed_in(client)


def test_the_failure_that_reaches_the_limit_shows_the_lockout(client, alice):
    fail_to_sign_in(client, "alice", FAILURE_LIMIT - 1)

    response = sign_in(client, "alice", WRONG_PASSWORD)

    assert_locked_out(response, client)


def test_address_is_locked_after_failures_for_any_usernames(client, alice, bob):
    # One failure each for many usernames: no username reaches the limit, the address does.
    for number in range(FAILURE_LIMIT):
        sign_in(client, f"guess{number}", WRONG_PASSWORD, address=ATTACKER)

    from_attacker = sign_in(client, "bob", address=ATTACKER)

    assert_locked_out(from_attacker, client)
    # Only that address: bob signs in from the office.
    assert sign_in(Client(), "bob", address=OFFICE).status_code == 302


def test_user_locked_from_one_address_is_refused_from_another(client, alice):
    fail_to_sign_in(client, "alice", FAILURE_LIMIT, address=ATTACKER)

    response = sign_in(client, "alice", address=OFFICE)

    assert_locked_out(response, client)


def test_username_is_locked_by_failures_spread_over_many_addresses(client, alice):
    # One failure from each address: no address reaches the limit, the username does.
    for number in range(FAILURE_LIMIT):
        sign_in(client, "alice", WRONG_PASSWORD, address=f"198.51.100.{number + 1}")

    response = sign_in(client, "alice", address=OFFICE)

    assert_locked_out(response, client)


def test_other_users_sign_in_while_one_username_is_locked(client, alice, bob):
    for number in range(FAILURE_LIMIT):
        sign_in(client, "alice", WRONG_PASSWORD, address=f"198.51.100.{number + 1}")

    assert sign_in(client, "bob", address=OFFICE).status_code == 302


def test_forwarded_for_header_sent_by_the_client_is_ignored(client, alice, bob):
    # An attacker inventing a new X-Forwarded-For for every guess is still one address.
    for number in range(FAILURE_LIMIT):
        sign_in(
            client,
            f"guess{number}",
            WRONG_PASSWORD,
            address=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number + 1}",
        )

    response = sign_in(client, "bob", address=ATTACKER, HTTP_X_FORWARDED_FOR=ELSEWHERE)

    assert_locked_out(response, client)


def test_lockout_ends_after_the_cool_off(client, alice):
    fail_to_sign_in(client, "alice", FAILURE_LIMIT)

    let_time_pass(COOL_OFF_MINUTES + 1)
    response = sign_in(client, "alice")

    assert response.status_code == 302
    assert is_signed_in(client)


def test_lockout_lasts_until_the_cool_off_ends(client, alice):
    fail_to_sign_in(client, "alice", FAILURE_LIMIT)

    let_time_pass(COOL_OFF_MINUTES - 1)

    assert_locked_out(sign_in(client, "alice"), client)


def test_guessing_during_the_lockout_starts_the_cool_off_again(client, alice):
    fail_to_sign_in(client, "alice", FAILURE_LIMIT)
    let_time_pass(COOL_OFF_MINUTES - 1)
    sign_in(client, "alice", WRONG_PASSWORD)

    let_time_pass(2)

    assert_locked_out(sign_in(client, "alice"), client)


def test_successful_sign_in_resets_the_users_counter(client, alice):
    fail_to_sign_in(client, "alice", FAILURE_LIMIT - 1)
    assert sign_in(client, "alice").status_code == 302
    client.logout()

    fail_to_sign_in(client, "alice", FAILURE_LIMIT - 1)

    assert sign_in(client, "alice").status_code == 302
    assert is_signed_in(client)


def test_successful_sign_in_keeps_other_usernames_failures_from_the_address(client, alice, bob):
    # Otherwise anyone with one working account could sign in between guesses at others
    # and never reach the address limit.
    for number in range(FAILURE_LIMIT - 1):
        sign_in(client, f"guess{number}", WRONG_PASSWORD, address=ATTACKER)
    assert sign_in(client, "alice", address=ATTACKER).status_code == 302
    client.logout()

    sign_in(client, "guess-again", WRONG_PASSWORD, address=ATTACKER)

    assert_locked_out(sign_in(client, "bob", address=ATTACKER), client)


def test_unknown_usernames_are_locked_like_real_ones(client, alice):
    # The lockout must not tell an attacker which usernames exist.
    fail_to_sign_in(client, "nobody", FAILURE_LIMIT, address=ATTACKER)
    fail_to_sign_in(client, "alice", FAILURE_LIMIT, address=ELSEWHERE)

    unknown = sign_in(client, "nobody", WRONG_PASSWORD, address=OFFICE)
    known = sign_in(client, "alice", WRONG_PASSWORD, address=OFFICE)

    assert unknown.status_code == known.status_code == 429


def test_locked_user_can_still_ask_for_a_password_reset(client, alice, mailoutbox):
    fail_to_sign_in(client, "alice", FAILURE_LIMIT)

    response = client.post(
        "/admin/password_reset/", {"email": "alice@example.com"}, REMOTE_ADDR=OFFICE
    )

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.com"]


def test_force_login_in_tests_ignores_lockouts(client, alice):
    fail_to_sign_in(client, "alice", FAILURE_LIMIT)
    other = Client()

    other.force_login(alice)

    assert other.get("/admin/").status_code == 200


def test_superusers_are_locked_out_too(client, superuser):
    fail_to_sign_in(client, "root", FAILURE_LIMIT, address=ATTACKER)

    assert_locked_out(sign_in(client, "root", address=OFFICE), client)


def test_lockout_outside_the_sign_in_form_still_gets_the_admins_page(rf, alice):
    # Anything else that authenticates through django-axes (no such view today) is answered
    # in the admin's layout too, never with django-axes' bare text.
    from django.contrib.auth.models import AnonymousUser

    from accounts.views import lockout_response

    request = rf.post("/elsewhere/", REMOTE_ADDR=OFFICE)
    request.user = AnonymousUser()  # as the authentication middleware leaves it

    response = lockout_response(request)
    response.render()

    assert response.status_code == 429
    assert LOCKOUT_MESSAGE in response.content.decode()
    assert "/admin/login/" in response.content.decode()


def test_odd_usernames_get_the_sign_in_page_not_an_error(client, alice):
    for username in ("ali\x00ce", "a" * 300, "alice\u202e", ""):
        response = sign_in(client, username, WRONG_PASSWORD, address=ATTACKER)

        assert response.status_code == 200, repr(username)
        assert 'class="login-form"' in response.content.decode()
