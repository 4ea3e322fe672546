from wagtail import hooks

from .viewsets import LockoutsViewSet


@hooks.register("register_admin_viewset")
def register_lockouts_admin():
    return LockoutsViewSet()
