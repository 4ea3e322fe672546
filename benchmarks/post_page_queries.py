"""Queries and time of the seed-like post page with 10 and 5,000 glossary terms.

Runs against a throwaway SQLite database under var/ (or DATABASE_URL if set).
Run: python -m benchmarks.post_page_queries
"""

import statistics
import time

from .servers import django_in_process

TERM_COUNTS = [10, 5_000]


def build_site():
    from django.utils import timezone
    from wagtail.models import Page, Site
    from wagtail.rich_text import RichText

    from blog.models import BlogIndexPage, BlogPage
    from glossary.models import GlossaryIndexPage

    root = Page.get_first_root_node()
    index = root.add_child(instance=BlogIndexPage(title="Blog", slug="blog"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = index
    site.save()
    index.add_child(instance=GlossaryIndexPage(title="Glossary", slug="glossary"))
    words = " ".join(f"Term{number} is explained here." for number in range(400))
    post = index.add_child(
        instance=BlogPage(
            title="A long post",
            slug="a-long-post",
            teaser="Many terms.",
            date=timezone.now() - timezone.timedelta(days=1),
            body=[("paragraph", RichText(f"<p>{words}</p>"))] * 5,
        )
    )
    return post


def add_terms(upto, start):
    from glossary.linking import glossary_changed
    from glossary.models import GlossaryTerm

    GlossaryTerm.objects.bulk_create(
        [
            GlossaryTerm(
                name=f"Term{number}",
                slug=f"term{number}",
                variants=f"Terms{number}",
                short_definition=f"Definition of term {number}.",
                live=True,
            )
            for number in range(start, upto)
        ]
    )
    glossary_changed()


def measure(client, url):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from glossary import linking

    # Cold: a new process after a glossary change (matcher built, nothing cached).
    cache.clear()
    linking._built.clear()
    with CaptureQueriesContext(connection) as cold:
        started = time.perf_counter()
        client.get(url)
        cold_ms = (time.perf_counter() - started) * 1000
    warm_times = []
    for _ in range(20):
        with CaptureQueriesContext(connection) as warm:
            started = time.perf_counter()
            response = client.get(url)
            warm_times.append((time.perf_counter() - started) * 1000)
    links = response.content.decode().count('class="glossary-term"')
    return len(cold), cold_ms, len(warm), statistics.median(warm_times), links


def report():
    django_in_process("bench.sqlite3")
    from django.test import Client

    post = build_site()
    client = Client()
    lines = [
        "| terms | queries (cold) | render (cold) | queries (warm) | render (warm) | links |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    created = 0
    for count in TERM_COUNTS:
        add_terms(count, created)
        created = count
        cold_q, cold_ms, warm_q, warm_ms, links = measure(client, post.url)
        lines.append(
            f"| {count:,} | {cold_q} | {cold_ms:.0f} ms | {warm_q} | {warm_ms:.1f} ms | {links} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
