"""The glossary's admin: terms with drafts, filters, counts, CSV export and import."""

from django.db.models import Count, Q
from django.urls import path, reverse
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets import Button
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .models import GlossaryTerm
from .views import IMPORT_ACTIONS, import_terms_view

__all__ = ["GlossaryTermViewSet"]


class GlossaryTermIndexView(IndexView):
    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        user = self.request.user
        if all(self.permission_policy.user_has_permission(user, a) for a in IMPORT_ACTIONS):
            buttons.append(
                Button(
                    "Import CSV",
                    url=reverse(self.index_url_name.replace(":list", ":import")),
                    icon_name="upload",
                    priority=50,
                )
            )
        return buttons


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    menu_label = "Glossary"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = GlossaryTermIndexView
    list_display = [
        "name",
        "short_definition",
        Column("live_posts", label="Live posts linking it", sort_key="live_posts"),
        BooleanColumn("auto_link", label="Link automatically"),
    ]
    list_filter = ["live", "auto_link"]
    search_fields = ["name", "variants", "short_definition"]
    list_export = ["name", "slug", "variants", "exact_variants", "short_definition", "auto_link"]
    export_headings = {field: field for field in list_export}
    export_filename = "glossary-terms"
    ordering = ["name"]

    def get_queryset(self, request):
        return GlossaryTerm.objects.annotate(
            live_posts=Count("mentions", filter=Q(mentions__page__live=True), distinct=True)
        )

    def import_view(self, request):
        return import_terms_view(request, self)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("import/", self.import_view, name="import"),
        ]
