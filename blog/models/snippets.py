"""Authors and categories: snippets that editors keep once and pick on each post."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

__all__ = ["Author", "BlogCategory"]


class Author(index.Indexed, models.Model):
    """A person who writes posts, shown with name, role and photo."""

    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True, help_text='e.g. "Data Engineer"')
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("photo")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class BlogCategory(models.Model):
    """A broad section of the blog, e.g. "Definitions"; each has its own listing URL."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Used in the category's web address."
    )
    description = models.TextField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = "category"
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name
