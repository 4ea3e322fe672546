"""Fixed-window rate limits in the shared cache, so every app server counts together."""

import hashlib
import time

from django.core.cache import cache

from .addresses import mailbox_key
from .conf import rate_limits

__all__ = [
    "RateLimited",
    "check_mailbox_limit",
    "check_rate_limit",
    "client_ip",
]

# (requests, seconds): per client address, and per target mailbox so the form can never be
# used to flood someone's inbox.
DEFAULT_RATE_LIMITS = {"ip": (20, 60 * 60), "email": (3, 60 * 60)}


class RateLimited(Exception):
    """Too many requests for one key; `retry_after` says how many seconds to wait."""

    def __init__(self, scope, retry_after):
        super().__init__(scope)
        self.scope = scope
        self.retry_after = retry_after


def client_ip(request):
    # REMOTE_ADDR only: a client-sent X-Forwarded-For would let anyone pick their own key.
    # Behind a proxy the host site must put the client there (ours: TRUSTED_PROXIES).
    return request.META.get("REMOTE_ADDR", "")


def check_rate_limit(scope, value):
    """Count one request for `value` in `scope`; raise RateLimited beyond the limit."""
    allowed, window = rate_limits()[scope]
    now = int(time.time())
    window_start = now - now % window
    digest = hashlib.sha256(f"{scope}:{value}".lower().encode()).hexdigest()[:32]
    key = f"whitepapers:ratelimit:{scope}:{digest}:{window_start}"
    # add() then incr() is atomic on Redis and on the local-memory cache.
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.add(key, 1, timeout=window + 5)
        count = 1
    if count > allowed:
        raise RateLimited(scope, retry_after=window_start + window - now)


def check_mailbox_limit(address):
    """Count one mail to `address`'s mailbox, whatever the spelling ("Victim+1@…" and
    '"victim"@…' are one inbox, see addresses.py); raise RateLimited beyond the limit."""
    check_rate_limit("email", mailbox_key(address))
