"""Template tags for the blog's layout: sidebar lists, share links, structured data."""

from urllib.parse import urlencode

from django import template
from django.utils.html import json_script
from django.utils.safestring import mark_safe
from wagtail.models import Site

from glossary.linking import link_html
from pagecache.fragments import cached_fragment

from ..models import BlogPage, BlogSettings

register = template.Library()

# Escape what could end the <script> element or start markup inside JSON-LD.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.inclusion_tag("blog/includes/latest_posts.html", takes_context=True)
def latest_posts(context):
    """The newest visible posts of the current site, as many as the site settings ask."""
    request = context["request"]
    site = Site.find_for_request(request)
    count = BlogSettings.for_request(request).latest_posts_count
    posts = []
    if site and count:
        posts = BlogPage.objects.visible().in_site(site).newest_first()[:count]
    return {"posts": posts, "request": request}


def site_url(request, url):
    """`url` made absolute with the address of the request's Wagtail site (never the Host
    header a client sent: pages are cached per site and shown to everyone)."""
    if url.startswith(("http://", "https://")):
        return url
    site = Site.find_for_request(request)
    return (site.root_url if site else "") + url


@register.inclusion_tag("blog/includes/share_links.html")
def share_links(page, request):
    """Plain links to share a post on the usual networks; no third-party scripts."""
    url = page.get_full_url(request)
    title = page.title
    links = [
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("XING", "https://www.xing.com/spi/shares/new?" + urlencode({"url": url})),
        ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("E-mail", "mailto:?" + urlencode({"subject": title, "body": url}).replace("+", "%20")),
    ]
    return {"links": links, "title": title}


@register.simple_tag(takes_context=True)
def blog_posting_json_ld(context, page, image_url=""):
    """A JSON-LD `BlogPosting` for search engines, safe to embed in HTML."""
    request = context["request"]
    settings = BlogSettings.for_request(request)
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": page.title,
        "description": page.search_description or page.teaser,
        "url": page.get_full_url(request),
        "mainEntityOfPage": page.get_full_url(request),
        "datePublished": page.date.isoformat(),
        "dateModified": (page.last_published_at or page.date).isoformat(),
        "author": [{"@type": "Person", "name": author.name} for author in page.authors.all()],
        "keywords": [tag.name for tag in page.tags.all()],
        "publisher": {"@type": "Organization", "name": settings.company_name or settings.blog_name},
    }
    if image_url:
        data["image"] = site_url(request, image_url)
    # Django's json_script escapes <, > and & so the data cannot end the element.
    script = json_script(data).replace('type="application/json"', 'type="application/ld+json"', 1)
    return mark_safe(script)  # noqa: S308


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """`url` made absolute for meta tags (Open Graph, canonical), on the site's address."""
    return site_url(context["request"], url)


@register.simple_tag
def prefetch_post(page):
    """Fetch what a post's template shows; renders nothing."""
    page.prefetch_for_page()
    return ""


@register.simple_tag(takes_context=True)
def post_body(context, page):
    """The rendered body with glossary terms linked, unless the post turns that off; kept
    for the content version (its blocks' queries run once per change, not per reader)."""

    def build():
        html = page.body.render_as_block(context.flatten())
        excluded = {term.slug for term in page.glossary_excluded_terms.all()}
        return link_html(html, exclude=excluded, auto_link=page.glossary_auto_link)

    parts = (page.pk, page.last_published_at)
    return cached_fragment(context.get("request"), "post-body", parts, build)
