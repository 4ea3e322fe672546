"""Stored suggestions: compute them, keep them current, and say when they changed.

Each visible post's features (`related.features`) are kept in RelatedFeatures; its best
KEEP suggestions in RelatedPost. Changes run in the background (django-tasks): a publish,
unpublish or deletion refreshes the post and the posts that listed it or should now;
anything that changes every post's features (glossary terms, privacy, weights) rebuilds all.
After every store `related_posts_refreshed` is sent, so a site can retire cached pages.
"""

from collections import Counter

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django_tasks import task
from wagtail.models import Site

from . import conf
from .features import features_rows
from .models import RelatedFeatures, RelatedPost, RelatedPostsSettings
from .scoring import PostFeatures, RelatedIndex, distinctive_words

__all__ = [
    "rebuild_all",
    "rebuild_related_task",
    "refresh_posts",
    "refresh_related_task",
    "related_posts_refreshed",
]

# Sent (with `post_ids`) after stored suggestions changed, once the transaction commits.
related_posts_refreshed = Signal()

AFFECTED_LIMIT = 200
BATCH = 500


def current_weights():
    """The default site's weights (Settings → Related posts)."""
    site = Site.objects.filter(is_default_site=True).first()
    settings = RelatedPostsSettings.for_site(site) if site else RelatedPostsSettings()
    return settings.weights()


def _visible_posts():
    posts = conf.visible_posts().order_by("pk")
    related = [conf.field_name(role) for role in ("tags", "categories")]
    return posts.prefetch_related(*[name for name in related if name])


def _save_features(posts):
    rows = features_rows(posts)
    with transaction.atomic():
        RelatedFeatures.objects.filter(post_id__in=[post.pk for post in posts]).delete()
        # Two background jobs may refresh the same post at once; the later insert yields.
        RelatedFeatures.objects.bulk_create(rows, ignore_conflicts=True)


def _index_for(group, weights):
    rows = list(
        RelatedFeatures.objects.filter(group=group).values_list(
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
        for rank, suggestion in enumerate(index.suggestions_for(post_id, conf.KEEP), start=1)
    ]
    with transaction.atomic():
        RelatedPost.objects.filter(post_id__in=post_ids).delete()
        RelatedPost.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        _announce(post_ids)
    return len(rows)


def _announce(post_ids):
    # After the commit: a reader rendering meanwhile must not keep the old picks as new.
    ids = list(post_ids)
    transaction.on_commit(lambda: related_posts_refreshed.send(sender=RelatedPost, post_ids=ids))


def rebuild_all():
    """Recompute every visible post's features and suggestions. Returns (posts, suggestions)."""
    weights = current_weights()
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
    gone = RelatedPost.objects.exclude(post_id__in=visible_ids)
    if gone.exists():
        gone.delete()
        _announce(())
    stored = 0
    groups = RelatedFeatures.objects.values_list("group", flat=True).distinct()
    for group in list(groups):
        index = _index_for(group, weights)
        ids = sorted(index.posts)
        for start in range(0, len(ids), BATCH):
            stored += _store(index, ids[start : start + BATCH])
    return len(visible_ids), stored


def refresh_posts(post_ids):
    """Bring the suggestions up to date after these posts changed (or disappeared)."""
    weights = current_weights()
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
            "group", flat=True
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
    if gone and not groups:
        _announce(gone)


@task()
def refresh_related_task(post_ids):
    refresh_posts(post_ids)


@task()
def rebuild_related_task():
    rebuild_all()
