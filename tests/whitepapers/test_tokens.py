"""The token module on its own: no database, no Django."""

import re

import pytest

from whitepapers.tokens import (
    SIGNATURE_LENGTH,
    ExpiredToken,
    InvalidToken,
    derive_key,
    make_token,
    read_token,
    webhook_signature,
)

KEY = derive_key("secret", "download")
NOW = 1_800_000_000


def test_token_round_trips_its_data():
    token = make_token("download", {"l": 7, "w": 3}, KEY, NOW)

    assert read_token(token, "download", KEY, max_age=60, now=NOW + 30) == ({"l": 7, "w": 3}, NOW)


def test_token_expires_after_max_age():
    token = make_token("download", {"l": 7}, KEY, NOW)

    with pytest.raises(ExpiredToken):
        read_token(token, "download", KEY, max_age=60, now=NOW + 61)


def test_token_edited_into_another_lead_is_refused():
    token = make_token("download", {"l": 7}, KEY, NOW)
    forged_payload = make_token("download", {"l": 8}, KEY, NOW)[:-SIGNATURE_LENGTH]
    forged = forged_payload + token[-SIGNATURE_LENGTH:]

    with pytest.raises(InvalidToken):
        read_token(forged, "download", KEY, max_age=60, now=NOW)


def test_token_signed_with_another_key_is_refused():
    token = make_token("download", {"l": 7}, derive_key("other secret", "download"), NOW)

    with pytest.raises(InvalidToken):
        read_token(token, "download", KEY, max_age=60, now=NOW)


def test_token_of_another_kind_is_refused():
    token = make_token("reader", {"l": 7}, KEY, NOW)

    with pytest.raises(InvalidToken):
        read_token(token, "download", KEY, max_age=60, now=NOW)


def test_token_fits_in_a_wagtail_page_url():
    token = make_token("download", {"l": 123456, "w": 78, "c": 1}, KEY, NOW)

    assert re.fullmatch(r"[\w\-]+", token)


def test_keys_differ_per_purpose():
    assert derive_key("secret", "download") != derive_key("secret", "form")


@pytest.mark.parametrize(
    "garbage", ["", "abc", "a.b.c", "äöü" * 20, "x" * 5000, "eyJrIjoxfQ" + "A" * 43, None, 42]
)
def test_malformed_tokens_are_refused(garbage):
    with pytest.raises(InvalidToken):
        read_token(garbage, "download", KEY, max_age=60, now=NOW)


def test_token_issued_in_the_future_is_refused():
    token = make_token("download", {"l": 7}, KEY, NOW + 3600)

    with pytest.raises(InvalidToken):
        read_token(token, "download", KEY, max_age=60, now=NOW)


def test_webhook_signature_covers_time_and_body():
    signature = webhook_signature(b'{"a":1}', "s3cret", 1700000000)

    assert signature.startswith("sha256=")
    assert signature != webhook_signature(b'{"a":2}', "s3cret", 1700000000)
    assert signature != webhook_signature(b'{"a":1}', "s3cret", 1700000001)
