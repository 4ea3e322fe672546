"""How a site connects its pages to the glossary, read in this one place.

- `GLOSSARY_PAGE_MODELS`: `{"blog.BlogPage": ["title", "teaser", "body"]}`, the page models
  whose text mentions terms, with the fields that hold that text. The glossary reads each
  field's searchable content, the text the search index sees (a StreamField's blocks, a rich
  text's words), records which terms each live page mentions when it is published, and lists
  those pages as "Posts that explain this term". A model's queryset may define `visible()`,
  the site's rule for which pages readers may see listed; without it, live and public pages
  count. Empty (the default): no mentions are recorded.

`django.core.checks` in `glossary.checks` say what is wrong with it.
"""

from django.apps import apps
from django.conf import settings
from wagtail.search import index

__all__ = ["page_models", "text_of", "visible_pages"]


def page_models():
    """{model: [text field names]} from GLOSSARY_PAGE_MODELS."""
    configured = getattr(settings, "GLOSSARY_PAGE_MODELS", {})
    return {apps.get_model(label): list(fields) for label, fields in configured.items()}


def visible_pages(model):
    """The pages of `model` readers may see listed, by the site's rule if it has one."""
    pages = model.objects.all()
    visible = getattr(pages, "visible", None)
    return visible() if callable(visible) else pages.live().public()


def _strings(value):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [text for item in value for text in _strings(item)]


def text_of(page, fields):
    """The words of `fields` of `page`, as the search index sees them, one string."""
    return "\n".join(
        text for name in fields for text in _strings(index.SearchField(name).get_value(page))
    )
