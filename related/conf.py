"""How a site connects its post pages to related posts, and the app's other settings.

Read in this one place (`django.core.checks` in `related.checks` say what is missing):

- `RELATED_POSTS_MODEL` (required): the page model of the site's posts, "blog.BlogPage".
  Its queryset may define `visible()`, the site's rule for which posts readers may see listed;
  without it, live and public posts count.
- `RELATED_POSTS_FIELDS`: which of the model's fields hold what, defaults in DEFAULT_FIELDS:
  `title`, `text` (fields whose searchable content is compared, as the search index sees it:
  a StreamField's blocks, a rich text's words), `date` (a date or datetime), `tags` (a
  taggit manager), `categories` (a many-to-many field, or None), `teaser` and `image` (shown
  by the block when it asks for them; None to leave out).
- `RELATED_POSTS_SHARED_TERMS` (optional): dotted path of a function `terms(post_ids)` ->
  `{post id: {term key, ...}}`, e.g. the glossary terms each post mentions. Without it the
  terms signal scores nothing.
"""

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import import_string

__all__ = [
    "DEFAULT_FIELDS",
    "KEEP",
    "field_name",
    "post_model",
    "shared_terms",
    "text_fields",
    "visible_posts",
]

DEFAULT_FIELDS = {
    "title": "title",
    "text": ["teaser", "body"],
    "date": "date",
    "tags": "tags",
    "categories": "categories",
    "teaser": "teaser",
    "image": "header_image",
}
# Suggestions stored per post: 12 can be shown, plus a few that exclusions may remove.
KEEP = 16


def post_model():
    """The site's post page model (RELATED_POSTS_MODEL)."""
    return apps.get_model(settings.RELATED_POSTS_MODEL)


def field_name(role):
    """The model field that plays `role` ("date", "tags", ...), or None if the site has none."""
    return {**DEFAULT_FIELDS, **getattr(settings, "RELATED_POSTS_FIELDS", {})}[role]


def text_fields():
    return list(field_name("text") or ())


def visible_posts():
    """The posts readers may see listed, by the site's rule if its queryset has `visible()`."""
    posts = post_model().objects.all()
    visible = getattr(posts, "visible", None)
    return visible() if callable(visible) else posts.live().public()


def shared_terms(post_ids):
    """{post id: set of term keys} from RELATED_POSTS_SHARED_TERMS, or nothing."""
    path = getattr(settings, "RELATED_POSTS_SHARED_TERMS", "")
    return import_string(path)(post_ids) if path else {}
