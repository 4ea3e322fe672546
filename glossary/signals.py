"""Keep linked posts and mention counts in step with the glossary."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from .conf import page_models
from .linking import glossary_changed
from .mentions import refresh_page_mentions, schedule_refresh


def term_changed(sender, **kwargs):
    changed_now_and_after_commit()
    schedule_refresh()


def glossary_page_changed(sender, **kwargs):
    changed_now_and_after_commit()


def changed_now_and_after_commit():
    # Again after the commit: a request that read the old rows meanwhile may have cached
    # them under the new version.
    glossary_changed()
    transaction.on_commit(glossary_changed)


def page_published_with_text(sender, instance, **kwargs):
    refresh_page_mentions(instance)


def connect():
    from .models import GlossaryIndexPage, GlossaryTerm

    for model in page_models():
        page_published.connect(
            page_published_with_text,
            sender=model,
            dispatch_uid=f"glossary-text-{model._meta.label}",
        )
    for signal in (published, unpublished, post_save, post_delete):
        signal.connect(term_changed, sender=GlossaryTerm, dispatch_uid=f"glossary-{id(signal)}")
    for signal in (page_published, page_unpublished, post_page_move, post_delete):
        signal.connect(
            glossary_page_changed,
            sender=GlossaryIndexPage,
            dispatch_uid=f"glossary-page-{id(signal)}",
        )
