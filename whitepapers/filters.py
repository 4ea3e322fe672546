"""The filters of the leads listing in the admin."""

import django_filters
from django.utils import timezone
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from .models import Lead, WhitepaperPage
from .times import site_time_zone

__all__ = ["LeadFilterSet"]


class WhitepaperChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        # Language versions share a title; the label tells them apart.
        return obj.full_title


class WhitepaperFilter(django_filters.ModelChoiceFilter):
    field_class = WhitepaperChoiceField


class SiteDateRangeField(django_filters.fields.DateRangeField):
    """Days from midnight to midnight in the site's time zone, the zone the admin shows."""

    def compress(self, data_list):
        with timezone.override(site_time_zone()):
            return super().compress(data_list)


class SiteDateFromToRangeFilter(django_filters.DateFromToRangeFilter):
    field_class = SiteDateRangeField


class LeadFilterSet(WagtailFilterSet):
    """Whitepaper, when the lead came in, and whether the e-mail and the newsletter opt-in
    were confirmed. Subclass it and set the viewset's `filterset_class` to add more."""

    whitepaper = WhitepaperFilter(
        label="Whitepaper", queryset=WhitepaperPage.objects.order_by("title", "language_label")
    )
    created_at = SiteDateFromToRangeFilter(label="Created", widget=DateRangePickerWidget)
    confirmed = django_filters.BooleanFilter(
        label="E-mail confirmed",
        field_name="email_confirmed_at",
        method="filter_has_date",
        widget=BooleanRadioSelect,
    )
    newsletter = django_filters.BooleanFilter(
        label="Newsletter opt-in confirmed",
        field_name="newsletter_confirmed_at",
        method="filter_has_date",
        widget=BooleanRadioSelect,
    )

    class Meta:
        model = Lead
        fields = []

    def filter_has_date(self, queryset, name, value):
        return queryset.filter(**{f"{name}__isnull": not value})
