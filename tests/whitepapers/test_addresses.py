"""The per-address limit's key, as plain Python: one key per mailbox, however it is spelt."""

import pytest

from whitepapers.addresses import mailbox_key


@pytest.mark.parametrize(
    "spelling",
    [
        "victim@example.org",
        "Victim@Example.ORG",
        '"victim"@example.org',
        '"Victim+list"@example.org',
        "victim+1@example.org",
        "victim+news+more@example.org",
        " victim@example.org. ",
    ],
)
def test_spellings_of_one_mailbox_share_a_key(spelling):
    assert mailbox_key(spelling) == "victim@example.org"


@pytest.mark.parametrize(
    "spelling",
    ["v.i.c.t.i.m@gmail.com", "Victim+x@GMail.com", "vic.tim@googlemail.com", "victim@gmail.com"],
)
def test_gmail_ignores_dots_and_googlemail_is_gmail(spelling):
    assert mailbox_key(spelling) == "victim@gmail.com"


def test_yahoo_tags_follow_a_hyphen():
    assert mailbox_key("victim-shop@yahoo.com") == mailbox_key("victim@yahoo.com")
    assert mailbox_key("victim-shop@yahoo.co.uk") == "victim@yahoo.co.uk"


def test_dots_and_hyphens_count_elsewhere():
    assert mailbox_key("first.last@example.org") != mailbox_key("firstlast@example.org")
    assert mailbox_key("anne-marie@example.org") == "anne-marie@example.org"


def test_international_domains_become_punycode():
    assert mailbox_key("Ada@ÄBC.de") == "ada@xn--bc-uia.de"
    assert mailbox_key("ada@xn--bc-uia.de") == "ada@xn--bc-uia.de"


def test_a_tag_alone_is_kept_rather_than_emptied():
    assert mailbox_key("+tag@example.org") == "+tag@example.org"


@pytest.mark.parametrize("odd", ["", "no-at-sign", "a@[192.0.2.1]", "a@exa_mple.org", "@"])
def test_odd_input_still_gives_a_key(odd):
    assert isinstance(mailbox_key(odd), str)
