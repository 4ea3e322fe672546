"""The pages readers of the demo site can find, by kind, printed as JSON: what the load
test's readers ask for. Runs in the app's environment (`traffic.reader_paths` starts it):

    python -m benchmarks.loadtest.reader_paths

The load test's one module that imports project code (blog, glossary).
"""

import json
import sys


def reader_paths():
    """{kind of page: [paths]}: posts, the blog index, its tag pages, the glossary and its
    terms (the last two empty without a glossary)."""
    from blog.models import BlogIndexPage, BlogPageTag
    from glossary.models import GlossaryIndexPage, GlossaryTerm

    index = BlogIndexPage.objects.live().public().first()
    glossary = GlossaryIndexPage.objects.live().public().first()
    posts = index.posts()
    tags = sorted(
        set(
            BlogPageTag.objects.filter(content_object__in=posts).values_list("tag__slug", flat=True)
        )
    )
    terms = GlossaryTerm.objects.filter(live=True).order_by("name").values_list("slug", flat=True)
    return {
        "posts": [post.get_url() for post in posts],
        "index": [index.get_url()],
        "tags": [index.get_url() + index.reverse_subpage("by_tag", args=[tag]) for tag in tags],
        "glossary": [glossary.get_url()] if glossary else [],
        "terms": [glossary.term_url(slug) for slug in terms] if glossary else [],
    }


def main():
    import django

    django.setup()
    print(json.dumps(reader_paths()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
