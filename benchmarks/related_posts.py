"""Related posts at 100, 1,000 and 10,000 posts: rebuild, refresh after a publish, render.

Runs against a throwaway SQLite database under var/ (or DATABASE_URL if set).
Run: python -m benchmarks.related_posts
"""

import random
import resource
import statistics
import time

from .servers import django_in_process

SIZES = [100, 1_000, 10_000]


def make_blog_index():
    """A blog index as the default site's root page."""
    from wagtail.models import Page, Site

    from blog.models import BlogIndexPage

    index = Page.get_first_root_node().add_child(instance=BlogIndexPage(title="Blog", slug="blog"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = index
    site.save()
    return index


def render(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    times = []
    for _ in range(10):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(queries)


def block_render(related_posts_for, post):
    """Time and queries of the related block alone (`related_posts_for` of the related app)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(20):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            items = related_posts_for(post, 3)
            times.append((time.perf_counter() - started) * 1000)
    assert len(items) == 3
    return statistics.median(times), len(queries)


def report():
    django_in_process("bench-related.sqlite3")
    from django.test import Client
    from wagtail.rich_text import RichText

    from blog.management.commands.generate_content import generate_posts
    from blog.models import BlogPage
    from related.picks import related_posts_for
    from related.storage import rebuild_all

    index = make_blog_index()

    client = Client()
    lines = [
        "| posts | full rebuild | process peak memory | refresh after publishing one post "
        "| block render | block queries | post page render | post page queries |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    made = 0
    for size in SIZES:
        generate_posts(index, size - made, random.Random(size))
        made = size
        started = time.perf_counter()
        rebuild_all()
        rebuild_s = time.perf_counter() - started
        # The process's peak resident memory so far (Linux reports KiB); it only grows.
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        sample = BlogPage.objects.live().order_by("-date").first()
        sample.body = [("paragraph", RichText(sample.body.raw_data[0]["value"] + "<p>Edited.</p>"))]
        started = time.perf_counter()
        sample.save_revision().publish()  # the signal refreshes the affected posts
        refresh_s = time.perf_counter() - started
        block_ms, block_queries = block_render(related_posts_for, sample)
        page_ms, page_queries = render(client, sample.url)
        lines.append(
            f"| {size:,} | {rebuild_s:.1f} s | {peak_mb:.0f} MB | {refresh_s:.2f} s "
            f"| {block_ms:.1f} ms | {block_queries} | {page_ms:.0f} ms | {page_queries} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
