"""What a stranger would try on their new site, run inside it: it makes a glossary, three
articles and a whitepaper, then reads the site as a reader with Django's test client.

Prints one JSON object of what it saw; `tests/stranger/test_stranger_site.py` asserts on it.
Run with the site's own Python, cwd in the site, after `migrate`.
"""

import datetime
import json
import os
import re
import sys
from urllib.parse import urlsplit

import django

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_glossary(home):
    from glossary.models import GlossaryIndexPage, GlossaryTerm

    home.add_child(instance=GlossaryIndexPage(title="Glossary", slug="glossary"))
    term = GlossaryTerm(
        name="Internet of Things",
        slug="internet-of-things",
        variants="IoT",
        short_definition="Everyday devices that talk to each other over the internet.",
    )
    term.save()
    term.save_revision().publish()
    return term


def make_articles(home):
    from home.models import ArticlePage

    texts = [
        ("Sensors on the shop floor", ["iot", "factory"], "How IoT sensors watch machines."),
        ("Smart meters at home", ["iot", "energy"], "IoT meters report what a house uses."),
        ("Predictive maintenance", ["iot", "factory"], "Machines that say when they break."),
    ]
    articles = []
    for number, (title, tags, sentence) in enumerate(texts):
        article = ArticlePage(
            title=title,
            date=datetime.date(2026, 1, 10 + number),
            teaser=sentence,
            body=[
                ("paragraph", f"<p>{sentence} The Internet of Things connects them.</p>"),
                ("related", {}),
            ],
        )
        home.add_child(instance=article)
        article.tags.add(*tags)
        articles.append(publish(article))
    return articles


def make_whitepaper(home):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from whitepapers.models import WhitepaperPage
    from whitepapers.setup import protected_collection

    document = get_document_model().objects.create(
        title="IoT in practice",
        file=ContentFile(PDF, name="iot-in-practice.pdf"),
        collection=protected_collection(),
    )
    whitepaper = WhitepaperPage(title="IoT in practice", slug="iot-in-practice", document=document)
    home.add_child(instance=whitepaper)
    return publish(whitepaper)


def read_article(client, article, others):
    html = client.get(article.url).content.decode()
    related = re.search(r'<nav class="related-posts[^"]*".*?</nav>', html, re.S)
    related_html = related.group(0) if related else ""
    return {
        "status": client.get(article.url).status_code,
        "linked_term": 'class="glossary-term"' in html
        and 'aria-describedby="glossary-definition-internet-of-things"' in html,
        "hidden_definition": bool(
            re.search(
                r'<div class="glossary-definitions" hidden>\s*<span id="glossary-definition-'
                r'internet-of-things"[^>]*>Everyday devices',
                html,
            )
        ),
        "related_links": sorted(
            other.title for other in others if f'href="{other.url}"' in related_html
        ),
        "links_itself": f'href="{article.url}"' in related_html,
    }


def try_the_gate(client, whitepaper):
    from django.core import mail

    form_page = client.get(whitepaper.url)
    html = form_page.content.decode()
    stamp = re.search(r'name="stamp" value="([^"]+)"', html)
    details = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@example.com",
        "company": "Compilers Inc",
        "consent": "on",
        "stamp": stamp.group(1) if stamp else "",
    }
    submitted = client.post(whitepaper.url, details)
    outbox = getattr(mail, "outbox", [])
    link = re.search(r"https?://\S+/download/[\w.:-]+/", outbox[0].body) if outbox else None
    seen = {
        "form_status": form_page.status_code,
        "form_shown": 'name="email"' in html and 'name="consent"' in html,
        "submit_status": submitted.status_code,
        "mails": [(message.to, message.subject) for message in outbox],
        "link_in_mail": bool(link),
    }
    if link:
        opened = client.get(urlsplit(link.group(0)).path)
        file_url = re.search(r'href="([^"]+/file/[^"]+)"', opened.content.decode())
        seen["open_status"] = opened.status_code
        seen["open_refresh"] = opened.get("Refresh", "")
        if file_url:
            download = client.get(file_url.group(1))
            seen["file_status"] = download.status_code
            seen["file_type"] = download.get("Content-Type", "")
            seen["file_starts"] = b"".join(download.streaming_content)[:5].decode("latin-1")
    return seen


def open_the_admin(article, whitepaper):
    """{address: status} of what the plugins add to the admin, for a superuser."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from wagtail.models import Site

    user = get_user_model().objects.create_superuser("stranger", "stranger@example.com", "pw")
    client = Client()
    client.force_login(user)
    site = Site.objects.get(is_default_site=True)
    addresses = [
        "/admin/",
        "/admin/snippets/glossary/glossaryterm/",
        "/admin/snippets/glossary/glossaryterm/import/",
        f"/admin/pages/{article.pk}/edit/",
        f"/admin/pages/{whitepaper.pk}/edit/",
        f"/admin/settings/related/relatedpostssettings/{site.pk}/",
        f"/admin/settings/whitepapers/whitepapersettings/{site.pk}/",
        "/admin/whitepapers/leads/",
        "/admin/whitepapers/figures/",
        "/admin/whitepapers/deliveries/",
        "/admin/whitepapers/consent-texts/",
    ]
    return {address: client.get(address).status_code for address in addresses}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strangersite.settings.plugins")
    django.setup()
    from django.test import Client
    from wagtail.models import Site

    import glossary
    import pagecache
    import related
    import whitepapers

    home = Site.objects.get(is_default_site=True).root_page.specific
    make_glossary(home)
    articles = make_articles(home)
    whitepaper = make_whitepaper(home)
    client = Client()
    first, *others = articles
    seen = {
        "plugin_files": {
            module.__name__: module.__file__
            for module in (glossary, related, whitepapers, pagecache)
        },
        "article": read_article(client, first, others),
        "glossary_page": client.get("/glossary/internet-of-things/").status_code,
        "gate": try_the_gate(client, whitepaper),
        "admin": open_the_admin(first, whitepaper),
    }
    json.dump(seen, sys.stdout)


if __name__ == "__main__":
    main()
