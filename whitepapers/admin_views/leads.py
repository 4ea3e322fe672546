"""Leads in the admin: a filterable list with CSV/XLSX export, the details, and erasure."""

import datetime

from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.generic import DeleteView, IndexView, InspectView
from wagtail.admin.widgets import Button
from wagtail.log_actions import log

from ..export import neutralise_formula
from ..times import in_site_time, site_time_zone
from . import ReadableInspectMixin

__all__ = ["LeadEraseView", "LeadIndexView", "LeadInspectView", "full_name", "whitepaper_label"]


def full_name(lead):
    return f"{lead.first_name} {lead.last_name}"


def whitepaper_label(lead):
    """The whitepaper with its language, or the title it had if it has been deleted."""
    return lead.whitepaper.full_title if lead.whitepaper else lead.whitepaper_title


class LeadIndexView(IndexView):
    """The leads, newest first; the export writes every filtered lead, spreadsheet-safe."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("whitepaper")

    @cached_property
    def columns(self):
        # A lead has no single name field, so the linked first column is built here.
        name = self._get_title_column_class(TitleColumn)(
            "name",
            label="Name",
            accessor=full_name,
            sort_key="last_name",
            get_url=self.get_inspect_url,
        )
        return [name, *super().columns]

    def get_list_more_buttons(self, instance):
        buttons = []
        if url := self.get_inspect_url(instance):
            buttons.append(MenuItem("Details", url=url, icon_name="info-circle", priority=10))
        if url := self.get_delete_url(instance):
            buttons.append(MenuItem("Erase lead", url=url, icon_name="bin", priority=30))
        return buttons

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if "whitepaper_title" in row:
            row["whitepaper_title"] = whitepaper_label(item)
        return row

    def get_heading(self, queryset, field):
        """A time column names its zone: "Created (Europe/Berlin)" (XLSX dates carry none)."""
        heading = super().get_heading(queryset, field)
        try:
            model_field = self.model._meta.get_field(field)
        except FieldDoesNotExist:
            return heading
        if isinstance(model_field, models.DateTimeField):
            return f"{heading} ({site_time_zone().key})"
        return heading

    def preprocess_field_value(self, field, value, export_format):
        """Times in the site's time zone, whoever exports; text that looks like a formula
        made inert, in CSV as in XLSX (Wagtail guards only XLSX, by cell type)."""
        if isinstance(value, datetime.datetime):
            value = in_site_time(value)
            if export_format == self.FORMAT_XLSX:
                return value.replace(tzinfo=None)
            return value.isoformat(sep=" ", timespec="seconds")
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise_formula(value)


class LeadInspectView(ReadableInspectMixin, InspectView):
    """Everything stored about a lead: the consent text they agreed to, where they came
    from, and the mails and CRM posts made for them."""

    template_name = "whitepapers/admin/lead_inspect.html"

    def get_object(self, queryset=None):
        leads = self.model.objects.select_related(
            "whitepaper", "consent", "newsletter_consent", "source_page"
        )
        return get_object_or_404(leads, pk=unquote(str(self.pk)))

    def get_whitepaper_display_value(self):
        return whitepaper_label(self.object)

    @cached_property
    def header_more_buttons(self):
        if url := self.get_delete_url():
            return [Button("Erase lead", url=url, icon_name="bin", priority=20)]
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deliveries"] = self.object.deliveries.all()
        context["erase_url"] = self.get_delete_url()
        return context


class LeadEraseView(DeleteView):
    """The right to erasure: the lead and its pending mails go; the anonymous gate events
    stay (their `lead` becomes empty) so the figures do not change."""

    template_name = "whitepapers/admin/lead_erase.html"
    page_title = "Erase lead"

    def get_success_message(self):
        return "Lead erased. The personal data is gone; the anonymous counts stay in the figures."

    def delete_action(self):
        # The audit log keeps who erased which lead number, not the person's name or e-mail.
        with transaction.atomic():
            log(
                instance=self.object,
                action="wagtail.delete",
                user=self.request.user,
                title=f"Lead {self.object.pk} (erased)",
                deleted=True,
            )
            self.object.delete()
