"""Whatever anonymous readers send, the page cache keeps at most one copy per page and per
value of the parameters the page really reads, for the site's own scheme and address."""

import pytest
from django.core.cache import cache
from wagtail.models import Site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def stored_copies():
    """How many page copies the (local-memory) cache holds."""
    return sum(1 for key in cache._cache if "pagecache:page:" in key)


@pytest.fixture
def two_pages_of_posts(blog_index, make_post):
    blog_index.posts_per_page = 1
    blog_index.save_revision().publish()
    first = make_post(title="First post")
    make_post(title="Second post")
    return first


def test_parameters_a_page_does_not_read_share_its_copy(client, two_pages_of_posts):
    post = two_pages_of_posts
    assert client.get(post.url)["X-Page-Cache"] == "miss"

    for query in ({"utm_source": "x" * 80}, {"q": "anything"}, {"page": "7"}, {"fbclid": "1"}):
        assert client.get(post.url, query)["X-Page-Cache"] == "hit", query

    assert stored_copies() == 1


def test_listings_keep_one_copy_per_real_page(client, two_pages_of_posts):
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/", {"page": "2"})["X-Page-Cache"] == "miss"
    assert client.get("/", {"page": "2"})["X-Page-Cache"] == "hit"
    assert client.get("/", {"page": "2", "utm_source": "news"}).status_code == 200

    for junk in ("3", "99999", "0", "02", "+2", " 2", "2.0", "abc", "٢"):
        assert client.get("/", {"page": junk}).status_code == 404, junk

    assert stored_copies() == 2  # "/" and "/?page=2", whatever else was asked


def test_search_results_are_never_stored(client, two_pages_of_posts):
    assert client.get("/search/")["X-Page-Cache"] == "miss"
    for query in ("first", "second post", "x" * 150):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "bypass"

    assert stored_copies() == 1  # the empty search form


def test_glossary_mention_pages_refuse_malformed_numbers(client, make_term):
    make_term("Big Data")

    assert client.get("/glossary/big-data/")["X-Page-Cache"] == "miss"
    for junk in ("abc", "2", "01", "-1"):
        assert client.get("/glossary/big-data/", {"page": junk}).status_code == 404, junk
    assert stored_copies() == 1


def test_host_ports_share_the_site_copy_and_never_show_in_it(client, two_pages_of_posts):
    post = two_pages_of_posts
    site = Site.objects.get(is_default_site=True)

    first = client.get(post.url, HTTP_HOST="localhost:1234")
    second = client.get(post.url, HTTP_HOST="localhost:5678")

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    html = second.content.decode()
    assert ":1234" not in html
    assert f'<link rel="canonical" href="{site.root_url}{post.url}">' in html
    assert stored_copies() == 1


def test_http_and_https_get_their_own_copies(client, two_pages_of_posts):
    post = two_pages_of_posts

    plain = client.get(post.url)
    secure = client.get(post.url, secure=True)
    secure_again = client.get(post.url, secure=True)

    assert (plain["X-Page-Cache"], secure["X-Page-Cache"]) == ("miss", "miss")
    assert secure_again["X-Page-Cache"] == "hit"


def test_copies_are_bounded_by_pages_times_real_values(client, two_pages_of_posts, make_term):
    post = two_pages_of_posts
    make_term("Big Data")
    pages = [post.url, "/", "/tag/no-tag/", "/glossary/", "/glossary/big-data/", "/feed/"]

    for number in range(200):
        for url in pages:
            client.get(
                url,
                {"page": str(number), "q": f"q{number}", "utm_campaign": f"c{number}"},
                HTTP_HOST=f"localhost:{1000 + number}",
            )

    # Each page once, and the blog's listing for its two real page numbers.
    assert stored_copies() <= len(pages) + 2
