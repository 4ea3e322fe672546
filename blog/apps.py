from django.apps import AppConfig
from django.db.models.signals import post_migrate


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals
        from .roles import ensure_roles_after_migrate

        post_migrate.connect(ensure_roles_after_migrate, sender=self)
        signals.connect()
