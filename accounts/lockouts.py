"""Which usernames and client addresses are locked out, from the failed sign-ins on record.

Plain Python, no Django. It mirrors how django-axes decides with
`AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]`: a record counts while its last failure
is no older than the cool-off; a username is locked when its records from every address add
up to the limit, an address when the records for every username from it do. Counting the
records newest first, a lock ends when the record that brought the sum to the limit expires:
the newer ones alone stay below it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

__all__ = ["ADDRESS", "USERNAME", "FailedSignIns", "Lockout", "current_lockouts"]

USERNAME = "username"
ADDRESS = "address"


@dataclass(frozen=True)
class FailedSignIns:
    """Failures for one username from one address, and when the last of them happened."""

    username: str | None
    address: str | None
    failures: int
    last_failure: datetime.datetime


@dataclass(frozen=True)
class Lockout:
    """A locked username or address (`kind` is USERNAME or ADDRESS).

    `related` lists the addresses a username was tried from, or the usernames tried from an
    address; `locked_until` is None when there is no cool-off (locked until unlocked).
    """

    kind: str
    value: str
    failures: int
    last_failure: datetime.datetime
    locked_until: datetime.datetime | None
    related: tuple[str, ...]


def _lockout(kind, value, records, limit, cool_off, related_of):
    newest_first = sorted(records, key=lambda record: record.last_failure, reverse=True)
    counted = 0
    for record in newest_first:
        counted += record.failures
        if counted >= limit:
            reaching_the_limit = record
            break
    else:
        return None
    return Lockout(
        kind=kind,
        value=value,
        failures=sum(record.failures for record in records),
        last_failure=newest_first[0].last_failure,
        locked_until=None if cool_off is None else reaching_the_limit.last_failure + cool_off,
        related=tuple(
            dict.fromkeys(related_of(r) for r in newest_first if related_of(r) is not None)
        ),
    )


def current_lockouts(records, *, limit, cool_off, now):
    """The lockouts in force at `now`: usernames first, then addresses, each newest first.

    `records` are FailedSignIns, `limit` the failures that lock, `cool_off` a timedelta (or
    None: records never expire).
    """
    if cool_off is not None:
        records = [record for record in records if record.last_failure >= now - cool_off]
    by_username, by_address = defaultdict(list), defaultdict(list)
    for record in records:
        if record.username is not None:
            by_username[record.username].append(record)
        if record.address is not None:
            by_address[record.address].append(record)

    def newest_first(lockouts):
        found = [lockout for lockout in lockouts if lockout is not None]
        return sorted(found, key=lambda lockout: lockout.last_failure, reverse=True)

    usernames = newest_first(
        _lockout(USERNAME, name, group, limit, cool_off, lambda r: r.address)
        for name, group in by_username.items()
    )
    addresses = newest_first(
        _lockout(ADDRESS, address, group, limit, cool_off, lambda r: r.username)
        for address, group in by_address.items()
    )
    return usernames + addresses
