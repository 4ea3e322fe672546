"""Site-wide settings editors change in the admin: the blog's name, company, sidebar."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

__all__ = ["BlogSettings", "SocialProfileBlock"]

SOCIAL_NETWORKS = [
    ("linkedin", "LinkedIn"),
    ("xing", "XING"),
    ("x", "X (Twitter)"),
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("youtube", "YouTube"),
    ("github", "GitHub"),
    ("mastodon", "Mastodon"),
]


class SocialProfileValue(blocks.StructValue):
    def network_label(self):
        return dict(SOCIAL_NETWORKS).get(self.get("network"), self.get("network"))


class SocialProfileBlock(blocks.StructBlock):
    """A link to the company's profile on a social network."""

    network = blocks.ChoiceBlock(choices=SOCIAL_NETWORKS)
    url = blocks.URLBlock(label="Profile URL")

    class Meta:
        icon = "site"
        value_class = SocialProfileValue


@register_setting(icon="cog")
class BlogSettings(BaseSiteSetting):
    """The blog's identity and the company details of every page's sidebar and footer."""

    blog_name = models.CharField(max_length=80, default="*umBlog")
    tagline = models.CharField(max_length=200, blank=True)
    company_name = models.CharField(max_length=120, blank=True)
    address = models.TextField(blank=True, help_text="One line per address line.")
    phone = models.CharField(max_length=40, blank=True)
    fax = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    social_profiles = StreamField([("profile", SocialProfileBlock())], blank=True, default=list)
    career_heading = models.CharField(
        max_length=120, blank=True, help_text='e.g. "Working at *um:"'
    )
    career_link_text = models.CharField(max_length=120, blank=True, default="Go to the Career Page")
    career_url = models.URLField(blank=True)
    latest_posts_count = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
        help_text='How many posts "Latest Blog Posts" lists (0 hides it).',
    )

    panels = [
        MultiFieldPanel([FieldPanel("blog_name"), FieldPanel("tagline")], "Blog"),
        MultiFieldPanel(
            [
                FieldPanel("company_name"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("fax"),
                FieldPanel("email"),
            ],
            "Company",
        ),
        FieldPanel("social_profiles"),
        MultiFieldPanel(
            [
                FieldPanel("career_heading"),
                FieldPanel("career_link_text"),
                FieldPanel("career_url"),
            ],
            "Career",
        ),
        FieldPanel("latest_posts_count"),
    ]

    class Meta:
        verbose_name = "blog settings"

    @property
    def address_lines(self):
        return [line.strip() for line in self.address.splitlines() if line.strip()]
