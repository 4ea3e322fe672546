"""Which pages mention which terms, for "Posts that explain this term" and the admin counts.

The glossary does not know the site's page types: GLOSSARY_PAGE_MODELS names them and the
fields that hold their text (`glossary.conf`). `glossary.signals` records a page's mentions
when it is published, and every page's when terms change.
"""

import re

from django.core.paginator import InvalidPage, Paginator
from django.db import transaction
from django.dispatch import Signal
from django.http import Http404
from django_tasks import task
from wagtail.models import Page

from .conf import page_models, text_of, visible_pages
from .linking import current_glossary

__all__ = [
    "mentions_refreshed",
    "pages_mentioning",
    "refresh_all_mentions",
    "refresh_page_mentions",
    "schedule_refresh",
    "terms_mentioned_by",
    "update_mentions",
]

# Sent after every page's mentions were recomputed (terms changed): sites that derive data
# from mentions, such as related posts, refresh theirs.
mentions_refreshed = Signal()


def update_mentions(page, text):
    """Record which live terms `text` mentions, replacing what was recorded for `page`."""
    from .models import GlossaryMention

    glossary = current_glossary()
    term_ids = {glossary.info[key].pk for _, _, key in glossary.matcher.find(text)}
    with transaction.atomic():
        GlossaryMention.objects.filter(page_id=page.pk).exclude(term_id__in=term_ids).delete()
        known = set(
            GlossaryMention.objects.filter(page_id=page.pk).values_list("term_id", flat=True)
        )
        GlossaryMention.objects.bulk_create(
            [GlossaryMention(page_id=page.pk, term_id=pk) for pk in term_ids - known],
            ignore_conflicts=True,
        )


def refresh_page_mentions(page):
    """Record what `page` (of a GLOSSARY_PAGE_MODELS model) mentions now."""
    fields = page_models().get(type(page))
    if fields is not None:
        update_mentions(page, text_of(page, fields))


def refresh_all_mentions():
    for model, fields in page_models().items():
        for page in model.objects.live().iterator(chunk_size=200):
            update_mentions(page, text_of(page, fields))
    mentions_refreshed.send(sender=refresh_all_mentions)


def terms_mentioned_by(page_ids):
    """{page id: {term slug, …}} for the live terms these pages mention."""
    from .models import GlossaryMention

    result = {}
    rows = GlossaryMention.objects.filter(page_id__in=page_ids, term__live=True).values_list(
        "page_id", "term__slug"
    )
    for page_id, slug in rows:
        result.setdefault(page_id, set()).add(slug)
    return result


@task()
def refresh_all_mentions_task():
    refresh_all_mentions()


def schedule_refresh():
    """Refresh every page's mentions in the background, once per transaction."""
    connection = transaction.get_connection()
    if getattr(connection, "_glossary_refresh_scheduled", False):
        return
    connection._glossary_refresh_scheduled = True

    def enqueue():
        connection._glossary_refresh_scheduled = False
        refresh_all_mentions_task.enqueue()

    transaction.on_commit(enqueue)


PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def pages_mentioning(term, request, per_page):
    """The pages readers may see that mention `term`, newest first, one page of them
    (`?page=`). A malformed or too-high page number is a 404: each page has one address."""
    mentioning = [
        visible_pages(model).filter(glossary_mentions__term=term).values("pk")
        for model in page_models()
    ]
    if not mentioning:
        return Paginator(Page.objects.none(), per_page).page(1)
    ids = mentioning[0].union(*mentioning[1:]) if len(mentioning) > 1 else mentioning[0]
    pages = Page.objects.filter(pk__in=ids).order_by("-first_published_at", "-pk").specific()
    number = request.GET.get("page", "1")
    if not PAGE_NUMBER.fullmatch(number):
        raise Http404("No such page of posts.")
    try:
        return Paginator(pages, per_page).page(number)
    except InvalidPage as error:
        raise Http404("No such page of posts.") from error
