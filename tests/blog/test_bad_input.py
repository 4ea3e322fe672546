"""Bad input from readers gets a 404 or a helpful page, never a server error."""

import pytest

from blog.listing import MAX_SEARCH_LENGTH

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/tag/no-such-tag/",
        "/category/no-such-category/",
        "/tag/no-such-tag/feed/",
        "/?page=abc",
        "/?page=999999",
        "/?page=0",
        "/?page=-1",
        "/tag/data/?page=abc",
        "/search/?q=data&page=abc",
        "/search/?q=data&page=999999",
        "/no-such-post/",
    ],
)
def test_unknown_or_malformed_addresses_are_not_found(client, make_post, url):
    make_post(title="Data post", tags=["Data"])
    assert client.get(url).status_code == 404


def test_empty_search_shows_the_form_without_results(client, make_post):
    make_post(title="Data post")
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<input id="search-q"' in html
    assert "found" not in html


def test_overlong_search_is_refused_with_a_message(client, make_post):
    make_post(title="Data post")
    response = client.get("/search/", {"q": "x" * 2000})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Please use at most {MAX_SEARCH_LENGTH} characters to search." in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize("query", ["<script>alert(1)</script>", "' OR 1=1 --", '"&%$§', "ü ß ä"])
def test_odd_search_terms_are_escaped_and_answered(client, make_post, query):
    make_post(title="Data post")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
