"""'This may interest you too': what readers see, and how it follows the blog's changes."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.rich_text import RichText

from blog.models import BlogPage
from related.models import RelatedPost, RelatedPostsSettings
from tests.factories import BlogIndexPageFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def related_titles(client, post):
    html = client.get(post.url).content.decode()
    match = re.search(r'<nav class="related-posts[^>]*>(.*?)</nav>', html, re.S)
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', match.group(1)) if match else []


def text(words):
    return [("paragraph", RichText(f"<p>{words}</p>"))]


@pytest.fixture
def kafka_posts(make_post):
    """Three posts about streaming and one about something else."""
    make_post(title="Cooking pasta", tags=["Food"], body=text("Boil water and salt it."))
    first = make_post(
        title="Kafka basics", tags=["Kafka", "Streaming"], body=text("Kafka topics partitions")
    )
    second = make_post(
        title="Kafka in production",
        tags=["Kafka", "Streaming"],
        body=text("Kafka brokers partitions replication"),
    )
    third = make_post(title="Streaming analytics", tags=["Streaming"], body=text("Windows"))
    return first, second, third


def test_posts_suggest_related_posts_best_first(client, kafka_posts):
    first, second, third = kafka_posts
    assert related_titles(client, first)[:2] == ["Kafka in production", "Streaming analytics"]


def test_block_defaults_to_three_posts_and_heading(client, kafka_posts, make_post):
    html = client.get(kafka_posts[0].url).content.decode()
    assert '<h2 class="related-posts__heading">This may interest you too</h2>' in html
    assert len(related_titles(client, kafka_posts[0])) == 3  # filled by the fallback


def test_post_can_turn_the_default_block_off(client, kafka_posts):
    first = kafka_posts[0]
    first.show_related_posts = False
    first.save_revision().publish()
    assert related_titles(client, first) == []


def related_block(**value):
    value = {
        "heading": "Read on",
        "count": 3,
        "mode": "pinned_then_auto",
        "pinned": [],
        "excluded": [],
        "show_teaser": False,
        "show_image": False,
        **value,
    }
    return ("related_posts", value)


def test_pinned_posts_come_first_then_automatic_without_duplicates(client, kafka_posts, make_post):
    first, second, third = kafka_posts
    pasta = BlogPage.objects.get(title="Cooking pasta")
    first.body = [*text("Kafka topics partitions"), related_block(pinned=[pasta, second])]
    first.save_revision().publish()
    assert related_titles(client, first) == [
        "Cooking pasta",
        "Kafka in production",
        "Streaming analytics",
    ]


def test_pinned_only_mode_shows_no_automatic_picks(client, kafka_posts):
    first, second, _ = kafka_posts
    first.body = [*text("Kafka"), related_block(pinned=[second], mode="pinned", count=3)]
    first.save_revision().publish()
    assert related_titles(client, first) == ["Kafka in production"]


def test_pinned_post_unpublished_since_is_skipped(client, kafka_posts):
    first, second, third = kafka_posts
    first.body = [*text("Kafka"), related_block(pinned=[second, third], mode="pinned")]
    first.save_revision().publish()
    second.unpublish()
    assert related_titles(client, first) == ["Streaming analytics"]


def test_excluded_posts_are_never_suggested(client, kafka_posts):
    first, second, _ = kafka_posts
    first.body = [*text("Kafka"), related_block(excluded=[second])]
    first.save_revision().publish()
    assert "Kafka in production" not in related_titles(client, first)


def test_unpublished_post_is_never_suggested(client, kafka_posts):
    first, second, _ = kafka_posts
    second.unpublish()
    assert "Kafka in production" not in related_titles(client, first)
    assert not RelatedPost.objects.filter(candidate=second).exists()


def test_draft_post_is_never_suggested(client, kafka_posts, blog_index):
    from tests.factories import BlogPageFactory

    draft = BlogPageFactory(parent=blog_index, title="Kafka draft", live=False, tags=["Kafka"])
    draft.save_revision()
    assert "Kafka draft" not in related_titles(client, kafka_posts[0])


def test_private_post_is_never_suggested(client, kafka_posts):
    first, second, _ = kafka_posts
    PageViewRestriction.objects.create(
        page=second, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert "Kafka in production" not in related_titles(client, first)


def test_future_dated_post_is_never_suggested(client, kafka_posts, make_post):
    make_post(
        title="Kafka next year",
        tags=["Kafka", "Streaming"],
        date=timezone.now() + timezone.timedelta(days=30),
        body=text("Kafka topics partitions"),
    )
    assert "Kafka next year" not in related_titles(client, kafka_posts[0])


def test_posts_of_another_site_are_never_suggested(client, kafka_posts):
    other_index = BlogIndexPageFactory(parent=Page.get_first_root_node(), slug="other-blog")
    Site.objects.create(hostname="other.example", root_page=other_index)
    other = other_index.add_child(
        instance=BlogPage(title="Kafka elsewhere", teaser="t", body=text("Kafka topics partitions"))
    )
    other.tags.set(["Kafka", "Streaming"])
    other.save_revision().publish()
    assert "Kafka elsewhere" not in related_titles(client, kafka_posts[0])


def test_fallback_fills_with_same_category_then_latest(client, make_post):
    news = CategoryFactory(name="News", slug="news")
    lonely = make_post(
        title="Lonely", categories=[news], body=text("alpha"), date="2026-01-05T10:00Z"
    )
    make_post(title="Old news", categories=[news], body=text("beta"), date="2026-01-01T10:00Z")
    make_post(title="Newest other", body=text("gamma"), date="2026-01-09T10:00Z")
    make_post(title="Older other", body=text("delta"), date="2026-01-02T10:00Z")
    assert related_titles(client, lonely) == ["Old news", "Newest other", "Older other"]


def test_fallback_can_be_switched_off(client, make_post, blog_index):
    settings = RelatedPostsSettings.for_site(Site.objects.get(is_default_site=True))
    settings.fallback = RelatedPostsSettings.FALLBACK_NONE
    settings.save()
    lonely = make_post(title="Lonely", body=text("alpha"))
    make_post(title="Other", body=text("beta"))
    assert related_titles(client, lonely) == []


def test_publishing_a_post_updates_other_posts_blocks(client, kafka_posts, make_post):
    first = kafka_posts[0]
    new = make_post(
        title="Kafka Streams API",
        tags=["Kafka", "Streaming"],
        body=text("Kafka topics partitions streams"),
    )
    assert RelatedPost.objects.filter(post=first, candidate=new).exists()
    assert "Kafka Streams API" in related_titles(client, first)


def test_editing_tags_updates_other_posts_blocks(client, kafka_posts):
    first, _, third = kafka_posts
    before = RelatedPost.objects.get(post=first, candidate=third)
    assert before.reasons["tags"] == ["streaming"]
    third.tags.set(["Kafka", "Streaming"])
    third.save_revision().publish()
    after = RelatedPost.objects.get(post=first, candidate=third)
    assert after.reasons["tags"] == ["kafka", "streaming"]
    assert after.score > before.score


def test_deleting_a_post_updates_other_posts_blocks(client, kafka_posts):
    first, second, _ = kafka_posts
    assert RelatedPost.objects.filter(post=first, candidate=second).exists()
    second.delete()
    assert "Kafka in production" not in related_titles(client, first)
    assert not RelatedPost.objects.filter(candidate_id=second.pk).exists()


def test_rebuild_command_recomputes_everything(kafka_posts):
    from django.core.management import call_command

    RelatedPost.objects.all().delete()
    call_command("rebuild_related_posts")
    assert RelatedPost.objects.filter(post=kafka_posts[0]).exists()


def test_editor_sees_automatic_picks_and_why(client, kafka_posts):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("ed", password="pw-long-enough-123")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    html = client.get(f"/admin/pages/{kafka_posts[0].pk}/edit/").content.decode()
    assert "Automatic picks for this post" in html
    assert "Kafka in production" in html
    assert "tags: kafka, streaming" in html


def test_block_queries_do_not_grow_with_the_blog(client, blog_index, make_post):
    import random

    from blog.management.commands.generate_content import generate_posts
    from related.storage import refresh_posts

    target = make_post(title="Target", tags=["Kafka"], body=text("Kafka topics"))

    def count():
        refresh_posts([target.pk])
        client.get(target.url)
        with CaptureQueriesContext(connection) as queries:
            client.get(target.url)
        assert len(related_titles(client, target)) == 3
        return len(queries)

    generate_posts(blog_index, 19, random.Random(1))
    with_twenty = count()
    generate_posts(blog_index, 1980, random.Random(2))
    assert count() == with_twenty
