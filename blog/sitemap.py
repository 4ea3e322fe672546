"""The sitemap: every live, public page of the site, except posts readers may not see listed."""

from wagtail.contrib.sitemaps import Sitemap

from .models import BlogPage

__all__ = ["BlogSitemap"]


class BlogSitemap(Sitemap):
    """Wagtail's sitemap without the posts `BlogPage.objects.visible()` leaves out (dated in
    the future, for now)."""

    def items(self):
        hidden_posts = BlogPage.objects.exclude(pk__in=BlogPage.objects.visible().values("pk"))
        return super().items().exclude(pk__in=hidden_posts.values("pk"))
