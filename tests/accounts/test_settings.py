"""The limits come from the environment, with their defaults in config/settings/base.py."""

import datetime

from django.conf import settings

from tests.config.helpers import run_manage

from .helpers import COOL_OFF_MINUTES, FAILURE_LIMIT

PRINT_LIMITS = (
    "from django.conf import settings as s; print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)"
)


def limits_under(**environment):
    """What `manage.py` started with `environment` reads, and how it ended."""
    return run_manage("shell", "--no-imports", "-c", PRINT_LIMITS, **environment)


def test_defaults_are_five_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == FAILURE_LIMIT
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=COOL_OFF_MINUTES)


def test_limit_and_cool_off_come_from_the_environment():
    result = limits_under(ADMIN_LOGIN_FAILURE_LIMIT="3", ADMIN_LOGIN_COOLOFF_MINUTES="60")

    assert result.stdout.split() == ["3", "1:00:00"], result.stderr


def test_cool_off_of_zero_locks_until_an_administrator_unlocks():
    result = limits_under(ADMIN_LOGIN_COOLOFF_MINUTES="0")

    assert result.stdout.split() == ["5", "None"], result.stderr


def test_a_limit_below_one_refuses_to_start():
    result = limits_under(ADMIN_LOGIN_FAILURE_LIMIT="0")

    assert result.returncode != 0
    assert "ADMIN_LOGIN_FAILURE_LIMIT must be 1 or more" in result.stderr


def test_client_address_is_remote_addr_only(rf):
    from axes.helpers import get_client_ip_address

    request = rf.get("/", REMOTE_ADDR="203.0.113.10", HTTP_X_FORWARDED_FOR="192.0.2.1")

    assert get_client_ip_address(request) == "203.0.113.10"
