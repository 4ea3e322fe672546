"""Template tags that show a whitepaper's teaser on any page of the site."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from ..models import WhitepaperPage, WhitepaperSettings

__all__ = [
    "sidebar_whitepaper_teaser",
    "teaser_context",
    "whitepaper_teaser",
    "whitepapers_stylesheet",
]

register = template.Library()


def teaser_context(whitepaper, source_page=None, heading="", in_body=False):
    """What the teaser include needs; None when the whitepaper is not live."""
    if whitepaper is None or not whitepaper.live:
        return None
    link = whitepaper.url
    if source_page is not None and source_page.pk and source_page.pk != whitepaper.pk:
        link = f"{link}?source={source_page.pk}"
    return {"whitepaper": whitepaper, "link": link, "heading": heading, "in_body": in_body}


@register.inclusion_tag("whitepapers/includes/teaser_or_nothing.html", takes_context=True)
def whitepaper_teaser(context, whitepaper, heading=""):
    """A whitepaper's teaser box, e.g. `{% whitepaper_teaser block.value.whitepaper %}`."""
    whitepaper = getattr(whitepaper, "specific", whitepaper)
    return {"teaser": teaser_context(whitepaper, context.get("page"), heading, in_body=True)}


@register.inclusion_tag("whitepapers/includes/teaser_or_nothing.html", takes_context=True)
def sidebar_whitepaper_teaser(context, chosen=None):
    """The sidebar's teaser: the page's own choice if given, else the site's default."""
    # A post's own pick counts while it is live; otherwise the site's default shows.
    whitepaper = chosen if chosen and chosen.live else None
    if whitepaper is None:
        request = context.get("request")
        if request is None:
            return {"teaser": None}
        whitepaper_id = WhitepaperSettings.for_request(request).sidebar_whitepaper_id
        whitepaper = (
            WhitepaperPage.objects.live().select_related("cover").filter(pk=whitepaper_id).first()
            if whitepaper_id
            else None
        )
    page = context.get("page")
    if whitepaper is not None and page is not None and page.pk == whitepaper.pk:
        return {"teaser": None}  # the gate itself needs no teaser for itself
    return {"teaser": teaser_context(whitepaper, page)}


@register.simple_tag(takes_context=True)
def whitepapers_stylesheet(context):
    """The gate's stylesheet `<link>`, once per page however many templates ask for it: a
    site's base template may (teasers can show on any page), the gate's own pages do."""
    request = context.get("request")
    if request is not None:
        if getattr(request, "whitepapers_stylesheet_linked", False):
            return ""
        request.whitepapers_stylesheet_linked = True
    return format_html(
        '<link rel="stylesheet" href="{}">', static("whitepapers/css/whitepapers.css")
    )
