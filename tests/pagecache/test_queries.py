"""A post rendered without the full-page cache (a new content version, an editor) still
needs only a fixed, small number of queries: its body and sidebar come from fragments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from tests.factories import ImageFactory, fill_blog
from whitepapers.models import WhitepaperSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_without_the_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_EXCLUDED_PREFIXES = ["/"]


def test_post_page_takes_at_most_twelve_queries(client, blog_index, make_whitepaper, make_term):
    whitepaper_settings = WhitepaperSettings.for_site(Site.objects.get(is_default_site=True))
    whitepaper_settings.sidebar_whitepaper = make_whitepaper(cover=ImageFactory())
    whitepaper_settings.save()
    make_term("Big Data")
    posts = fill_blog(blog_index, 30)
    client.get(posts[0].url)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(posts[0].url)

    assert response["X-Page-Cache"] == "bypass"
    assert "To Whitepaper Download" in response.content.decode()
    assert len(queries) <= 12, [query["sql"][:80] for query in queries]
