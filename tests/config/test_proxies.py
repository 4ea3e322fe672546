"""Behind our own proxies the client's address is the one they saw, and nobody can pick it."""

import pytest
from django.test import RequestFactory, override_settings

from config.middleware import TrustedProxyMiddleware
from config.proxies import client_address, parse_networks

PROXIES = parse_networks(["10.0.0.0/8", "2001:db8::1"])


def test_without_trusted_proxies_the_peer_is_the_client():
    assert client_address("203.0.113.7", "198.51.100.1", ()) == "203.0.113.7"


def test_a_request_through_our_proxy_comes_from_the_address_it_saw():
    assert client_address("10.0.0.5", "198.51.100.1", PROXIES) == "198.51.100.1"


def test_a_chain_of_our_proxies_is_walked_back_to_the_client():
    forwarded = "198.51.100.1, 10.0.0.9, 10.0.0.8"

    assert client_address("10.0.0.5", forwarded, PROXIES) == "198.51.100.1"


def test_a_client_cannot_choose_its_address_by_sending_the_header_itself():
    # The client sent "X-Forwarded-For: 1.2.3.4"; our proxy appended what it saw.
    assert client_address("10.0.0.5", "1.2.3.4, 198.51.100.1", PROXIES) == "198.51.100.1"
    # Straight to the app server, bypassing the proxy: the header is not believed at all.
    assert client_address("198.51.100.1", "10.0.0.1", PROXIES) == "198.51.100.1"


def test_garbage_in_the_header_stops_the_walk():
    assert client_address("10.0.0.5", "198.51.100.1, not-an-address", PROXIES) == "10.0.0.5"
    assert client_address("2001:db8::1", "[2001:db8::7]", PROXIES) == "2001:db8::7"


@pytest.mark.parametrize(
    ("trusted", "expected"), [([], "10.0.0.5"), (["10.0.0.0/8"], "198.51.100.1")]
)
def test_the_middleware_puts_the_client_into_remote_addr(trusted, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    seen = {}

    def view(request):
        seen["client"] = request.META["REMOTE_ADDR"]

    with override_settings(TRUSTED_PROXIES=trusted):
        TrustedProxyMiddleware(view)(request)

    assert seen["client"] == expected
