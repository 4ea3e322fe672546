"""Drafts, unpublished, private and future-dated posts never leak to readers."""

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db

READER_URLS = [
    "/",
    "/tag/leaky/",
    "/category/secret/",
    "/feed/",
    "/feed/atom/",
    "/tag/leaky/feed/",
    "/search/?q=Leaky",
    "/sitemap.xml",
]


@pytest.fixture
def visible_post(make_post):
    from tests.conftest import CategoryFactory

    return make_post(
        title="Visible companion", tags=["Leaky"], categories=[CategoryFactory(slug="secret")]
    )


def hidden_post(make_post, **kwargs):
    from blog.models import BlogCategory

    return make_post(
        title="Leaky hidden post",
        slug="leaky-hidden-post",
        tags=["Leaky"],
        categories=[BlogCategory.objects.get(slug="secret")],
        **kwargs,
    )


def assert_nowhere(client, title):
    for url in READER_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert title not in body, url
        assert "leaky-hidden-post" not in body, url


def test_unpublished_post_never_listed(client, make_post, visible_post):
    hidden_post(make_post).unpublish()
    assert_nowhere(client, "Leaky hidden post")


def unpublished_hidden_post(blog_index):
    from blog.models import BlogCategory
    from tests.conftest import BlogPageFactory

    return BlogPageFactory(
        parent=blog_index,
        title="Leaky hidden post",
        slug="leaky-hidden-post",
        live=False,
        tags=["Leaky"],
        categories=[BlogCategory.objects.get(slug="secret")],
    )


def test_draft_post_never_listed(client, blog_index, visible_post):
    unpublished_hidden_post(blog_index).save_revision()
    assert_nowhere(client, "Leaky hidden post")


def test_private_post_never_listed(client, make_post, visible_post):
    post = hidden_post(make_post)
    PageViewRestriction.objects.create(
        page=post, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert_nowhere(client, "Leaky hidden post")


def test_future_dated_post_never_listed(client, make_post, visible_post):
    hidden_post(make_post, date=timezone.now() + timezone.timedelta(days=3))
    assert_nowhere(client, "Leaky hidden post")


def test_scheduled_post_never_listed_before_it_goes_live(client, blog_index, visible_post):
    post = unpublished_hidden_post(blog_index)
    post.go_live_at = timezone.now() + timezone.timedelta(days=1)
    post.save_revision(approved_go_live_at=post.go_live_at)
    assert_nowhere(client, "Leaky hidden post")


def test_tag_used_only_on_hidden_posts_is_not_found(client, make_post):
    post = make_post(title="Only user of a tag", tags=["Internal"])
    post.unpublish()
    assert client.get("/tag/internal/").status_code == 404
