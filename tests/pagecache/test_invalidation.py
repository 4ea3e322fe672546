"""Readers get pages from the cache, and never a stale one after a change an editor makes."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Site
from wagtail.rich_text import RichText

from blog.models import BlogPage, BlogSettings
from whitepapers.models import WhitepaperSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change as the admin would: its after-commit work (the cache bump) included."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


def fetch(client, url):
    response = client.get(url)
    return response, response.content.decode()


def test_second_reader_gets_the_cached_page(client, make_post):
    post = make_post(title="Cached post")

    first, first_html = fetch(client, post.url)
    second, second_html = fetch(client, post.url)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second_html == first_html


def test_logged_in_editors_bypass_the_cache(client, make_post):
    post = make_post(title="Cached post")
    fetch(client, post.url)
    client.force_login(get_user_model().objects.create_superuser("ed", "ed@example.com", "pw"))

    response, html = fetch(client, post.url)

    assert response["X-Page-Cache"] == "bypass"
    assert "wagtail-userbar" in html


def test_publishing_a_post_shows_it_on_the_cached_index(client, blog_index, make_post, commit):
    fetch(client, "/")

    commit(make_post, title="Brand new post")

    assert "Brand new post" in fetch(client, "/")[1]


def test_republished_title_shows_everywhere(client, make_post, commit):
    post = make_post(title="Old title", tags=["cloud"])
    for url in (post.url, "/", "/tag/cloud/", "/feed/"):
        fetch(client, url)

    post.title = "New title"
    commit(post.save_revision().publish)

    for url in (post.url, "/", "/tag/cloud/", "/feed/"):
        html = fetch(client, url)[1]
        assert "New title" in html, url
        assert "Old title" not in html, url


def test_unpublished_post_disappears_at_once(client, make_post, commit):
    post = make_post(title="Soon gone")
    fetch(client, post.url)
    fetch(client, "/")

    commit(post.unpublish)

    assert client.get(post.url).status_code == 404
    assert "Soon gone" not in fetch(client, "/")[1]


def test_deleted_post_disappears_at_once(client, make_post, commit):
    post = make_post(title="Soon deleted")
    fetch(client, "/")

    commit(BlogPage.objects.get(pk=post.pk).delete)

    assert "Soon deleted" not in fetch(client, "/")[1]


def test_moved_post_answers_at_its_new_address(client, blog_index, make_post, commit):
    post = make_post(title="Moving post", slug="moving-post")
    other = make_post(title="Other post", slug="other-post")
    fetch(client, post.url)

    commit(BlogPage.objects.get(pk=post.pk).move, other, pos="last-child")

    old = client.get("/moving-post/")
    assert old.status_code == 301
    assert old["Location"] == "/other-post/moving-post/"
    assert client.get("/other-post/moving-post/").status_code == 200


def test_changed_glossary_term_shows_in_cached_posts(client, make_term, make_post, commit):
    term = make_term("Big Data", definition="Old definition.")
    post = make_post(body=[("paragraph", RichText("<p>All about Big Data today.</p>"))])
    assert "Old definition." in fetch(client, post.url)[1]

    term.short_definition = "New definition."
    commit(term.save_revision().publish)

    html = fetch(client, post.url)[1]
    assert "New definition." in html
    assert "Old definition." not in html


def test_changed_whitepaper_teaser_shows_in_cached_posts(
    client, make_post, make_whitepaper, commit
):
    whitepaper = make_whitepaper(title="Hadoop 2")
    settings = WhitepaperSettings.for_site(Site.objects.get(is_default_site=True))
    settings.sidebar_whitepaper = whitepaper
    settings.save()
    post = make_post(title="A post")
    assert "Hadoop 2" in fetch(client, post.url)[1]

    whitepaper.title = "Hadoop 3"
    commit(whitepaper.save_revision().publish)

    assert "Hadoop 3" in fetch(client, post.url)[1]


def test_changed_site_settings_show_at_once(client, make_post, commit):
    post = make_post(title="A post")
    fetch(client, post.url)
    settings = BlogSettings.for_site(Site.objects.get(is_default_site=True))
    settings.tagline = "A brand new tagline"

    commit(settings.save)

    assert "A brand new tagline" in fetch(client, post.url)[1]


def test_pages_with_a_form_are_never_cached(client, make_whitepaper):
    whitepaper = make_whitepaper()

    first = client.get(whitepaper.url)
    second = client.__class__().get(whitepaper.url)

    assert first["X-Page-Cache"] == "bypass"
    assert second["X-Page-Cache"] == "bypass"
    token = 'name="csrfmiddlewaretoken" value="'
    first_token = first.content.decode().split(token)[1][:20]
    assert first_token not in second.content.decode()


def test_tracking_parameters_reuse_the_cached_page(client, make_post):
    post = make_post(title="A post")
    fetch(client, post.url)

    response = client.get(post.url, {"utm_source": "newsletter"})

    assert response["X-Page-Cache"] == "hit"


def test_listing_pages_are_cached_apart(client, blog_index, make_post):
    blog_index.posts_per_page = 1
    blog_index.save()
    make_post(title="First")
    make_post(title="Second")
    fetch(client, "/")

    assert client.get("/", {"page": 2})["X-Page-Cache"] == "miss"


def test_preview_shows_the_draft_not_the_kept_fragments(client, make_post, make_term):
    make_term("Big Data", definition="The live definition.")
    post = make_post(title="Live title", teaser="Live teaser")
    fetch(client, post.url)  # keeps the live post's fragments
    post.teaser = "Draft teaser about Big Data"
    post.save_revision()

    draft = BlogPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    preview = draft.make_preview_request().content.decode()

    assert "Draft teaser about Big Data" in preview
    assert "Live teaser" in fetch(client, post.url)[1]


def test_editors_see_fresh_fragments_after_a_publish(client, make_post, commit):
    post = make_post(title="Before")
    client.force_login(get_user_model().objects.create_superuser("ed", "ed@example.com", "pw"))
    assert "Before" in fetch(client, post.url)[1]

    post.title = "After"
    commit(post.save_revision().publish)

    assert "After" in fetch(client, post.url)[1]
