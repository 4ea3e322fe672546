"""The stranger's home app, wiring the plugins together as README.md suggests: the plugins
never import one another, so a site that uses several connects them here."""

from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"

    def ready(self):
        from glossary.mentions import mentions_refreshed
        from pagecache.invalidation import invalidate_all
        from related.storage import rebuild_related_task, related_posts_refreshed

        def rebuild_related_posts(sender, **kwargs):
            # Related posts compare the glossary terms posts mention: follow the glossary.
            rebuild_related_task.enqueue()

        mentions_refreshed.connect(rebuild_related_posts, weak=False, dispatch_uid="home-related")
        # Pages show mentions and related picks, refreshed in the background: retire cached
        # copies once they change.
        mentions_refreshed.connect(invalidate_all, dispatch_uid="home-pagecache-mentions")
        related_posts_refreshed.connect(invalidate_all, dispatch_uid="home-pagecache-related")
