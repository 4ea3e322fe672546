"""One content version for the whole site: any change a reader could see starts a new one.

Cached pages are keyed by the version, so bumping it retires every cached page at once, on
every app server that shares the cache. A blog is read far more than it is written; starting
over after each publish costs one render per page, and nothing stale is ever served.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

__all__ = ["current_version", "invalidate_all", "invalidate_on_change"]

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"


def current_version(known=None):
    """The content version now (`known` if already read); None when the cache is down."""
    version = known or cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def invalidate_all(**kwargs):
    """Start a new version once the change is committed (before, a reader could cache the
    old content under the new version)."""

    def bump():
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)

    transaction.on_commit(bump)


def invalidate_on_change(*models):
    """Retire the cached pages whenever one of these models is saved or deleted."""
    for model in models:
        post_save.connect(invalidate_all, sender=model, dispatch_uid=f"pagecache-save-{model}")
        post_delete.connect(invalidate_all, sender=model, dispatch_uid=f"pagecache-delete-{model}")


def _setting_saved(sender, **kwargs):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    if issubclass(sender, BaseSiteSetting | BaseGenericSetting):
        invalidate_all()


def connect_default_signals():
    """What every Wagtail site shows: pages, snippets with drafts, settings, sites, privacy,
    redirects, images and documents."""
    from wagtail import signals
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site

    for signal in (
        signals.page_published,
        signals.page_unpublished,
        signals.post_page_move,
        signals.published,
        signals.unpublished,
    ):
        signal.connect(invalidate_all, dispatch_uid=f"pagecache-{id(signal)}")
    post_delete.connect(invalidate_all, sender=Page, dispatch_uid="pagecache-page-delete")
    post_save.connect(_setting_saved, dispatch_uid="pagecache-settings")
    invalidate_on_change(
        Site, PageViewRestriction, Redirect, get_image_model(), get_document_model()
    )
