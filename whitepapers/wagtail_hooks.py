from wagtail import hooks

from .admin_views.figures import DownloadsThisWeekPanel
from .viewsets import FiguresViewSet, WhitepapersViewSetGroup


@hooks.register("register_admin_viewset")
def register_whitepapers_admin():
    return WhitepapersViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_downloads_panel(request, panels):
    if DownloadsThisWeekPanel.is_shown_to(request.user):
        figures_url_name = FiguresViewSet().get_url_name("index")
        panels.append(DownloadsThisWeekPanel(figures_url_name=figures_url_name))
