"""The glossary's settings and their defaults, read in this one place.

- `GLOSSARY_PAGE_MODELS`: the page models ("blog.BlogPage") whose posts a term page lists as
  "Posts that explain this term". Such a model's queryset may define `visible()`, the host
  site's rule for what readers may see listed; without it, live and public pages count.
  Empty (the default): any live, public page.
"""

from django.apps import apps
from django.conf import settings

__all__ = ["page_models", "visible_pages"]


def page_models():
    return [apps.get_model(label) for label in getattr(settings, "GLOSSARY_PAGE_MODELS", ())]


def visible_pages(model):
    """The pages of `model` readers may see listed, by the host site's rule if it has one."""
    pages = model.objects.all()
    visible = getattr(pages, "visible", None)
    return visible() if callable(visible) else pages.live().public()
