"""Marketing's corner of the admin: a "Whitepapers" menu with leads, figures, deliveries and
consent texts. `wagtail_hooks.py` registers it; `permissions.py` says who sees what.

To change a listing, subclass its viewset and register yours instead (see Wagtail's
`ModelViewSet`); the views live in `whitepapers.admin_views`.
"""

from django.contrib.auth import get_permission_codename
from django.urls import path
from django.utils.functional import cached_property
from django.utils.text import Truncator
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry

from .admin_views import SiteTimeColumn, forbidden_as_403
from .admin_views.consent_texts import ConsentCreateView, ConsentIndexView, ConsentInspectView
from .admin_views.deliveries import (
    REASON_LABEL,
    DeliveryIndexView,
    DeliveryInspectView,
    DeliveryRetryView,
)
from .admin_views.figures import FiguresView
from .admin_views.leads import LeadEraseView, LeadIndexView, LeadInspectView, whitepaper_label
from .filters import LeadFilterSet
from .models import ConsentVersion, Delivery, DeliveryStatus, Lead
from .permissions import lead_policy

__all__ = [
    "ConsentVersionViewSet",
    "DeliveryViewSet",
    "FiguresViewSet",
    "LeadViewSet",
    "WhitepapersViewSetGroup",
]


def truncated(attribute, length=80):
    return lambda obj: Truncator(getattr(obj, attribute)).chars(length)


def next_attempt(delivery):
    """When a waiting delivery is tried next; None once it is sent, failed or skipped."""
    return delivery.next_attempt_at if delivery.status == DeliveryStatus.PENDING else None


class RefusalIs403Mixin:
    """Views answer a refusal with a 403 page instead of a redirect to the dashboard."""

    def construct_view(self, view_class, **kwargs):
        return forbidden_as_403(super().construct_view(view_class, **kwargs))


class MarketingModelViewSet(RefusalIs403Mixin, ModelViewSet):
    """A `ModelViewSet` that routes only the views its permission policy can allow
    (`disabled_views` get neither URL nor link), with an inspect view and no copy view."""

    disabled_views = ()
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    form_fields = ()  # Views without a form are not routed; ModelViewSet still builds one.

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update({f"{name}_url_name": None for name in self.disabled_views})
        return view_kwargs

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name not in self.disabled_views]

    def get_permissions_to_register(self):
        # The group editor offers no checkbox for what the policy refuses anyway.
        policy = policy_registry.get_by_type(self.model)
        refused = getattr(policy, "refused", set()) - set(getattr(policy, "aliases", {}).values())
        codenames = [get_permission_codename(action, self.model_opts) for action in refused]
        return super().get_permissions_to_register().exclude(codename__in=codenames)

    @property
    def url_finder_class(self):
        # Elsewhere in the admin, a link to one of these objects opens its details.
        return type(
            "InspectURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )


class LeadViewSet(MarketingModelViewSet):
    model = Lead
    name = "whitepapers_lead"
    url_prefix = "whitepapers/leads"
    icon = "group"
    menu_label = "Leads"
    disabled_views = ("add", "edit", "usage")
    index_view_class = LeadIndexView
    inspect_view_class = LeadInspectView
    delete_view_class = LeadEraseView
    filterset_class = LeadFilterSet
    search_fields = ["first_name", "last_name", "email", "company"]
    ordering = "-created_at"
    list_display = [  # The linked name column comes first, from LeadIndexView.
        Column("email", label="E-mail", sort_key="email"),
        "company",
        Column(
            "whitepaper", label="Whitepaper", accessor=whitepaper_label, sort_key="whitepaper_title"
        ),
        SiteTimeColumn("created_at", label="Created", sort_key="created_at"),
        BooleanColumn("is_confirmed", label="Confirmed", sort_key="email_confirmed_at"),
        BooleanColumn("newsletter_opt_in", label="Newsletter", sort_key="newsletter_confirmed_at"),
        Column("download_count", label="Downloads", sort_key="download_count"),
    ]
    export_headings = {
        "id": "Lead ID",
        "first_name": "First name",
        "last_name": "Last name",
        "email": "E-mail",
        "company": "Company",
        "job_role": "Job role",
        "whitepaper_title": "Whitepaper",
        "created_at": "Created",
        "email_confirmed_at": "E-mail confirmed",
        "consent_id": "Consent version",
        "consented_at": "Consented",
        "newsletter_requested": "Newsletter requested",
        "newsletter_consent_id": "Newsletter consent version",
        "newsletter_confirmed_at": "Newsletter confirmed",
        "source_url": "Source URL",
        "referrer": "Referrer",
        "utm_source": "UTM source",
        "utm_medium": "UTM medium",
        "utm_campaign": "UTM campaign",
        "utm_term": "UTM term",
        "utm_content": "UTM content",
        "request_count": "Requests",
        "download_count": "Downloads",
    }
    list_export = list(export_headings)
    export_filename = "whitepaper-leads"
    # The consent texts and the deliveries have their own sections in the template.
    inspect_view_fields = [
        "first_name",
        "last_name",
        "email",
        "company",
        "job_role",
        "whitepaper",
        "created_at",
        "last_requested_at",
        "request_count",
        "download_count",
        "email_confirmed_at",
        "source_page",
        "source_url",
        "referrer",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
    ]


class ConsentVersionViewSet(MarketingModelViewSet):
    model = ConsentVersion
    name = "whitepapers_consentversion"
    url_prefix = "whitepapers/consent-texts"
    icon = "clipboard-list"
    menu_label = "Consent texts"
    disabled_views = ("edit", "delete", "usage")
    index_view_class = ConsentIndexView
    add_view_class = ConsentCreateView
    inspect_view_class = ConsentInspectView
    panels = [FieldPanel("purpose"), FieldPanel("text")]
    list_filter = ["purpose"]
    list_display = [
        "purpose",
        SiteTimeColumn("created_at", label="Created", sort_key="created_at"),
        Column("short_text", label="Text", accessor=truncated("text")),
        BooleanColumn("is_current", label="Shown now"),
        Column("lead_count", label="Leads who agreed", sort_key="lead_count"),
    ]
    inspect_view_fields = [
        "purpose",
        "text",
        "created_at",
        "created_by",
        "is_current",
        "lead_count",
    ]


class DeliveryViewSet(MarketingModelViewSet):
    model = Delivery
    name = "whitepapers_delivery"
    url_prefix = "whitepapers/deliveries"
    icon = "mail"
    menu_label = "Deliveries"
    disabled_views = ("add", "edit", "delete", "usage", "history", "history_results")
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    inspect_view_fields = [
        "lead",
        "kind",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    list_display = [  # The linked kind column comes first, from DeliveryIndexView.
        Column("lead", label="Lead"),
        "status",
        Column("attempts", label="Attempts", sort_key="attempts"),
        Column("last_error", label=REASON_LABEL, accessor=truncated("last_error", 60)),
        SiteTimeColumn(
            "next_attempt_at",
            label="Next attempt",
            accessor=next_attempt,
            sort_key="next_attempt_at",
        ),
        SiteTimeColumn("created_at", label="Created", sort_key="created_at"),
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(retry_url_name=self.get_url_name("retry"), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(retry_url_name=self.get_url_name("retry"), **kwargs)

    @property
    def retry_view(self):
        return self.construct_view(DeliveryRetryView)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("retry/<int:pk>/", self.retry_view, name="retry")]


class FiguresViewSet(RefusalIs403Mixin, ViewSet):
    name = "whitepapers_figures"
    url_prefix = "whitepapers/figures"
    icon = "table"
    menu_label = "Figures"

    def get_urlpatterns(self):
        view = self.construct_view(FiguresView, header_icon=self.icon)
        return [path("", view, name="index")]

    @cached_property
    def menu_item_class(self):
        def is_shown(_item, request):
            return lead_policy.user_has_permission(request.user, "view")

        return type("FiguresMenuItem", (MenuItem,), {"is_shown": is_shown})


class WhitepapersViewSetGroup(ViewSetGroup):
    """The "Whitepapers" menu; only shown to users who may see at least one of its items."""

    menu_label = "Whitepapers"
    menu_icon = "doc-full-inverse"
    menu_order = 260
    items = (LeadViewSet, FiguresViewSet, DeliveryViewSet, ConsentVersionViewSet)
