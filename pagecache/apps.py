from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Full-page cache"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
        from .invalidation import connect_default_signals

        connect_default_signals()
