"""Consent texts in the admin: versions are added, never edited or deleted, because leads
point at the exact wording their reader agreed to."""

from django.contrib.admin.utils import unquote
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.views.generic import CreateView, IndexView, InspectView
from wagtail.admin.widgets import Button

from ..models import ConsentVersion, Lead
from . import ReadableInspectMixin

__all__ = [
    "ConsentCreateView",
    "ConsentIndexView",
    "ConsentInspectView",
    "with_agreement_counts",
]


def with_agreement_counts(versions):
    """Annotate `lead_count` (leads that agreed to the version) and `is_current` (readers see
    it now: no newer version of its purpose), one subquery each."""
    agreed = (
        Lead.objects.filter(Q(consent=OuterRef("pk")) | Q(newsletter_consent=OuterRef("pk")))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    newer = ConsentVersion.objects.filter(purpose=OuterRef("purpose")).filter(
        Q(created_at__gt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk"))
    )
    return versions.annotate(
        lead_count=Subquery(agreed, output_field=IntegerField()), is_current=~Exists(newer)
    )


class ConsentIndexView(IndexView):
    def get_base_queryset(self):
        return with_agreement_counts(super().get_base_queryset())


class ConsentCreateView(CreateView):
    """Adds a version, signed by the user; `?from=<pk>` starts from an existing wording."""

    def get_initial(self):
        initial = super().get_initial()
        source = self.request.GET.get("from", "")
        if source.isascii() and source.isdigit() and len(source) <= 18:
            version = ConsentVersion.objects.filter(pk=source).first()
            if version:
                initial.update(purpose=version.purpose, text=version.text)
        return initial

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()

    def get_success_buttons(self):
        # There is no edit view to offer.
        return []


class ConsentInspectView(ReadableInspectMixin, InspectView):
    extra_labels = {"lead_count": "Leads who agreed", "is_current": "Shown to readers now"}
    add_url_name = None

    def get_object(self, queryset=None):
        versions = with_agreement_counts(self.model.objects.select_related("created_by"))
        return get_object_or_404(versions, pk=unquote(str(self.pk)))

    @cached_property
    def header_more_buttons(self):
        if self.add_url_name and self.user_has_permission("add"):
            url = f"{reverse(self.add_url_name)}?from={self.object.pk}"
            return [Button("New version from this text", url=url, icon_name="copy")]
        return []
