"""What counts as a link or markup in a name, company or role: plain Python, no database."""

import pytest

from whitepapers.typed_text import contains_link_or_markup

REAL_NAMES = [
    "Ada",
    "O'Brien",
    "Anne-Marie",
    "Dr. Müller",
    "J. R. R. Tolkien",
    "J.R.R. Tolkien",
    "Zoë Ångström",
    "Martin Luther King Jr.",
    "Nguyễn Thị Minh Khai",
    "李小龙",
    "Mary-Kate O’Neil",
]

LINKS_AND_MARKUP = [
    "Click https://evil.example/reset",
    "hxxp://evil.example",
    "FTP://files",
    "xyz://anything",
    "www.evil.example",
    "Visit WWW.evil.example now",
    "<b>Ada</b>",
    "Ada >",
    "a < b",
    "evil.example/reset",
    "evil.example:8080/",
    "evil.example?x=1",
    "see //evil.example",
    "mailto:ada@evil.example",
    "write to ada@evil.example",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("name", REAL_NAMES)
def test_real_names_pass(name):
    assert not contains_link_or_markup(name)


@pytest.mark.parametrize("text", LINKS_AND_MARKUP)
def test_links_and_markup_are_found_in_names(text):
    assert contains_link_or_markup(text)


@pytest.mark.parametrize("text", LINKS_AND_MARKUP)
def test_links_and_markup_are_found_where_hosts_may_stand(text):
    assert contains_link_or_markup(text, allow_bare_hosts=True)


@pytest.mark.parametrize("host", ["evil.example", "Click evil.example", "evil.co.uk", "bad.пример"])
def test_a_bare_host_is_a_link_in_a_name(host):
    assert contains_link_or_markup(host)


@pytest.mark.parametrize(
    "company", ["Amazon.com Inc.", "Müller GmbH & Co.KG", "1und1.de AG", "Node.js developer"]
)
def test_a_bare_host_may_stand_in_a_company_or_role(company):
    assert not contains_link_or_markup(company, allow_bare_hosts=True)


@pytest.mark.parametrize(
    "company", ["https://amazon.com Inc.", "www.amazon.com", "Amazon.com/deals", "amazon.com:443/"]
)
def test_a_company_with_a_scheme_www_or_path_is_a_link(company):
    assert contains_link_or_markup(company, allow_bare_hosts=True)
