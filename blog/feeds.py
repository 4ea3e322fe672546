"""RSS and Atom feeds of the blog, whole or per tag (served by BlogIndexPage's routes)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Site

__all__ = ["AtomPostsFeed", "RssPostsFeed"]

FEED_LENGTH = 20


class RssPostsFeed(Feed):
    """The newest posts of one blog index, optionally only those with one tag."""

    feed_route = "feed"  # the index's route of this feed ("tag_" + it for a tag's)

    def get_object(self, request, index, tag=None):
        self.request = request
        self.site_name = self._site_name(request)
        return index, tag

    def _site_name(self, request):
        from .models import BlogSettings

        site = Site.find_for_request(request)
        return BlogSettings.for_site(site).blog_name if site else ""

    def title(self, obj):
        index, tag = obj
        name = self.site_name or index.title
        return f"{name}: posts tagged “{tag.name}”" if tag else name

    # Every address is absolute on the site's own address: Django would otherwise complete
    # them with the Host a client sent, and feeds are cached per site.
    def link(self, obj):
        index, tag = obj
        if tag:
            return index.get_full_url(self.request) + index.reverse_subpage(
                "by_tag", args=[tag.slug]
            )
        return index.get_full_url(self.request)

    def feed_url(self, obj):
        index, tag = obj
        if tag:
            route = index.reverse_subpage(f"tag_{self.feed_route}", args=[tag.slug])
        else:
            route = index.reverse_subpage(self.feed_route)
        return index.get_full_url(self.request) + route

    def description(self, obj):
        index, _tag = obj
        return index.introduction

    def items(self, obj):
        index, tag = obj
        posts = index.posts().prefetch_related("authors")
        if tag:
            posts = posts.filter(tags=tag)
        return posts[:FEED_LENGTH]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.teaser

    def item_link(self, post):
        return post.get_full_url(request=self.request)

    def item_pubdate(self, post):
        return post.date

    def item_updateddate(self, post):
        return post.last_published_at or post.date

    def item_author_name(self, post):
        return ", ".join(author.name for author in post.authors.all()) or None


class AtomPostsFeed(RssPostsFeed):
    feed_type = Atom1Feed
    feed_route = "atom_feed"
    subtitle = RssPostsFeed.description
