"""Template tags for glossary pages and for pages that show linked terms."""

from django import template
from django.utils.html import json_script
from django.utils.safestring import mark_safe

from ..linking import link_html

register = template.Library()


@register.simple_tag(takes_context=True)
def glossary_term_url(context, index_page, term):
    return index_page.term_url(term.slug, context.get("request"))


@register.simple_tag(takes_context=True)
def glossary_link(context, html, exclude=(), auto_link=True):
    """`html` with glossary terms linked (a LinkedHTML: print it, use `.terms` for tooltips).

    `html` may be a StreamField's value (`{% glossary_link page.body as body %}`): its blocks
    render with this template's context, as `{% include_block %}` renders them, so blocks that
    need the page they are on (related posts) see it. `auto_link=False` keeps only the links
    editors made by hand.
    """
    if hasattr(html, "render_as_block"):
        html = html.render_as_block(context.flatten())
    return link_html(html, exclude=exclude, auto_link=auto_link)


@register.inclusion_tag("glossary/includes/definitions.html")
def glossary_definitions(linked):
    """The hidden definitions the linked terms' `aria-describedby` point to."""
    return {"terms": getattr(linked, "terms", ())}


@register.simple_tag(takes_context=True)
def glossary_json_ld(context, index_page, terms=None, term=None):
    """JSON-LD: a `DefinedTermSet` for the A–Z page, a `DefinedTerm` for a term page."""
    request = context["request"]
    # The site's own address, not the Host a client sent: glossary pages are cached per site.
    set_url = index_page.get_full_url(request)

    def defined_term(item):
        return {
            "@type": "DefinedTerm",
            "name": item.name,
            "description": item.short_definition,
            "termCode": item.slug,
            "url": set_url + index_page.reverse_subpage("term", args=[item.slug]),
            "inDefinedTermSet": set_url,
        }

    if term is not None:
        data = {"@context": "https://schema.org", **defined_term(term)}
        if term.synonyms:
            data["alternateName"] = term.synonyms
    else:
        data = {
            "@context": "https://schema.org",
            "@type": "DefinedTermSet",
            "@id": set_url,
            "name": index_page.title,
            "url": set_url,
            "hasDefinedTerm": [defined_term(item) for item in terms or ()],
        }
    # Django's json_script escapes <, > and & so the data cannot end the element.
    script = json_script(data).replace('type="application/json"', 'type="application/ld+json"', 1)
    return mark_safe(script)  # noqa: S308
