"""Who may do what with leads, consent texts and deliveries in the admin.

Leads are erased, never edited; consent texts get new versions, never edits; deliveries are
only retried. The policies below refuse those actions to everyone, superusers included, so
the admin shows no button for them. A site grants the rest to its marketing group with
`MARKETING_PERMISSIONS` (our `blog.roles` does).
"""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy

__all__ = [
    "MARKETING_PERMISSIONS",
    "RestrictedPermissionPolicy",
    "consent_policy",
    "delivery_policy",
    "lead_policy",
]

# Least privilege for the people who work with leads: see and erase leads, add consent
# versions, see and retry deliveries, and edit the gate's site settings (CRM webhook).
MARKETING_PERMISSIONS = {
    "whitepapers": [
        "view_lead",
        "delete_lead",
        "view_consentversion",
        "add_consentversion",
        "view_delivery",
        "change_delivery",
        "change_whitepapersettings",
    ],
}


class RestrictedPermissionPolicy(ModelPermissionPolicy):
    """A `ModelPermissionPolicy` that refuses some actions to everyone and may let an
    action of its own ride on a Django permission (`aliases={"retry": "change"}`)."""

    def __init__(self, model, refused=(), aliases=None):
        super().__init__(model)
        self.refused = frozenset(refused)
        self.aliases = dict(aliases or {})

    def _permitted_actions(self, actions):
        return {self.aliases.get(a, a) for a in actions if a not in self.refused}

    def user_has_permission(self, user, action):
        if action in self.refused:
            return False
        return super().user_has_permission(user, self.aliases.get(action, action))

    def users_with_any_permission(self, actions):
        actions = self._permitted_actions(actions)
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


lead_policy = RestrictedPermissionPolicy("whitepapers.Lead", refused={"add", "change"})
consent_policy = RestrictedPermissionPolicy(
    "whitepapers.ConsentVersion", refused={"change", "delete"}
)
delivery_policy = RestrictedPermissionPolicy(
    "whitepapers.Delivery", refused={"add", "change", "delete"}, aliases={"retry": "change"}
)
