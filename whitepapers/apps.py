from django.apps import AppConfig
from django.db.models.signals import post_migrate


class WhitepapersConfig(AppConfig):
    name = "whitepapers"
    verbose_name = "Whitepapers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            checks,  # noqa: F401 - registers the system checks
            documents,  # noqa: F401 - registers the document hook
        )
        from .setup import ensure_gate_defaults_after_migrate

        post_migrate.connect(ensure_gate_defaults_after_migrate, sender=self)
        self.register_permission_policies()

    def register_permission_policies(self):
        # At startup, before anything asks for these models' policies: Wagtail would
        # otherwise make default ones that allow adding and editing leads.
        from wagtail.permissions import register_permission_policy

        from .models import ConsentVersion, Delivery, Lead
        from .permissions import consent_policy, delivery_policy, lead_policy

        register_permission_policy(Lead, lead_policy)
        register_permission_policy(ConsentVersion, consent_policy)
        register_permission_policy(Delivery, delivery_policy)
