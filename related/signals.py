"""Keep stored suggestions in step with the site's posts.

Connected for RELATED_POSTS_MODEL when the app is ready: publishing, unpublishing or deleting
a post refreshes it and its neighbours in the background; a changed view restriction or
changed weights rebuild everything. Anything else that changes what posts are compared by
(the site's glossary terms, say) calls `rebuild_related_task.enqueue()` from the site's own
wiring.
"""

from django.db.models.signals import post_delete, post_init, post_save, pre_delete
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from . import conf
from .models import RelatedPost, RelatedPostsSettings
from .storage import rebuild_related_task, refresh_related_task

__all__ = ["connect"]


def post_changed(sender, instance, **kwargs):
    # A background worker reads the post once the publish has committed; the immediate
    # backend reads it now, after the receivers of apps listed earlier in INSTALLED_APPS
    # (the glossary's, recording the terms the post mentions).
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


def remember_weights(sender, instance, **kwargs):
    instance._stored_weights = instance.weights()


def settings_saved(sender, instance, **kwargs):
    # Only the weights change what is stored; the fallback is chosen when rendering.
    previous = getattr(instance, "_stored_weights", None)
    if previous is not None and previous != instance.weights():
        rebuild_related_task.enqueue()


def connect():
    model = conf.post_model()
    page_published.connect(post_changed, sender=model, dispatch_uid="related-published")
    page_unpublished.connect(post_changed, sender=model, dispatch_uid="related-unpublished")
    pre_delete.connect(post_about_to_be_deleted, sender=model, dispatch_uid="related-pre-delete")
    post_delete.connect(post_deleted, sender=model, dispatch_uid="related-post-delete")
    for signal in (post_save, post_delete):
        signal.connect(
            everything_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"related-restriction-{id(signal)}",
        )
    post_init.connect(remember_weights, sender=RelatedPostsSettings, dispatch_uid="related-init")
    post_save.connect(settings_saved, sender=RelatedPostsSettings, dispatch_uid="related-saved")
