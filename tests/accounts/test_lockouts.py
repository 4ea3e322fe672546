"""Which usernames and addresses are locked out, from the failures on record (plain Python)."""

import datetime

from accounts.lockouts import FailedSignIns, current_lockouts

NOON = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)
QUARTER_HOUR = datetime.timedelta(minutes=15)


def minutes(count):
    return datetime.timedelta(minutes=count)


def failed(username, address, failures, minutes_ago=0):
    return FailedSignIns(username, address, failures, NOON - minutes(minutes_ago))


def lockouts(records, limit=5, cool_off=QUARTER_HOUR, now=NOON):
    return current_lockouts(records, limit=limit, cool_off=cool_off, now=now)


def test_below_the_limit_nobody_is_locked_out():
    assert lockouts([failed("alice", "198.51.100.1", 4)]) == []


def test_one_username_from_one_address_locks_both():
    found = lockouts([failed("alice", "198.51.100.1", 5, minutes_ago=2)])

    assert [(lock.kind, lock.value) for lock in found] == [
        ("username", "alice"),
        ("address", "198.51.100.1"),
    ]
    username = found[0]
    assert username.failures == 5
    assert username.last_failure == NOON - minutes(2)
    assert username.locked_until == NOON + minutes(13)
    assert username.related == ("198.51.100.1",)


def test_failures_for_one_username_add_up_over_addresses():
    found = lockouts([failed("alice", f"198.51.100.{n}", 1, minutes_ago=n) for n in range(5)])

    assert [(lock.kind, lock.value, lock.failures) for lock in found] == [("username", "alice", 5)]
    assert found[0].related == tuple(f"198.51.100.{n}" for n in range(5))


def test_failures_from_one_address_add_up_over_usernames():
    found = lockouts([failed(f"guess{n}", "198.51.100.1", 1) for n in range(5)])

    assert [(lock.kind, lock.value, lock.failures) for lock in found] == [
        ("address", "198.51.100.1", 5)
    ]


def test_failures_older_than_the_cool_off_do_not_count():
    records = [failed("alice", "198.51.100.1", 4, minutes_ago=16), failed("alice", "x", 1)]

    assert lockouts(records) == []


def test_lock_ends_when_the_failure_that_reached_the_limit_expires():
    # Newest first: 2 failures 1 minute ago, 3 failures 10 minutes ago (the limit is reached
    # there), 4 more 14 minutes ago. Once the 10-minute-old ones expire, 2 remain.
    records = [
        failed("alice", "198.51.100.1", 4, minutes_ago=14),
        failed("alice", "198.51.100.2", 3, minutes_ago=10),
        failed("alice", "198.51.100.3", 2, minutes_ago=1),
    ]

    username = lockouts(records)[0]

    assert username.failures == 9
    assert username.last_failure == NOON - minutes(1)
    assert username.locked_until == NOON + minutes(5)


def test_without_a_cool_off_the_lock_lasts_until_an_administrator_unlocks():
    found = lockouts([failed("alice", "198.51.100.1", 5, minutes_ago=600)], cool_off=None)

    assert found[0].locked_until is None


def test_records_without_a_username_or_address_count_where_they_can():
    found = lockouts([failed(None, "198.51.100.1", 5), failed("bob", None, 5)])

    assert [(lock.kind, lock.value) for lock in found] == [
        ("username", "bob"),
        ("address", "198.51.100.1"),
    ]


def test_most_recent_lockouts_come_first_within_each_kind():
    records = [failed("alice", "a", 5, minutes_ago=9), failed("bob", "b", 5, minutes_ago=1)]

    found = lockouts(records)

    assert [lock.value for lock in found] == ["bob", "alice", "b", "a"]
