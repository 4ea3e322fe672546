"""Related posts for the site: compute and store suggestions, and pick them when rendering.

Scoring lives in `blog.related` (plain Python). Here: what a post is compared by (tags,
glossary terms, categories, word counts from PostgreSQL full-text or a Python tokenizer),
the stored top suggestions, their refresh in the background, and the render-time choice
(pinned posts, then stored suggestions, then the fallback).
"""

import re
from collections import Counter

from django.db import connection, transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django_tasks import task
from wagtail.models import Page, Site

from glossary.mentions import terms_mentioned_by
from pagecache.invalidation import invalidate_all

from .models import BlogPage, BlogSettings, RelatedFeatures, RelatedPost
from .models.related import RelatedPostsSettings
from .related import PostFeatures, RelatedIndex, distinctive_words, word_counts
from .text import plain_text_of_stream

__all__ = [
    "KEEP",
    "rebuild_all",
    "rebuild_related_task",
    "refresh_posts",
    "refresh_related_task",
    "related_posts_for",
]

KEEP = 16  # suggestions stored per post: 12 can be shown, plus a few for exclusions
AFFECTED_LIMIT = 200
BATCH = 500
TSVECTOR_ENTRY = re.compile(r"'((?:[^']|'')+)':([\d,A-D]+)")


def _settings():
    site = Site.objects.filter(is_default_site=True).first()
    return BlogSettings.for_site(site) if site else BlogSettings()


def _group_of(post):
    """Posts are compared within their blog (the index page they belong to)."""
    return post.path[: -Page.steplen]


def _pg_config(post):
    return "german" if (post.locale.language_code or "").startswith("de") else "english"


def _word_counts_postgres(posts, texts):
    """Word counts from PostgreSQL full-text (stemmed, stop words removed, per language)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.i, to_tsvector(t.cfg::regconfig, t.title)::text,"
            " to_tsvector(t.cfg::regconfig, t.body)::text"
            " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[])"
            " AS t(i, cfg, title, body)",
            [
                [post.pk for post in posts],
                [_pg_config(post) for post in posts],
                [post.title for post in posts],
                [texts[post.pk] for post in posts],
            ],
        )
        counts = {}
        for post_id, title_vector, body_vector in cursor.fetchall():
            words = Counter()
            for vector, factor in ((body_vector, 1), (title_vector, 3)):
                for lexeme, positions in TSVECTOR_ENTRY.findall(vector):
                    if len(lexeme) >= 3 and not lexeme.isdigit():
                        words[lexeme.replace("''", "'")] += factor * len(positions.split(","))
            counts[post_id] = dict(words)
        return counts


def _features_rows(posts):
    """RelatedFeatures for a batch of posts (tags, categories, terms prefetched or fetched)."""
    texts = {
        post.pk: post.teaser + "\n" + plain_text_of_stream(post.body.raw_data) for post in posts
    }
    if connection.vendor == "postgresql":
        counts = _word_counts_postgres(posts, texts)
    else:
        counts = {post.pk: dict(word_counts(post.title, texts[post.pk])) for post in posts}
    terms = terms_mentioned_by([post.pk for post in posts])
    return [
        RelatedFeatures(
            post_id=post.pk,
            site_root_path=_group_of(post),
            timestamp=post.date.timestamp(),
            tags=sorted(tag.slug for tag in post.tags.all()),
            terms=sorted(terms.get(post.pk, ())),
            categories=sorted(category.pk for category in post.categories.all()),
            word_counts=counts[post.pk],
        )
        for post in posts
    ]


def _visible_posts():
    return (
        BlogPage.objects.visible()
        .select_related("locale")
        .prefetch_related("tags", "categories")
        .order_by("pk")
    )


def _save_features(posts):
    rows = _features_rows(posts)
    with transaction.atomic():
        RelatedFeatures.objects.filter(post_id__in=[post.pk for post in posts]).delete()
        # Two background jobs may refresh the same post at once; the later insert yields.
        RelatedFeatures.objects.bulk_create(rows, ignore_conflicts=True)


def _index_for(group, weights):
    rows = list(
        RelatedFeatures.objects.filter(site_root_path=group).values_list(
            "post_id", "timestamp", "tags", "terms", "categories", "word_counts"
        )
    )
    document_frequency = Counter(word for *_, counts in rows for word in counts)
    posts = [
        PostFeatures(
            id=post_id,
            timestamp=timestamp,
            tags=frozenset(tags),
            terms=frozenset(terms),
            categories=frozenset(categories),
            words=distinctive_words(counts, document_frequency, len(rows)),
        )
        for post_id, timestamp, tags, terms, categories, counts in rows
    ]
    return RelatedIndex(posts, weights=weights, now=timezone.now().timestamp())


def _store(index, post_ids):
    post_ids = [post_id for post_id in post_ids if post_id in index.posts]
    rows = [
        RelatedPost(
            post_id=post_id,
            candidate_id=suggestion.post_id,
            rank=rank,
            score=round(suggestion.score, 5),
            reasons=suggestion.reasons,
        )
        for post_id in post_ids
        for rank, suggestion in enumerate(index.suggestions_for(post_id, KEEP), start=1)
    ]
    with transaction.atomic():
        RelatedPost.objects.filter(post_id__in=post_ids).delete()
        RelatedPost.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        # New picks change what posts show, even when they are computed long after a publish.
        invalidate_all()
    return len(rows)


def rebuild_all():
    """Recompute every live post's features and suggestions. Returns (posts, suggestions)."""
    weights = _settings().related_weights()
    visible_ids = []
    batch = []
    for post in _visible_posts().iterator(chunk_size=BATCH):
        batch.append(post)
        visible_ids.append(post.pk)
        if len(batch) == BATCH:
            _save_features(batch)
            batch = []
    if batch:
        _save_features(batch)
    RelatedFeatures.objects.exclude(post_id__in=visible_ids).delete()
    RelatedPost.objects.exclude(post_id__in=visible_ids).delete()
    stored = 0
    groups = RelatedFeatures.objects.values_list("site_root_path", flat=True).distinct()
    for group in list(groups):
        index = _index_for(group, weights)
        ids = sorted(index.posts)
        for start in range(0, len(ids), BATCH):
            stored += _store(index, ids[start : start + BATCH])
    return len(visible_ids), stored


def refresh_posts(post_ids):
    """Bring the suggestions up to date after these posts changed (or disappeared)."""
    weights = _settings().related_weights()
    visible = {post.pk: post for post in _visible_posts().filter(pk__in=post_ids)}
    gone = set(post_ids) - set(visible)
    affected = set(
        RelatedPost.objects.filter(candidate_id__in=post_ids).values_list("post_id", flat=True)
    )
    RelatedFeatures.objects.filter(post_id__in=gone).delete()
    RelatedPost.objects.filter(post_id__in=gone).delete()
    if visible:
        _save_features(list(visible.values()))
    groups = set(
        RelatedFeatures.objects.filter(post_id__in=affected | set(visible)).values_list(
            "site_root_path", flat=True
        )
    )
    for group in groups:
        index = _index_for(group, weights)
        targets = set(affected)
        for post_id in visible:
            if post_id in index.posts:
                targets.add(post_id)
                # Posts that should now list the changed post, whatever they listed before.
                targets.update(
                    suggestion.post_id
                    for suggestion in index.suggestions_for(post_id, AFFECTED_LIMIT)
                )
        _store(index, targets)


@task()
def refresh_related_task(post_ids):
    refresh_posts(post_ids)


@task()
def rebuild_related_task():
    rebuild_all()


def related_posts_for(page, count, pinned=(), excluded=(), automatic=True, settings=None):
    """Up to `count` (post, reason) pairs: pinned posts, then stored picks, then the fallback.

    At most three queries: the pinned posts' visibility (when there are any), the stored
    picks, and the fallback when they are too few. Pass the request's `BlogSettings`
    (already loaded for the sidebar) as `settings`.
    """
    excluded_ids = {page.pk, *(post.pk for post in excluded if post)}
    pinned = [post for post in pinned if post and post.pk not in excluded_ids]
    # Pinned posts too must be posts readers may see (an editor may have pinned a draft, a
    # private post or one dated in the future): one query for all of them.
    visible_pinned = set(
        BlogPage.objects.visible()
        .filter(pk__in=[post.pk for post in pinned])
        .values_list("pk", flat=True)
        if pinned
        else ()
    )
    chosen = []
    for post in pinned:
        if post.pk in visible_pinned and post.pk not in excluded_ids and len(chosen) < count:
            chosen.append((post, "Chosen by the editors"))
            excluded_ids.add(post.pk)
    if not automatic or len(chosen) >= count:
        return chosen
    picks = (
        RelatedPost.objects.filter(
            post_id=page.pk, candidate__in=BlogPage.objects.visible().values("pk")
        )
        .exclude(candidate_id__in=excluded_ids)
        .select_related("candidate", "candidate__header_image")
        .order_by("rank")[: count - len(chosen)]
    )
    for pick in picks:
        chosen.append((pick.candidate, reason_text(pick.reasons)))
        excluded_ids.add(pick.candidate_id)
    if len(chosen) < count:
        fallback = (settings or _settings()).fallback
        chosen.extend(_fallback(page, count - len(chosen), excluded_ids, fallback))
    return chosen


def _fallback(page, count, excluded_ids, mode):
    """Latest posts of the same blog: those sharing a category first, if so configured."""
    if mode == RelatedPostsSettings.FALLBACK_NONE:
        return []
    posts = (
        BlogPage.objects.visible()
        .filter(path__startswith=page.path[: -Page.steplen], depth=page.depth)
        .exclude(pk__in=excluded_ids)
        .select_related("header_image")
    )
    category_ids = [category.pk for category in page.categories.all()]
    if mode == RelatedPostsSettings.FALLBACK_CATEGORY_THEN_LATEST and category_ids:
        same = BlogPage.objects.filter(categories__in=category_ids).values("pk")
        posts = posts.annotate(
            same_category=Case(
                When(pk__in=same, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        ).order_by("-same_category", "-date", "-pk")
        return [
            (post, "Same category" if post.same_category else "Latest post")
            for post in posts[:count]
        ]
    return [(post, "Latest post") for post in posts.order_by("-date", "-pk")[:count]]


def reason_text(reasons):
    """A short, readable reason for editors: what the posts share."""
    parts = []
    if reasons.get("tags"):
        parts.append("tags: " + ", ".join(reasons["tags"]))
    if reasons.get("terms"):
        parts.append("terms: " + ", ".join(reasons["terms"]))
    if reasons.get("categories"):
        parts.append("same category")
    if reasons.get("words"):
        parts.append("similar words: " + ", ".join(reasons["words"][:3]))
    return "; ".join(parts) or "similar text"
