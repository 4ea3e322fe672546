"""Whatever a client sends, it is answered without a server error: a malformed body with a 4xx,
an odd query, header or cookie with a 4xx or the page itself (where nothing reads it).

Each request goes to several kinds of address (front page, a post, the gate, the admin's
login, an unknown path, search), with and without a CSRF cookie, through the whole
middleware stack with CSRF checks on, as in production.
"""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


def malformed_requests():
    """(description, method, body, extra request headers)."""
    return [
        (
            "form in latin-1",
            "POST",
            b"first_name=J%E9r%F4me",
            {"CONTENT_TYPE": FORM + "; charset=latin-1"},
        ),
        (
            "form in an unknown charset",
            "POST",
            b"a=1",
            {"CONTENT_TYPE": FORM + "; charset=x-bogus"},
        ),
        ("multipart without boundary", "POST", b"a=1", {"CONTENT_TYPE": "multipart/form-data"}),
        (
            "broken multipart body",
            "POST",
            b'--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\n1',
            {"CONTENT_TYPE": "multipart/form-data; boundary=xx"},
        ),
        (
            "too many fields",
            "POST",
            "&".join(f"f{n}=1" for n in range(10_001)).encode(),
            {"CONTENT_TYPE": FORM},
        ),
        ("body too large", "POST", b"a=" + b"x" * 3_000_000, {"CONTENT_TYPE": FORM}),
        ("undecodable query", "GET", b"", {"QUERY_STRING": "q=%ff%fe&page=%00"}),
        (
            "too many query parameters",
            "GET",
            b"",
            {"QUERY_STRING": "&".join(f"p{n}=1" for n in range(10_001))},
        ),
        ("a foreign Host", "GET", b"", {"HTTP_HOST": "evil.example"}),
        ("a Host with a bad port", "GET", b"", {"HTTP_HOST": "localhost:99999999999"}),
        ("a garbled cookie header", "GET", b"", {"HTTP_COOKIE": "sessionid=\x00\x01; csrftoken="}),
        ("an unusual method", "PROPFIND", b"", {}),
    ]


@pytest.fixture
def addresses(make_post, make_whitepaper):  # noqa: F811 - the imported fixture
    post = make_post(title="Data post")
    whitepaper = make_whitepaper()
    return ["/", post.url, whitepaper.url, "/admin/login/", "/no-such-page/", "/search/?q=data"]


@pytest.mark.parametrize("with_csrf_cookie", [False, True])
@pytest.mark.parametrize(
    ("description", "method", "body", "headers"),
    malformed_requests(),
    ids=[request[0] for request in malformed_requests()],
)
def test_malformed_request_gets_no_server_error(
    addresses, with_csrf_cookie, description, method, body, headers
):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if with_csrf_cookie:
        client.get("/admin/login/")
        assert "csrftoken" in client.cookies

    for address in addresses:
        path, _, query = address.partition("?")
        extra = {"QUERY_STRING": query, **headers}
        response = client.generic(method, path, body, **extra)

        status = response.status_code
        if method == "POST":
            assert 400 <= status < 500, (description, address, status)
        else:
            assert status < 500, (description, address, status)
