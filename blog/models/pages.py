"""The blog's pages: the index (front page, tags, categories, feeds, search) and posts."""

from django import forms
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, prefetch_related_objects
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from glossary.models import GlossaryIndexPage, GlossaryTerm
from related.panels import RelatedPostsPanel

from ..blocks import BlogStreamBlock
from ..feeds import AtomPostsFeed, RssPostsFeed
from ..listing import paginate, search_query_from, search_terms
from ..text import reading_time_minutes
from .snippets import Author, BlogCategory

__all__ = ["BlogIndexPage", "BlogPage", "BlogPageTag"]

LISTING_IMAGE_SPEC = "fill-480x270"


class BlogPageQuerySet(PageQuerySet):
    def visible(self, for_search=False):
        """Posts a reader may see listed: published, not private, dated now or earlier.

        The one rule for every list of posts readers see (listings, feeds, search, sitemap,
        related posts, glossary mentions, the sidebar). `for_search` states it in filters the
        search backend understands (it costs a query for the view restrictions).
        """
        posts = self.live().filter(date__lte=timezone.now())
        return posts.public() if for_search else posts.not_private()

    def not_private(self):
        """Like `public()`, as a subquery: no separate query for the restrictions."""
        restrictions = (
            PageViewRestriction.objects.filter(page__depth__lte=OuterRef("depth"))
            .annotate(prefix=Substr(OuterRef("path"), 1, Length("page__path")))
            .filter(prefix=F("page__path"))
        )
        return self.filter(~Exists(restrictions))

    def for_listing(self):
        """Everything a teaser shows, fetched in a fixed number of queries."""
        return self.select_related("header_image").prefetch_related(*listing_prefetches())

    def newest_first(self):
        return self.order_by("-date", "-pk")


BlogPageManager = PageManager.from_queryset(BlogPageQuerySet)


def listing_prefetches():
    """What post teasers show besides the post itself: authors, categories, tags, image."""
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec=LISTING_IMAGE_SPEC)
    )
    return [
        "authors",
        "categories",
        "tags",
        Prefetch("header_image__renditions", queryset=renditions),
    ]


class BlogIndexPage(RoutablePageMixin, Page):
    """The blog's front page: newest posts first, with tag, category, feed and search routes."""

    introduction = models.TextField(blank=True)
    posts_per_page = models.PositiveSmallIntegerField(default=10)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    settings_panels = Page.settings_panels + [FieldPanel("posts_per_page")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.BlogPage", "glossary.GlossaryIndexPage"]
    max_count_per_parent = 1

    def posts(self):
        return BlogPage.objects.visible().child_of(self).newest_first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["blog_index"] = self
        return context

    def render_listing(self, request, posts, route="", not_found_when_empty=False, **context):
        """One page of `posts` at this index's sub-path `route` ("tag/cloud/")."""
        context["posts"] = paginate(request, posts.for_listing(), self.posts_per_page)
        if not_found_when_empty and not context["posts"].paginator.count:
            raise Http404("No posts here.")
        # The site's own address, whatever Host the request named (pages are cached per site).
        canonical = self.get_full_url(request) + route
        if context["posts"].number > 1:
            canonical += f"?page={context['posts'].number}"
        context["canonical_url"] = canonical
        return self.render(request, context_overrides=context)

    @path("")
    def latest(self, request):
        return self.render_listing(request, self.posts())

    @path("tag/<slug:tag>/")
    def by_tag(self, request, tag):
        tag = get_object_or_404(Tag, slug=tag)
        return self.render_listing(
            request,
            self.posts().filter(tags=tag),
            route=self.reverse_subpage("by_tag", args=[tag.slug]),
            # A tag used only on drafts or private posts stays unknown to readers.
            not_found_when_empty=True,
            active_tag=tag,
            feed_url=self.url + self.reverse_subpage("tag_feed", args=[tag.slug]),
        )

    @path("category/<slug:category>/")
    def by_category(self, request, category):
        category = get_object_or_404(BlogCategory, slug=category)
        return self.render_listing(
            request,
            self.posts().filter(categories=category),
            route=self.reverse_subpage("by_category", args=[category.slug]),
            active_category=category,
        )

    @path("feed/", name="feed")
    def rss_feed(self, request):
        return RssPostsFeed()(request, index=self)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        return AtomPostsFeed()(request, index=self)

    @path("tag/<slug:tag>/feed/", name="tag_feed")
    def rss_tag_feed(self, request, tag):
        return RssPostsFeed()(request, index=self, tag=get_object_or_404(Tag, slug=tag))

    @path("tag/<slug:tag>/feed/atom/", name="tag_atom_feed")
    def atom_tag_feed(self, request, tag):
        return AtomPostsFeed()(request, index=self, tag=get_object_or_404(Tag, slug=tag))

    @path("search/", name="search")
    def search(self, request):
        query, error = search_query_from(request)
        results = None
        glossary_matches = ()
        if query:
            terms = search_terms(query)
            posts = BlogPage.objects.visible(for_search=True).child_of(self)
            matches = posts.search(terms, order_by_relevance=True) if terms else posts.none()
            results = paginate(request, matches, self.posts_per_page)
            # Search results cannot prefetch; fetch what the teasers show for this page at once.
            results.object_list = list(results.object_list)
            prefetch_related_objects(results.object_list, "header_image", *listing_prefetches())
            if terms and results.number == 1:
                glossary_matches = get_search_backend().search(
                    terms, GlossaryTerm.objects.filter(live=True)
                )[:5]
        response = self.render(
            request,
            template="blog/search.html",
            context_overrides={
                "search_query": query,
                "search_error": error,
                "results": results,
                "glossary_matches": glossary_matches,
                "glossary_index": GlossaryIndexPage.objects.live().first()
                if glossary_matches
                else None,
            },
        )
        if query or error:
            # Anyone can type endless queries: results are not kept in shared caches (the
            # full-page cache among them), only the empty search page is.
            patch_cache_control(response, private=True)
        return response


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class BlogPage(Page):
    """A blog post: teaser, authors, categories, tags and a StreamField body."""

    teaser = models.TextField(
        help_text="One or two sentences shown in listings, feeds and search results."
    )
    date = models.DateTimeField(
        "publication date",
        default=timezone.now,
        help_text="Posts dated in the future stay out of listings until that moment.",
    )
    authors = ParentalManyToManyField(Author, blank=True, related_name="posts")
    header_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    header_image_alt = models.CharField(
        "header image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the image for readers who cannot see it; "
        "leave empty if it is purely decorative.",
    )
    categories = ParentalManyToManyField(BlogCategory, blank=True, related_name="posts")
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)
    body = StreamField(BlogStreamBlock())
    show_related_posts = models.BooleanField(
        "show related posts at the end",
        default=True,
        help_text='Adds "This may interest you too" with automatic picks, unless the body '
        "already has a related-posts block.",
    )
    glossary_auto_link = models.BooleanField(
        "link glossary terms automatically",
        default=True,
        help_text="Link the first mention of each glossary term in this post.",
    )
    glossary_excluded_terms = ParentalManyToManyField(
        "glossary.GlossaryTerm",
        blank=True,
        related_name="+",
        verbose_name="terms not to link in this post",
    )
    sidebar_whitepaper = models.ForeignKey(
        "whitepapers.WhitepaperPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="whitepaper in the sidebar",
        help_text="Leave empty to show the site's default (Settings → Whitepaper settings).",
    )

    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("authors", widget=forms.CheckboxSelectMultiple),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            "Post details",
        ),
        MultiFieldPanel(
            [FieldPanel("header_image"), FieldPanel("header_image_alt")], "Header image"
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("show_related_posts"), RelatedPostsPanel()],
            "Related posts",
            classname="collapsed",
        ),
        MultiFieldPanel(
            [FieldPanel("glossary_auto_link"), FieldPanel("glossary_excluded_terms")],
            "Glossary",
            classname="collapsed",
        ),
        FieldPanel("sidebar_whitepaper", classname="collapsed"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("authors", [index.SearchField("name")]),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    objects = BlogPageManager()

    class Meta:
        verbose_name = "blog post"

    @cached_property
    def reading_time(self):
        """Whole minutes a reader needs, at least one."""
        return reading_time_minutes(self.teaser, self.body_text())

    def body_text(self):
        """The body's words as readers see them: each block's searchable content (what the
        search index, the glossary and related posts read too), no markup, no settings."""
        return "\n".join(self.body.stream_block.get_searchable_content(self.body))

    @property
    def has_related_block(self):
        # The raw data, so that asking does not load the blocks' pages and images.
        return any(block["type"] == "related_posts" for block in self.body.raw_data)

    def prefetch_for_page(self):
        """The template shows authors, categories and tags several times: fetch each once
        (called only when the post's fragments are not in the cache)."""
        prefetch_related_objects([self], "authors__photo", "categories", "tags")
