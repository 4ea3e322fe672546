"""What a post is compared by, read from the site's post model (see `related.conf`).

Its words come from the same text the search index sees: each text field's searchable
content (a StreamField's blocks, a rich text without markup), never from a list of keys to
skip. Word counts come from PostgreSQL full-text (stemmed, stop words removed, in the post's
language) or, on other databases, from `related.scoring.word_counts`.
"""

import datetime
import re
from collections import Counter

from django.db import connection
from django.utils import timezone
from wagtail.models import Page
from wagtail.search import index

from . import conf
from .models import RelatedFeatures
from .scoring import TITLE_WEIGHT, word_counts

__all__ = ["features_rows", "group_of", "searchable_text"]

TSVECTOR_ENTRY = re.compile(r"'((?:[^']|'')+)':([\d,A-D]+)")


def group_of(post):
    """Posts are compared within their blog: the page they were published under."""
    return post.path[: -Page.steplen]


def _strings(value):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [text for item in value for text in _strings(item)]


def searchable_text(post, fields):
    """The text of `fields` of `post` as the search index sees it, one string."""
    return "\n".join(
        text for name in fields for text in _strings(index.SearchField(name).get_value(post))
    )


def _pg_config(post):
    language = getattr(getattr(post, "locale", None), "language_code", "") or ""
    return "german" if language.startswith("de") else "english"


def _word_counts_postgres(posts, titles, texts):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.i, to_tsvector(t.cfg::regconfig, t.title)::text,"
            " to_tsvector(t.cfg::regconfig, t.body)::text"
            " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[])"
            " AS t(i, cfg, title, body)",
            [
                [post.pk for post in posts],
                [_pg_config(post) for post in posts],
                [titles[post.pk] for post in posts],
                [texts[post.pk] for post in posts],
            ],
        )
        counts = {}
        for post_id, title_vector, body_vector in cursor.fetchall():
            words = Counter()
            for vector, factor in ((body_vector, 1), (title_vector, TITLE_WEIGHT)):
                for lexeme, positions in TSVECTOR_ENTRY.findall(vector):
                    if len(lexeme) >= 3 and not lexeme.isdigit():
                        words[lexeme.replace("''", "'")] += factor * len(positions.split(","))
            counts[post_id] = dict(words)
        return counts


def _timestamp(moment):
    if not isinstance(moment, datetime.datetime):  # a date: its start, in the site's zone
        moment = timezone.make_aware(datetime.datetime.combine(moment, datetime.time()))
    return moment.timestamp()


def _many(post, role):
    name = conf.field_name(role)
    return getattr(post, name).all() if name else ()


def features_rows(posts):
    """Unsaved RelatedFeatures for a batch of posts (tags and categories prefetched)."""
    title_field = conf.field_name("title")
    titles = {post.pk: str(getattr(post, title_field) or "") for post in posts}
    texts = {post.pk: searchable_text(post, conf.text_fields()) for post in posts}
    if connection.vendor == "postgresql":
        counts = _word_counts_postgres(posts, titles, texts)
    else:
        counts = {post.pk: dict(word_counts(titles[post.pk], texts[post.pk])) for post in posts}
    terms = conf.shared_terms([post.pk for post in posts])
    date_field = conf.field_name("date")
    return [
        RelatedFeatures(
            post_id=post.pk,
            group=group_of(post),
            timestamp=_timestamp(getattr(post, date_field) or post.first_published_at),
            tags=sorted(tag.slug for tag in _many(post, "tags")),
            terms=sorted(terms.get(post.pk, ())),
            categories=sorted(category.pk for category in _many(post, "categories")),
            word_counts=counts[post.pk],
        )
        for post in posts
    ]
