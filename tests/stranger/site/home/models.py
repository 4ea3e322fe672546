"""A stranger's own page types: the home page `wagtail start` made, and an article with a
teaser, a date, tags and a body whose blocks include our related-posts block.

Nothing here is ours but `RelatedPostsBlock`: the plugins must work with any post model.
"""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from related.blocks import RelatedPostsBlock


class HomePage(Page):
    pass


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(Page):
    """An article of the stranger's magazine."""

    date = models.DateField("published on")
    teaser = models.TextField(blank=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title")),
            ("paragraph", blocks.RichTextBlock()),
            ("related", RelatedPostsBlock()),
        ],
        blank=True,
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("teaser"),
        FieldPanel("tags"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.HomePage"]
