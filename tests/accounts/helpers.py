"""Signing in from a given client address, and the people who do. Import from here."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

PASSWORD = "the-right-password-for-tests"


WRONG_PASSWORD = "a-wrong-guess"


LOGIN_URL = "/admin/login/"


OFFICE = "203.0.113.10"  # documentation addresses (RFC 5737)


ATTACKER = "198.51.100.66"


ELSEWHERE = "192.0.2.44"


# The defaults documented in the README; test_settings checks the settings still say so.
FAILURE_LIMIT = 5


COOL_OFF_MINUTES = 15


LOCKOUT_MESSAGE = (
    "Too many failed sign-ins. Try again in 15 minutes or ask an administrator to unlock "
    "your account."
)


def make_user(username, group=None, **kwargs):
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.com", password=PASSWORD, **kwargs
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def sign_in(client, username, password=PASSWORD, address=OFFICE, **extra):
    """Post Wagtail's sign-in form as a browser at `address` would."""
    return client.post(
        LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def fail_to_sign_in(client, username, times, address=OFFICE):
    for _ in range(times):
        sign_in(client, username, WRONG_PASSWORD, address)


def is_signed_in(client):
    return "_auth_user_id" in client.session


def let_time_pass(minutes):
    """Every failed sign-in on record happened `minutes` earlier than it did."""
    from axes.models import AccessAttempt
    from django.db.models import F

    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes)
    )
