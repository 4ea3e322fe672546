"""The figures page (12 weeks of gate events per whitepaper) and the dashboard's panel of
this week's downloads. Each first moves the form views waiting in the cache into the
database, then runs one aggregate query for the events, one for the daily view counts and
one for the titles; `whitepapers.figures` buckets and draws."""

import datetime

from django.conf import settings
from django.db.models import Count, DateField
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin

from .. import figures, viewcounts
from ..models import GateEvent, GateEventKind, WhitepaperPage
from ..permissions import lead_policy
from ..times import site_time_zone

__all__ = [
    "DownloadsThisWeekPanel",
    "FiguresView",
    "count_gate_events",
    "count_views",
    "this_week",
]

DELETED = "Deleted whitepapers"


def this_week():
    """This ISO week's Monday in the site's time zone, and when it began."""
    tz = site_time_zone()
    monday = figures.week_start(timezone.localtime(timezone=tz).date())
    return monday, datetime.datetime.combine(monday, datetime.time.min, tzinfo=tz)


def count_gate_events(since, kinds=None):
    """`(whitepaper id, kind, Monday, count)` for the events since `since`, in one query;
    weeks start on Monday in the site's time zone. Form views are not events (see
    `count_views`)."""
    events = GateEvent.objects.filter(created_at__gte=since).exclude(kind=GateEventKind.VIEW)
    if kinds:
        events = events.filter(kind__in=kinds)
    week = TruncWeek("created_at", output_field=DateField(), tzinfo=site_time_zone())
    return list(
        events.annotate(week=week)
        .values_list("whitepaper_id", "kind", "week")
        .annotate(count=Count("pk"))
        .order_by()
    )


def count_views(since):
    """`(whitepaper id, "view", day, views)` since `since`: moves what waits in the cache into
    the database first, then reads the daily counts plus whatever a simultaneous view or
    flush left in the cache, so the sum is right."""
    viewcounts.flush_view_counts()
    day = timezone.localtime(since, timezone=site_time_zone()).date()
    return viewcounts.stored_view_counts(day) + viewcounts.pending_view_counts(since=day)


def whitepaper_titles():
    """Whitepaper id → title with language, ordered by title; one query."""
    pages = WhitepaperPage.objects.order_by("title", "language_label", "pk")
    return {page.pk: page.full_title for page in pages.only("title", "language_label")}


class FiguresView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Form views, submissions, confirmations and downloads per week and whitepaper, with
    the conversion from form view to download. `weeks` sets how far back it looks."""

    permission_policy = lead_policy
    permission_required = "view"
    template_name = "whitepapers/admin/figures.html"
    page_title = "Whitepaper figures"
    weeks = 12

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_sections(self, weeks, titles):
        since = datetime.datetime.combine(weeks[0], datetime.time.min, tzinfo=site_time_zone())
        rows = count_gate_events(since) + count_views(since)
        per_whitepaper = figures.weekly_figures(rows, weeks, keys=titles)
        sections = []
        for item in per_whitepaper:
            title = titles.get(item.key, DELETED)
            element_id = f"wp-figures-{item.key or 'deleted'}"
            chart = figures.bar_chart(item)
            sections.append(
                {
                    "id": element_id,
                    "title": title,
                    "figures": item,
                    "rate": figures.percent(item.conversion_rate),
                    "chart": figures.render_bar_chart_svg(
                        chart,
                        title=f"{title}: gate events per week, last {len(weeks)} weeks",
                        description="Bars per week for form views, submissions, "
                        "confirmations and downloads; the table below has the numbers.",
                        element_id=element_id,
                    ),
                }
            )
        return sections

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        monday, _ = this_week()
        weeks = figures.week_starts(monday, self.weeks)
        context.update(
            weeks=weeks,
            series=figures.SERIES,
            sections=self.get_sections(weeks, whitepaper_titles()),
            time_zone=settings.TIME_ZONE,
        )
        return context


class DownloadsThisWeekPanel(Component):
    """Dashboard panel: downloads and submissions since Monday for the (at most `max_rows`)
    busiest whitepapers, with a link to the figures."""

    name = "whitepaper_downloads"
    order = 150
    template_name = "whitepapers/admin/downloads_panel.html"
    max_rows = 10

    class Media:
        css = {"all": ["whitepapers/css/admin.css"]}

    def __init__(self, figures_url_name=None):
        self.figures_url_name = figures_url_name

    @staticmethod
    def is_shown_to(user):
        return lead_policy.user_has_permission(user, "view")

    def get_context_data(self, parent_context=None):
        viewcounts.flush_view_counts()  # so that no count waits only in the cache for long
        monday, since = this_week()
        kinds = [GateEventKind.SUBMISSION, GateEventKind.DOWNLOAD]
        titles = whitepaper_titles()
        this_weeks = figures.weekly_figures(count_gate_events(since, kinds), [monday], titles)
        rows = [
            {
                "title": titles.get(item.key, DELETED),
                "downloads": item.totals[GateEventKind.DOWNLOAD],
                "submissions": item.totals[GateEventKind.SUBMISSION],
            }
            for item in this_weeks
        ]
        rows.sort(key=lambda row: (-row["downloads"], -row["submissions"]))
        return {
            "rows": rows[: self.max_rows],
            "since": monday,
            "figures_url": reverse(self.figures_url_name) if self.figures_url_name else "",
        }
