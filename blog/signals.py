"""What happens when posts or the glossary change: mentions and related posts follow."""

from django.db.models.signals import post_delete, post_init, post_save, pre_delete
from taggit.models import Tag
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from glossary.mentions import mentions_refreshed, register_text_source, update_mentions
from glossary.models import GlossaryTerm
from pagecache.invalidation import invalidate_all, invalidate_on_change

from .models import Author, BlogCategory, BlogPage, BlogSettings, RelatedPost
from .related_posts import rebuild_related_task, refresh_related_task


def live_post_texts():
    for post in BlogPage.objects.live().iterator(chunk_size=200):
        yield post, post.glossary_text()


def post_published(sender, instance, **kwargs):
    update_mentions(instance, instance.glossary_text())
    refresh_related_task.enqueue([instance.pk])


def post_unpublished(sender, instance, **kwargs):
    refresh_related_task.enqueue([instance.pk])


def post_about_to_be_deleted(sender, instance, **kwargs):
    instance._related_listing_it = list(
        RelatedPost.objects.filter(candidate_id=instance.pk).values_list("post_id", flat=True)
    )


def post_deleted(sender, instance, **kwargs):
    if getattr(instance, "_related_listing_it", None):
        refresh_related_task.enqueue(instance._related_listing_it)


def everything_changed(sender, **kwargs):
    rebuild_related_task.enqueue()


def settings_saved(sender, instance, **kwargs):
    # Only the scoring weights change what is stored; the fallback is chosen at render time.
    weights = instance.related_weights()
    previous = getattr(instance, "_stored_related_weights", None)
    if previous is not None and previous != weights:
        rebuild_related_task.enqueue()


def remember_weights(sender, instance, **kwargs):
    instance._stored_related_weights = instance.related_weights()


def connect():
    register_text_source(live_post_texts)
    page_published.connect(post_published, sender=BlogPage, dispatch_uid="blog-post-published")
    page_unpublished.connect(
        post_unpublished, sender=BlogPage, dispatch_uid="blog-post-unpublished"
    )
    pre_delete.connect(post_about_to_be_deleted, sender=BlogPage, dispatch_uid="blog-pre-delete")
    post_delete.connect(post_deleted, sender=BlogPage, dispatch_uid="blog-post-delete")
    mentions_refreshed.connect(everything_changed, dispatch_uid="blog-mentions-refreshed")
    for signal in (post_save, post_delete):
        signal.connect(
            everything_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"blog-restriction-{id(signal)}",
        )
    post_init.connect(remember_weights, sender=BlogSettings, dispatch_uid="blog-settings-loaded")
    post_save.connect(settings_saved, sender=BlogSettings, dispatch_uid="blog-settings-saved")
    # Cached pages show authors, categories, tags, terms and what mentions them.
    invalidate_on_change(Author, BlogCategory, Tag, GlossaryTerm)
    mentions_refreshed.connect(invalidate_all, dispatch_uid="blog-pagecache-mentions")
