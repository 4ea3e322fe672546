"""Failed sign-ins as django-axes records them: who is locked out, and lifting a lockout.

django-axes keeps one row per username, address and browser (`axes.models.AccessAttempt`)
with its failures and the time of the last one. Everything that reads or clears those rows for
this app is here; `accounts.lockouts` decides from them who is locked out.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.utils import timezone

from .lockouts import ADDRESS, USERNAME, FailedSignIns, current_lockouts

__all__ = [
    "SignInAttemptHandler",
    "client_address",
    "lockout_minutes",
    "lockouts_on_record",
    "unlock",
]


def client_address(request):
    """The address a sign-in comes from: REMOTE_ADDR, never a header the client sent.

    (AXES_CLIENT_IP_CALLABLE.) Behind our own proxies `config.middleware.TrustedProxyMiddleware`
    has put the client's address there (TRUSTED_PROXIES).
    """
    return request.META.get("REMOTE_ADDR")


class SignInAttemptHandler(AxesDatabaseHandler):
    """django-axes' database handler, except that a successful sign-in clears only that
    username's failures.

    django-axes would also clear every failure from the client's address; then anyone with
    one working account could sign in between guesses at other accounts and never reach the
    address limit. The user's own failures from that address go with their username's.
    """

    def reset_user_attempts(self, request, credentials=None):
        username = get_client_username(request, credentials)
        if not username:
            return 0
        deleted, _ = AccessAttempt.objects.filter(username=username).delete()
        return deleted


def lockouts_on_record(now=None):
    """The lockouts in force (`accounts.lockouts.Lockout`), read in one query."""
    now = now or timezone.now()
    cool_off = get_cool_off()
    attempts = AccessAttempt.objects.order_by()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=now - cool_off)
    records = [
        FailedSignIns(username, address, failures, last_failure)
        for username, address, failures, last_failure in attempts.values_list(
            "username", "ip_address", "failures_since_start", "attempt_time"
        )
    ]
    return current_lockouts(
        records, limit=get_failure_limit(None, None), cool_off=cool_off, now=now
    )


def unlock(kind, value):
    """Forget the failures of a username (from every address) or of an address (for every
    username), as `manage.py axes_reset_username` / `axes_reset_ip` do; returns how many
    records went. An address must be valid (`validate_ipv46_address`)."""
    if kind == USERNAME:
        return reset(username=value)
    if kind == ADDRESS:
        return reset(ip=value)
    raise ValueError(f"Cannot unlock a {kind!r}")


def lockout_minutes():
    """How long a lockout lasts after the last failure, in whole minutes (rounded up), or
    None when it lasts until an administrator unlocks."""
    cool_off = get_cool_off()
    if cool_off is None:
        return None
    return -(-int(cool_off.total_seconds()) // 60)
