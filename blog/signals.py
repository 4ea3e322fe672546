"""How the blog wires its plugins together: the related posts' terms come from the glossary,
and every change readers could see retires the full-page cache."""

from taggit.models import Tag

from glossary.mentions import mentions_refreshed, terms_mentioned_by
from glossary.models import GlossaryTerm
from pagecache.invalidation import invalidate_all, invalidate_on_change
from related.storage import rebuild_related_task, related_posts_refreshed

from .models import Author, BlogCategory

__all__ = ["connect", "glossary_terms_of"]


def glossary_terms_of(post_ids):
    """RELATED_POSTS_SHARED_TERMS: the glossary terms each post mentions."""
    return terms_mentioned_by(post_ids)


def mentions_changed(sender, **kwargs):
    # The related posts compare the terms posts mention: they follow the glossary.
    rebuild_related_task.enqueue()


def connect():
    mentions_refreshed.connect(mentions_changed, dispatch_uid="blog-related-after-mentions")
    # Cached pages show authors, categories, tags, terms, mentions and related picks.
    invalidate_on_change(Author, BlogCategory, Tag, GlossaryTerm)
    mentions_refreshed.connect(invalidate_all, dispatch_uid="blog-pagecache-mentions")
    related_posts_refreshed.connect(invalidate_all, dispatch_uid="blog-pagecache-related")
