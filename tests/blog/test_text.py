"""A post's words are what readers read: the blocks' searchable content, nothing else."""

import pytest

from blog.models import BlogPage
from blog.text import reading_time_minutes


def test_reading_time_counts_words_at_two_hundred_per_minute():
    assert reading_time_minutes("word " * 600) == 3


def test_reading_time_is_at_least_one_minute():
    assert reading_time_minutes("") == 1


@pytest.mark.django_db  # a StreamField's blocks may look up what they point to
def test_body_text_is_what_readers_read_without_settings_or_addresses():
    post = BlogPage(
        title="A post",
        teaser="Teaser",
        body=[
            ("heading", {"text": "What is IoT?", "level": "h2"}),
            ("paragraph", "<p>Things &amp; <b>devices</b></p>"),
            ("callout", {"text": "IoT is not Industry 4.0", "note": ""}),
            ("embed", "https://www.youtube.com/watch?v=abc"),
            (
                "link_list",
                {
                    "heading": "Further reading",
                    "links": [{"page": None, "url": "https://example.com/x", "title": "A guide"}],
                },
            ),
            ("related_posts", {"heading": "Read on", "mode": "pinned_then_auto", "count": 3}),
        ],
    )

    text = post.body_text()

    for words in ("What is IoT?", "Things & devices", "IoT is not Industry 4.0", "A guide"):
        assert words in " ".join(text.split()), words
    for leaked in ("h2", "Heading 2", "youtube", "example.com", "pinned", "Pinned", "Read on"):
        assert leaked not in text, leaked
