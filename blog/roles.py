"""The admin groups our users work in, with least privilege.

- Editors: write and publish pages, manage images, documents, authors, categories and
  glossary terms.
- Marketing: may enter the admin, see, export and erase whitepaper leads, add consent
  texts, retry deliveries and edit the whitepaper settings (`whitepapers.permissions`).
  No page editing.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from whitepapers.permissions import MARKETING_PERMISSIONS

__all__ = ["EDITORS", "MARKETING", "ensure_roles", "ensure_roles_after_migrate"]

EDITORS = "Editors"
MARKETING = "Marketing"

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
EDITOR_COLLECTION_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}
EDITOR_MODEL_PERMISSIONS = {
    "blog": [
        "add_author",
        "change_author",
        "delete_author",
        "add_blogcategory",
        "change_blogcategory",
        "delete_blogcategory",
    ],
    "glossary": [
        "add_glossaryterm",
        "change_glossaryterm",
        "delete_glossaryterm",
        "publish_glossaryterm",
        "lock_glossaryterm",
        "unlock_glossaryterm",
    ],
}


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_roles():
    """Create or complete both groups; running it again changes nothing."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    admin_access = _permission("wagtailadmin", "access_admin")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    marketing, _ = Group.objects.get_or_create(name=MARKETING)
    editors.permissions.add(admin_access)
    marketing.permissions.add(admin_access)

    for app_label, codenames in EDITOR_MODEL_PERMISSIONS.items():
        editors.permissions.add(*(_permission(app_label, c) for c in codenames))
    for app_label, codenames in MARKETING_PERMISSIONS.items():
        marketing.permissions.add(*(_permission(app_label, c) for c in codenames))

    root_page = Page.get_first_root_node()
    if root_page is not None:
        for codename in EDITOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=editors, page=root_page, permission=_permission("wagtailcore", codename)
            )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for app_label, codenames in EDITOR_COLLECTION_PERMISSIONS.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=editors,
                    collection=root_collection,
                    permission=_permission(app_label, codename),
                )
    return editors, marketing


def ensure_roles_after_migrate(sender, using="default", **kwargs):
    # Permissions are created per app after its own migrations; make sure they all exist first.
    from django.apps import apps as global_apps
    from wagtail.snippets.models import create_extra_permissions

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    # Snippets' publish and lock permissions come from wagtail.snippets' own handler.
    create_extra_permissions(global_apps.get_app_config("wagtailsnippets"), using=using)
    ensure_roles()
