"""Stored related-post suggestions, what they are computed from, and their settings' fields."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

__all__ = ["RelatedFeatures", "RelatedPost", "RelatedPostsSettings"]


def _weight(default, help_text):
    return models.FloatField(
        default=default,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=help_text,
    )


class RelatedPostsSettings(models.Model):
    """How "This may interest you too" picks posts; part of the blog's site settings.

    Kept in the same settings row as the sidebar's details, which every page loads anyway,
    so that rendering the block needs no query of its own for them.
    """

    FALLBACK_CATEGORY_THEN_LATEST = "category_then_latest"
    FALLBACK_LATEST = "latest"
    FALLBACK_NONE = "none"

    tag_weight = _weight(1.0, "Shared tags (tags on most posts count little or nothing).")
    term_weight = _weight(1.0, "Glossary terms both posts mention.")
    category_weight = _weight(0.5, "Shared categories.")
    text_weight = _weight(
        1.0, "Similar distinctive words in title (counted three times), teaser and body."
    )
    recency_weight = models.FloatField(
        default=0.3,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0: age does not matter; 1: a post loses half its score every half-life.",
    )
    recency_half_life_days = models.PositiveIntegerField(default=365)
    min_score = models.FloatField(
        default=0.05,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Posts scoring below this are not suggested (0 to 1).",
    )
    fallback = models.CharField(
        max_length=30,
        default=FALLBACK_CATEGORY_THEN_LATEST,
        choices=[
            (FALLBACK_CATEGORY_THEN_LATEST, "Latest posts in the same category, then latest posts"),
            (FALLBACK_LATEST, "Latest posts"),
            (FALLBACK_NONE, "Nothing: show fewer posts"),
        ],
        help_text="What fills the block when too few posts score high enough.",
    )

    related_panels = [
        MultiFieldPanel(
            [
                FieldPanel("tag_weight"),
                FieldPanel("term_weight"),
                FieldPanel("category_weight"),
                FieldPanel("text_weight"),
                FieldPanel("recency_weight"),
                FieldPanel("recency_half_life_days"),
                FieldPanel("min_score"),
                FieldPanel("fallback"),
            ],
            "Related posts",
            classname="collapsed",
        ),
    ]

    class Meta:
        abstract = True

    def related_weights(self):
        from ..related import Weights

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
    """What a live post is compared by: kept so that one refresh need not re-read every post."""

    post = models.OneToOneField(
        "blog.BlogPage", on_delete=models.CASCADE, related_name="related_features"
    )
    site_root_path = models.CharField(max_length=255, db_index=True)
    timestamp = models.FloatField()
    tags = models.JSONField(default=list)
    terms = models.JSONField(default=list)
    categories = models.JSONField(default=list)
    word_counts = models.JSONField(default=dict)

    def __str__(self):
        return f"features of post {self.post_id}"


class RelatedPost(models.Model):
    """One precomputed suggestion: `candidate` for `post`, with its rank and reasons."""

    post = models.ForeignKey(
        "blog.BlogPage", on_delete=models.CASCADE, related_name="related_suggestions"
    )
    candidate = models.ForeignKey("blog.BlogPage", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reasons = models.JSONField(default=dict)

    class Meta:
        ordering = ["post", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["post", "candidate"], name="unique_related_post")
        ]

    def __str__(self):
        return f"{self.candidate_id} for {self.post_id} (#{self.rank})"
