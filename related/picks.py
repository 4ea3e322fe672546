"""What a related-posts block shows: pinned posts, then stored picks, then the fallback.

`related_posts_for` is the plugin's API for rendering; the block's template tag and the
host site's default block call it. Every post it returns is one readers may see (the site's
`visible()` rule), whatever an editor pinned.
"""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.utils.translation import gettext as _
from wagtail.models import Page

from . import conf
from .models import RelatedPost, RelatedPostsSettings

__all__ = ["Pick", "reason_text", "related_posts_for"]


@dataclass(frozen=True)
class Pick:
    """One post in the block, and why it is there (for editors). `teaser` and `image` are
    the post's fields of those roles (RELATED_POSTS_FIELDS), or None."""

    post: object
    reason: str

    @property
    def teaser(self):
        return _role(self.post, "teaser")

    @property
    def image(self):
        return _role(self.post, "image")


def _role(post, role):
    name = conf.field_name(role)
    return getattr(post, name, None) if name else None


def _with_image(posts):
    image = conf.field_name("image")
    return posts.select_related(image) if image else posts


def related_posts_for(page, count, pinned=(), excluded=(), automatic=True, request=None):
    """Up to `count` Picks for `page`. At most three queries whatever the blog's size (four
    when the site's settings are first read): the pinned posts (when there are any), the
    stored picks, and the fallback when they are too few."""
    excluded_ids = {page.pk, *(post.pk for post in excluded if post)}
    pinned_ids = [post.pk for post in pinned if post and post.pk not in excluded_ids]
    chosen = []
    if pinned_ids:
        visible = _with_image(conf.visible_posts().filter(pk__in=pinned_ids)).in_bulk()
        for post_id in dict.fromkeys(pinned_ids):
            if post_id in visible and len(chosen) < count:
                chosen.append(Pick(visible[post_id], _("Chosen by the editors")))
                excluded_ids.add(post_id)
    if not automatic or len(chosen) >= count:
        return chosen
    rank = RelatedPost.objects.filter(post_id=page.pk, candidate_id=OuterRef("pk"))
    stored = (
        _with_image(conf.visible_posts())
        .annotate(related_rank=Subquery(rank.values("rank")[:1]))
        .filter(related_rank__isnull=False)
        .exclude(pk__in=excluded_ids)
        .order_by("related_rank")[: count - len(chosen)]
    )
    for post in stored:
        chosen.append(Pick(post, _("Similar post")))
        excluded_ids.add(post.pk)
    if len(chosen) < count:
        settings = (
            RelatedPostsSettings.for_request(request)
            if request is not None
            else RelatedPostsSettings.for_site(page.get_site())
        )
        fallback = settings.fallback
        chosen.extend(_fallback(page, count - len(chosen), excluded_ids, fallback))
    return chosen


def _fallback(page, count, excluded_ids, mode):
    """Latest posts of the same blog: those sharing a category first, if so configured."""
    if mode == RelatedPostsSettings.FALLBACK_NONE:
        return []
    date = conf.field_name("date")
    posts = _with_image(
        conf.visible_posts()
        .filter(path__startswith=page.path[: -Page.steplen], depth=page.depth)
        .exclude(pk__in=excluded_ids)
    )
    categories = conf.field_name("categories")
    category_ids = (
        [category.pk for category in getattr(page.specific, categories).all()] if categories else []
    )
    if mode == RelatedPostsSettings.FALLBACK_CATEGORY_THEN_LATEST and category_ids:
        same = conf.post_model().objects.filter(**{f"{categories}__in": category_ids})
        posts = posts.annotate(
            same_category=Case(
                When(pk__in=same.values("pk"), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        ).order_by("-same_category", f"-{date}", "-pk")
        return [
            Pick(post, _("Same category") if post.same_category else _("Latest post"))
            for post in posts[:count]
        ]
    return [Pick(post, _("Latest post")) for post in posts.order_by(f"-{date}", "-pk")[:count]]


def reason_text(reasons):
    """A short, readable reason for editors: what the posts share."""
    parts = []
    if reasons.get("tags"):
        parts.append(_("tags: %s") % ", ".join(reasons["tags"]))
    if reasons.get("terms"):
        parts.append(_("terms: %s") % ", ".join(reasons["terms"]))
    if reasons.get("categories"):
        parts.append(_("same category"))
    if reasons.get("words"):
        parts.append(_("similar words: %s") % ", ".join(reasons["words"][:3]))
    return "; ".join(parts) or _("similar text")
