"""Settings → Sign-in lockouts, for superusers only."""

from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from .views import LockoutsView, UnlockView

__all__ = ["LockoutsViewSet"]


class SuperusersMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


class LockoutsViewSet(ViewSet):
    """The list of lockouts (`index`) and its "Unlock" action (`unlock`), in Settings."""

    name = "sign_in_lockouts"
    url_prefix = "sign-in-lockouts"
    icon = "lock"
    menu_label = _("Sign-in lockouts")
    add_to_settings_menu = True
    index_view_class = LockoutsView
    unlock_view_class = UnlockView

    @cached_property
    def menu_item_class(self):
        return SuperusersMenuItem

    def get_urlpatterns(self):
        index = self.construct_view(
            self.index_view_class, unlock_url_name=self.get_url_name("unlock")
        )
        unlock = self.construct_view(
            self.unlock_view_class, index_url_name=self.get_url_name("index")
        )
        return [path("", index, name="index"), path("unlock/", unlock, name="unlock")]
