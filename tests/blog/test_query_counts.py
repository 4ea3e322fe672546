"""Render paths do not grow with the number of posts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import fill_blog

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    client.get(url)  # first render creates image renditions; measure the steady state
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/", "/tag/big-data/", "/category/definitions/", "/feed/"])
def test_listing_queries_do_not_grow_with_posts(client, blog_index, url):
    fill_blog(blog_index, 5)
    with_five = queries_for(client, url)
    fill_blog(blog_index, 55, start=5)
    with_sixty = queries_for(client, url)
    assert with_five == with_sixty
    assert with_sixty <= 14


def test_post_page_queries_do_not_grow_with_posts(client, blog_index):
    posts = fill_blog(blog_index, 5)
    with_five = queries_for(client, posts[0].url)
    fill_blog(blog_index, 55, start=5)
    with_sixty = queries_for(client, posts[0].url)
    assert with_five == with_sixty
    # These posts have no stored picks yet, so the related block reads its settings (Settings
    # → Related posts) and fills itself from the fallback.
    assert with_sixty <= 18


def test_search_queries_do_not_grow_with_results(client, blog_index):
    fill_blog(blog_index, 2)
    with_two = queries_for(client, "/search/?q=post")
    fill_blog(blog_index, 10, start=2)
    assert queries_for(client, "/search/?q=post") == with_two
