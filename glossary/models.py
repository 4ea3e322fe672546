"""Glossary terms (snippets with drafts and revisions), their mentions, and the A–Z page."""

import string

import swapper
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    PreviewableMixin,
    RevisionMixin,
)
from wagtail.rich_text import expand_db_html
from wagtail.search import index

__all__ = ["GlossaryIndexPage", "GlossaryMention", "GlossaryTerm"]

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


def lines_of(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class GlossaryTerm(
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """A term editors keep once; posts that mention it link to it with a tooltip."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(
        max_length=120, unique=True, help_text="Used in the term's web address."
    )
    variants = models.TextField(
        blank=True,
        help_text="One per line: synonyms, abbreviations and inflected forms "
        '("IoT", "Internet of Things", "Smart Factories"). Matched whatever their case.',
    )
    exact_variants = models.TextField(
        "case-sensitive variants",
        blank=True,
        help_text="One per line, matched only with exactly this capitalisation "
        '(e.g. "IT", so that "it" stays plain). Add the name here to match it exactly.',
    )
    short_definition = models.TextField(
        max_length=300, help_text="Plain text, shown in tooltips and search results."
    )
    long_definition = RichTextField(
        blank=True, features=["bold", "italic", "link", "ol", "ul", "glossary"]
    )
    related_terms = ParentalManyToManyField("self", blank=True, symmetrical=False, related_name="+")
    contrasting_terms = ParentalManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="+",
        verbose_name="not to be confused with",
    )
    defining_page = models.ForeignKey(
        PAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="defining post",
        help_text='A post that explains the term, e.g. "What is Big Data? – A definition".',
    )
    auto_link = models.BooleanField(
        "link automatically",
        default=True,
        help_text="Link this term wherever posts mention it. Manual links still work.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("short_definition"),
        FieldPanel("long_definition"),
        MultiFieldPanel(
            [FieldPanel("variants"), FieldPanel("exact_variants"), FieldPanel("auto_link")],
            "Matching in posts",
        ),
        MultiFieldPanel(
            [
                FieldPanel("related_terms"),
                FieldPanel("contrasting_terms"),
                PageChooserPanel("defining_page"),
            ],
            "Connections",
        ),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("variants"),
        index.SearchField("short_definition"),
        index.SearchField("long_definition"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "glossary term"

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        forms = [self.name, *self.variant_list, *self.exact_variant_list]
        if any(len(form) > 120 for form in forms):
            raise ValidationError({"variants": "Each variant must be at most 120 characters."})

    @property
    def variant_list(self):
        return lines_of(self.variants)

    @property
    def exact_variant_list(self):
        return lines_of(self.exact_variants)

    @property
    def synonyms(self):
        """Every other name the term goes by, for the term page."""
        seen = {self.name.casefold()}
        result = []
        for form in [*self.variant_list, *self.exact_variant_list]:
            if form.casefold() not in seen:
                seen.add(form.casefold())
                result.append(form)
        return result

    @property
    def initial(self):
        """The A–Z letter the term is filed under ("#" for digits and symbols)."""
        first = self.name[:1].upper()
        first = {"Ä": "A", "Ö": "O", "Ü": "U"}.get(first, first)
        return first if first in string.ascii_uppercase else "#"

    def get_preview_template(self, request, mode_name):
        return "glossary/term_preview.html"

    def get_preview_context(self, request, mode_name):
        return {"term": self, "preview": True}


class GlossaryMention(models.Model):
    """A page whose text mentions a term; kept up to date when pages or terms change."""

    term = models.ForeignKey(GlossaryTerm, on_delete=models.CASCADE, related_name="mentions")
    page = models.ForeignKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="glossary_mentions")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "page"], name="unique_glossary_mention")
        ]

    def __str__(self):
        return f"{self.term} in page {self.page_id}"


class GlossaryIndexPage(RoutablePageMixin, Page):
    """The A–Z glossary, with a page per term at `<slug>/`."""

    introduction = RichTextField(blank=True, features=["bold", "italic", "link"])
    posts_per_page = models.PositiveSmallIntegerField(default=10)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    settings_panels = Page.settings_panels + [FieldPanel("posts_per_page")]
    subpage_types = []
    max_count = 1

    search_fields = Page.search_fields + [index.SearchField("introduction")]

    def term_url(self, slug, request=None):
        return self.get_url(request) + self.reverse_subpage("term", args=[slug])

    @cached_property
    def live_terms(self):
        return list(GlossaryTerm.objects.filter(live=True).order_by("name"))

    @path("", name="index")
    def index_view(self, request):
        terms = self.live_terms
        letters = {term.initial for term in terms}
        alphabet = [(letter, letter in letters) for letter in [*string.ascii_uppercase, "#"]]
        groups = {}
        for term in terms:
            groups.setdefault(term.initial, []).append(term)
        return self.render(
            request,
            context_overrides={
                "alphabet": alphabet,
                "groups": sorted(groups.items(), key=lambda item: (item[0] == "#", item[0])),
                "terms": terms,
            },
        )

    @path("<slug:slug>/", name="term")
    def term_view(self, request, slug):
        from .linking import link_html
        from .mentions import pages_mentioning

        term = get_object_or_404(
            GlossaryTerm.objects.filter(live=True).select_related("defining_page"), slug=slug
        )
        long_definition = link_html(expand_db_html(term.long_definition), exclude={term.slug})
        posts = pages_mentioning(term, request, self.posts_per_page)
        # The site's own address, not the Host a client sent: term pages are cached per site.
        canonical_url = self.get_full_url(request) + self.reverse_subpage("term", args=[slug])
        if posts.number > 1:
            canonical_url += f"?page={posts.number}"
        return self.render(
            request,
            template="glossary/glossary_term_page.html",
            context_overrides={
                "term": term,
                "long_definition": long_definition,
                "related": [t for t in term.related_terms.all() if t.live],
                "contrasts": [t for t in term.contrasting_terms.all() if t.live],
                "defining_page": term.defining_page
                if term.defining_page and term.defining_page.live
                else None,
                "posts": posts,
                "canonical_url": canonical_url,
            },
        )

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if not base:
            return urls
        for term in GlossaryTerm.objects.filter(live=True).only("slug", "last_published_at"):
            urls.append(
                {
                    "location": base + self.reverse_subpage("term", args=[term.slug]),
                    "lastmod": term.last_published_at,
                }
            )
        return urls
