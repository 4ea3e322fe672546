"""Related posts' settings, what posts are compared by, and the stored suggestions.

- `RelatedPostsSettings`: how picks are made, per site (Settings → Related posts).
- `RelatedFeatures`: what a visible post is compared by, kept so that one refresh need not
  re-read every post.
- `RelatedPost`: one precomputed suggestion for a post, with its rank and the reasons.

Posts are pages of the site's RELATED_POSTS_MODEL; the foreign keys point at Wagtail's page
model, so the app works with any post model.
"""

import swapper
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .scoring import Weights

__all__ = ["RelatedFeatures", "RelatedPost", "RelatedPostsSettings"]

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


def _weight(default, help_text):
    return models.FloatField(
        default=default,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=help_text,
    )


@register_setting(icon="list-ul")
class RelatedPostsSettings(BaseSiteSetting):
    """How "This may interest you too" picks posts: the weight of each signal, how strongly
    newer posts are preferred, the threshold and what fills the block when too few score."""

    FALLBACK_CATEGORY_THEN_LATEST = "category_then_latest"
    FALLBACK_LATEST = "latest"
    FALLBACK_NONE = "none"

    tag_weight = _weight(1.0, _("Shared tags (tags on most posts count little or nothing)."))
    term_weight = _weight(1.0, _("Glossary terms both posts mention."))
    category_weight = _weight(0.5, _("Shared categories."))
    text_weight = _weight(
        1.0, _("Similar distinctive words in title (counted three times), teaser and body.")
    )
    recency_weight = models.FloatField(
        default=0.3,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0: age does not matter; 1: a post loses half its score every half-life."),
    )
    recency_half_life_days = models.PositiveIntegerField(default=365)
    min_score = models.FloatField(
        default=0.05,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Posts scoring below this are not suggested (0 to 1)."),
    )
    fallback = models.CharField(
        max_length=30,
        default=FALLBACK_CATEGORY_THEN_LATEST,
        choices=[
            (
                FALLBACK_CATEGORY_THEN_LATEST,
                _("Latest posts in the same category, then latest posts"),
            ),
            (FALLBACK_LATEST, _("Latest posts")),
            (FALLBACK_NONE, _("Nothing: show fewer posts")),
        ],
        help_text=_("What fills the block when too few posts score high enough."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("tag_weight"),
                FieldPanel("term_weight"),
                FieldPanel("category_weight"),
                FieldPanel("text_weight"),
            ],
            _("Signals"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("recency_weight"),
                FieldPanel("recency_half_life_days"),
                FieldPanel("min_score"),
                FieldPanel("fallback"),
            ],
            _("Ranking"),
        ),
    ]

    class Meta:
        verbose_name = _("related posts")

    def weights(self):
        """The scoring weights as `related.scoring` takes them."""
        return Weights(
            tags=self.tag_weight,
            terms=self.term_weight,
            categories=self.category_weight,
            text=self.text_weight,
            recency=self.recency_weight,
            half_life_days=float(self.recency_half_life_days),
            min_score=self.min_score,
        )


class RelatedFeatures(models.Model):
    """What a visible post is compared by: kept so that one refresh need not re-read every
    post. `group` is the path of the post's parent page: posts are compared within their blog."""

    post = models.OneToOneField(PAGE_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.CharField(max_length=255, db_index=True)
    timestamp = models.FloatField()
    tags = models.JSONField(default=list)
    terms = models.JSONField(default=list)
    categories = models.JSONField(default=list)
    word_counts = models.JSONField(default=dict)

    class Meta:
        verbose_name_plural = "related features"

    def __str__(self):
        return f"features of post {self.post_id}"


class RelatedPost(models.Model):
    """One precomputed suggestion: `candidate` for `post`, with its rank and reasons."""

    post = models.ForeignKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reasons = models.JSONField(default=dict)

    class Meta:
        ordering = ["post", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "candidate"], name="related_unique_post_candidate"
            )
        ]

    def __str__(self):
        return f"{self.candidate_id} for {self.post_id} (#{self.rank})"
