from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class RelatedConfig(AppConfig):
    name = "related"
    verbose_name = _("Related posts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            checks,  # noqa: F401 - registers the system checks
            signals,
        )

        # Without a post model the checks say what to set; nothing to connect meanwhile.
        if getattr(settings, "RELATED_POSTS_MODEL", ""):
            signals.connect()
