"""The rules for CRM webhook URLs, without Django or a network: public https targets only."""

import ipaddress
import socket

import pytest

from whitepapers.webhook_rules import (
    RefusedURL,
    address_refusal,
    check_webhook_url,
    parse_networks,
    split_webhook_url,
)

PUBLIC_V4 = "93.184.216.34"
PUBLIC_V6 = "2606:2800:220:1:248:1893:25c8:1946"


def resolver(answers):
    """A stand-in for socket.getaddrinfo: name → addresses; other names do not resolve."""
    calls = []

    def resolve(host, port, *args, **kwargs):
        calls.append(host)
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (
                socket.AF_INET6 if ":" in address else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (address, port, 0, 0) if ":" in address else (address, port),
            )
            for address in answers[host]
        ]

    resolve.calls = calls
    return resolve


def refusal(url, **kwargs):
    kwargs.setdefault("resolve", resolver({"crm.example.com": [PUBLIC_V4]}))
    with pytest.raises(RefusedURL) as caught:
        check_webhook_url(url, **kwargs)
    return caught.value


# Scheme and form


def test_a_public_https_url_is_accepted_with_its_addresses():
    target = check_webhook_url(
        "https://crm.example.com/hooks/leads?x=1",
        resolve=resolver({"crm.example.com": [PUBLIC_V4, PUBLIC_V6]}),
    )
    assert (target.scheme, target.host, target.port, target.path) == (
        "https",
        "crm.example.com",
        443,
        "/hooks/leads?x=1",
    )
    assert target.addresses == (
        ipaddress.ip_address(PUBLIC_V4),
        ipaddress.ip_address(PUBLIC_V6),
    )


@pytest.mark.parametrize(
    "url", ["http://crm.example.com/", "ftp://crm.example.com/", "crm.example.com"]
)
def test_only_https_is_accepted_by_default(url):
    assert refusal(url).code == "scheme"


def test_http_is_accepted_only_when_allowed():
    target = check_webhook_url(
        "http://crm.example.com:8080/",
        allow_http=True,
        resolve=resolver({"crm.example.com": [PUBLIC_V4]}),
    )
    assert (target.scheme, target.port) == ("http", 8080)
    assert refusal("ftp://crm.example.com/", allow_http=True).code == "scheme"


def test_splitting_a_url_asks_no_dns():
    target = split_webhook_url("https://CRM.Example.com")
    assert (target.host, target.port, target.path, target.addresses) == (
        "crm.example.com",
        443,
        "/",
        (),
    )


@pytest.mark.parametrize(
    "url, code",
    [
        ("https://user:pw@crm.example.com/", "credentials"),
        ("https://crm.example.com@127.0.0.1/", "credentials"),
        ("https:///hooks", "host"),
        ("https://crm.example.com:99999/", "port"),
        ("https://crm.example.com:0/", "port"),
        ("https://crm.example.com/ hooks", "malformed"),
        ("https://crm.example.com\\@127.0.0.1/", "malformed"),
        ("https://crm.exa_mple.com/", "host"),
        ("https://-crm.example.com/", "host"),
        ("https://[fe80::1%25eth0]/", "host"),
    ],
)
def test_urls_that_could_hide_another_target_are_refused(url, code):
    assert refusal(url).code == code


@pytest.mark.parametrize(
    "url",
    [
        "https://2130706433/",
        "https://0x7f.1/",
        "https://0x7f000001/",
        "https://127.1/",
        "https://0177.0.0.1/",
        "https://127.000.000.001/",
        "https://1.2.3.4.5/",
    ],
)
def test_numeric_tricks_are_refused_without_asking_dns(url):
    resolve = resolver({})
    assert refusal(url, resolve=resolve).code == "numeric_host"
    assert resolve.calls == []


@pytest.mark.parametrize("host", ["localhost", "localhost.", "LOCALHOST", "crm.localhost"])
def test_localhost_names_are_refused(host):
    assert refusal(f"https://{host}/").code == "localhost"


def test_one_trailing_dot_is_the_same_name():
    target = check_webhook_url(
        "https://crm.example.com./", resolve=resolver({"crm.example.com": [PUBLIC_V4]})
    )
    assert target.host == "crm.example.com"


def test_international_names_are_resolved_in_their_ascii_form():
    resolve = resolver({"xn--bcher-kva.example": [PUBLIC_V4]})
    assert check_webhook_url("https://bücher.example/", resolve=resolve).host == (
        "xn--bcher-kva.example"
    )


# Addresses


@pytest.mark.parametrize(
    "address, kind",
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("100.64.0.1", "shared"),
        ("100.127.255.254", "shared"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.0.8", "reserved"),
        ("fec0::1", "reserved"),
        ("2001::1", "reserved"),
        ("::7f00:1", "reserved"),
        ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        # IPv4 inside IPv6: mapped, 6to4 and NAT64 are judged by the IPv4 address.
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "link-local"),
        ("2002:7f00:1::", "loopback"),
        ("2002:a00:1::", "private"),
        ("64:ff9b::a9fe:a9fe", "link-local"),
    ],
)
def test_addresses_that_are_not_public_are_refused(address, kind):
    assert address_refusal(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize(
    "address", [PUBLIC_V4, "8.8.8.8", "1.1.1.1", PUBLIC_V6, "::ffff:8.8.8.8", "2002:808:808::"]
)
def test_public_addresses_pass(address):
    assert address_refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "url, kind",
    [
        ("https://127.0.0.1:8000/", "loopback"),
        ("https://[::1]/", "loopback"),
        ("https://169.254.169.254/latest/meta-data/", "link-local"),
        ("https://[::ffff:127.0.0.1]/", "loopback"),
        ("https://[::ffff:7f00:1]/", "loopback"),
        ("https://100.64.1.1/", "shared"),
        ("https://0.0.0.0/", "unspecified"),
    ],
)
def test_literal_addresses_that_are_not_public_are_refused_without_dns(url, kind):
    resolve = resolver({})
    refused = refusal(url, resolve=resolve)
    assert (refused.code, refused.params["kind"]) == ("address", kind)
    assert refused.depends_on_dns is False
    assert resolve.calls == []


def test_a_name_is_refused_if_any_of_its_addresses_is_not_public():
    resolve = resolver({"crm.example.com": [PUBLIC_V4, "10.0.0.5"]})
    refused = refusal("https://crm.example.com/", resolve=resolve)
    assert refused.code == "address"
    assert refused.params == {"host": "crm.example.com", "address": "10.0.0.5", "kind": "private"}
    assert refused.depends_on_dns is True


def test_a_name_that_does_not_resolve_is_refused():
    refused = refusal("https://nowhere.example.com/", resolve=resolver({}))
    assert (refused.code, refused.params["host"]) == ("unresolvable", "nowhere.example.com")
    assert refused.depends_on_dns is True


# Allowed networks (local development, tests)


def test_an_allowed_network_lets_a_loopback_crm_through():
    target = check_webhook_url(
        "http://127.0.0.1:8000/hooks",
        allow_http=True,
        allowed_networks=parse_networks(["127.0.0.1/32"]),
    )
    assert target.addresses == (ipaddress.ip_address("127.0.0.1"),)


def test_an_allowed_network_admits_only_itself():
    networks = parse_networks(["127.0.0.1/32"])
    assert address_refusal(ipaddress.ip_address("127.0.0.2"), networks) == "loopback"
    assert address_refusal(ipaddress.ip_address("::ffff:127.0.0.1"), networks) is None


def test_a_malformed_allowed_network_is_an_error():
    with pytest.raises(ValueError, match="not-a-network"):
        parse_networks(["not-a-network"])
