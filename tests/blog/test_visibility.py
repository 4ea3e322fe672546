"""Drafts, unpublished, private and future-dated posts never reach a list readers see.

One rule (`BlogPage.objects.visible()`) decides; every place that lists posts is checked
here: listings, tag and category pages, feeds, search, sitemap, the sidebar, related posts
(pinned, automatic and fallback) and the glossary's "Posts that explain this term".
"""

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

pytestmark = pytest.mark.django_db

HIDDEN_TITLE = "Leaky hidden post"
HIDDEN_SLUG = "leaky-hidden-post"
LISTING_URLS = [
    "/",
    "/tag/leaky/",
    "/category/secret/",
    "/feed/",
    "/feed/atom/",
    "/tag/leaky/feed/",
    "/search/?q=Leaky",
    "/sitemap.xml",
    "/glossary/leakage/",
]


@pytest.fixture
def visible_post(make_post, make_term):
    from tests.factories import CategoryFactory

    make_term("Leakage")
    return make_post(
        title="Visible companion",
        tags=["Leaky"],
        categories=[CategoryFactory(slug="secret")],
        body=[("paragraph", RichText("<p>Leakage of hidden posts is a bug.</p>"))],
    )


def hidden_post(make_post, **kwargs):
    from blog.models import BlogCategory

    return make_post(
        title=HIDDEN_TITLE,
        slug=HIDDEN_SLUG,
        tags=["Leaky"],
        categories=[BlogCategory.objects.get(slug="secret")],
        body=[("paragraph", RichText("<p>Leakage, and more Leakage.</p>"))],
        **kwargs,
    )


def pin_on(visible_post, hidden):
    """The companion's body pins the hidden post in a related-posts block, as an editor might."""
    visible_post.body = [
        *[(block.block_type, block.value) for block in visible_post.body],
        ("related_posts", {"heading": "Read next", "count": 3, "pinned": [hidden]}),
    ]
    visible_post.save_revision().publish()
    return visible_post


def assert_nowhere(client, visible_post):
    from related.storage import rebuild_all

    rebuild_all()  # automatic picks computed now, as the nightly rebuild would
    for url in [*LISTING_URLS, visible_post.url]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert HIDDEN_TITLE not in body, url
        assert HIDDEN_SLUG not in body, url


def test_unpublished_post_never_listed(client, make_post, visible_post):
    post = hidden_post(make_post)
    pin_on(visible_post, post)
    post.unpublish()
    assert_nowhere(client, visible_post)


def unpublished_hidden_post(blog_index):
    from blog.models import BlogCategory
    from tests.factories import BlogPageFactory

    return BlogPageFactory(
        parent=blog_index,
        title=HIDDEN_TITLE,
        slug=HIDDEN_SLUG,
        live=False,
        tags=["Leaky"],
        categories=[BlogCategory.objects.get(slug="secret")],
        body=[("paragraph", RichText("<p>Leakage, and more Leakage.</p>"))],
    )


def test_draft_post_never_listed(client, blog_index, visible_post):
    post = unpublished_hidden_post(blog_index)
    post.save_revision()
    pin_on(visible_post, post)
    assert_nowhere(client, visible_post)


@pytest.mark.parametrize(
    "restriction",
    [
        {"restriction_type": PageViewRestriction.PASSWORD, "password": "secret"},
        {"restriction_type": PageViewRestriction.LOGIN},
    ],
    ids=["password", "login"],
)
def test_private_post_never_listed(client, make_post, visible_post, restriction):
    post = hidden_post(make_post)
    pin_on(visible_post, post)
    PageViewRestriction.objects.create(page=post, **restriction)
    assert_nowhere(client, visible_post)


def test_future_dated_post_never_listed(client, make_post, visible_post):
    post = hidden_post(make_post, date=timezone.now() + timezone.timedelta(days=3))
    pin_on(visible_post, post)
    assert_nowhere(client, visible_post)


def test_scheduled_post_never_listed_before_it_goes_live(client, blog_index, visible_post):
    post = unpublished_hidden_post(blog_index)
    post.go_live_at = timezone.now() + timezone.timedelta(days=1)
    post.save_revision(approved_go_live_at=post.go_live_at)
    pin_on(visible_post, post)
    assert_nowhere(client, visible_post)


def test_the_companion_itself_is_listed_everywhere(client, make_post, visible_post):
    """The checks above can fail: a visible post does show up in the same places."""
    pin_on(make_post(title="Pinning post"), visible_post)
    assert "Visible companion" in client.get("/pinning-post/").content.decode()
    for url in LISTING_URLS:
        assert "visible-companion" in client.get(url).content.decode(), url


def test_tag_used_only_on_hidden_posts_is_not_found(client, make_post):
    post = make_post(title="Only user of a tag", tags=["Internal"])
    post.unpublish()
    assert client.get("/tag/internal/").status_code == 404
