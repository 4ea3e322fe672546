"""Editors write and publish; Marketing enters the admin but edits no pages."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page

from blog.roles import ensure_roles

pytestmark = pytest.mark.django_db


def user_in(group_name):
    user = get_user_model().objects.create_user(group_name.lower(), password="pw-12345-long")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_groups_exist_after_migrate():
    assert Group.objects.filter(name__in=["Editors", "Marketing"]).count() == 2


def test_editor_can_add_edit_and_publish_pages(blog_index):
    editor = user_in("Editors")
    permissions = blog_index.permissions_for_user(editor)
    assert permissions.can_add_subpage()
    assert permissions.can_edit()
    assert permissions.can_publish()
    assert editor.has_perm("wagtailadmin.access_admin")
    assert editor.has_perm("blog.add_author")
    assert editor.has_perm("wagtailimages.add_image")
    assert editor.has_perm("wagtaildocs.add_document")


def test_editor_cannot_manage_users_or_site_settings():
    editor = user_in("Editors")
    assert not editor.has_perm("auth.change_user")
    assert not editor.has_perm("blog.change_blogsettings")
    assert not editor.has_perm("wagtailcore.delete_site")


def test_marketing_enters_admin_but_cannot_edit_pages(blog_index):
    marketing = user_in("Marketing")
    assert marketing.has_perm("wagtailadmin.access_admin")
    permissions = blog_index.permissions_for_user(marketing)
    assert not permissions.can_edit()
    assert not permissions.can_add_subpage()
    assert not Page.objects.get(pk=blog_index.pk).permissions_for_user(marketing).can_publish()


def test_ensure_roles_is_idempotent():
    editors = Group.objects.get(name="Editors")

    def granted():
        return (
            editors.permissions.count(),
            editors.page_permissions.count(),
            editors.collection_permissions.count(),
        )

    before = granted()
    ensure_roles()
    ensure_roles()
    assert granted() == before
    assert all(before)


def test_marketing_is_refused_the_page_editor(client, blog_index):
    client.force_login(user_in("Marketing"))
    response = client.get(f"/admin/pages/{blog_index.pk}/edit/")
    assert response.status_code in (302, 403)
