"""Deliveries in the admin: which mails and CRM posts wait, failed or were skipped, and why;
failed and skipped ones can be sent off again."""

from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import IndexView, InspectView, PermissionCheckedMixin
from wagtail.admin.widgets import Button

from ..delivery import send_delivery, skip_reason
from ..models import Delivery, DeliveryStatus
from ..times import format_site_time
from . import ReadableInspectMixin

__all__ = [
    "REASON_LABEL",
    "DeliveryIndexView",
    "DeliveryInspectView",
    "DeliveryRetryView",
    "retry_delivery",
]

RETRYABLE = (DeliveryStatus.FAILED, DeliveryStatus.SKIPPED)
# Why a skipped delivery was not sent, or what went wrong with a failed or waiting one.
REASON_LABEL = _lazy("Reason or last error")


def retry_delivery(pk):
    """Give a failed or skipped delivery a fresh round of attempts, starting now; False if
    it was neither."""
    retried = Delivery.objects.filter(pk=pk, status__in=RETRYABLE).update(
        status=DeliveryStatus.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        claimed_until=None,
    )
    if retried:
        transaction.on_commit(lambda: send_delivery.enqueue(pk))
    return bool(retried)


class RetryURLMixin:
    retry_url_name = None

    def get_retry_url(self, delivery):
        if (
            self.retry_url_name
            and delivery.status in RETRYABLE
            and self.user_has_permission("retry")
        ):
            return reverse(self.retry_url_name, args=(delivery.pk,))


class DeliveryIndexView(RetryURLMixin, IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("lead")

    @cached_property
    def columns(self):
        # The linked first column gets room for "Download link to the reader".
        return [self._get_title_column("kind", width="18%"), *super().columns]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if url := self.get_retry_url(instance):
            # Wagtail's `w-action` controller posts to the URL with the CSRF token.
            buttons.append(
                Button(
                    "Retry now",
                    icon_name="rotate",
                    attrs={
                        "data-controller": "w-action",
                        "data-action": "w-action#post",
                        "data-w-action-url-value": url,
                    },
                    priority=5,
                )
            )
        return buttons


class DeliveryInspectView(RetryURLMixin, ReadableInspectMixin, InspectView):
    template_name = "whitepapers/admin/delivery_inspect.html"
    extra_labels = {"last_error": REASON_LABEL}

    def get_next_attempt_at_display_value(self):
        # Only a waiting delivery has a next attempt; the stored time means nothing after.
        if self.object.status != DeliveryStatus.PENDING:
            return self.empty_display
        return format_site_time(self.object.next_attempt_at)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["retry_url"] = self.get_retry_url(self.object)
        return context


class DeliveryRetryView(PermissionCheckedMixin, View):
    """POST only: a failed or skipped delivery goes back to pending, due now, unless its
    target is still missing (it would only be skipped again): then the reason is shown."""

    model = Delivery
    permission_required = "retry"
    index_url_name = None
    http_method_names = ["post"]

    def post(self, request, pk):
        delivery = Delivery.objects.select_related("lead__whitepaper").filter(pk=pk).first()
        if delivery is None or delivery.status not in RETRYABLE:
            messages.warning(request, _("Only failed or skipped deliveries can be retried."))
        elif reason := skip_reason(delivery.kind, delivery.lead):
            messages.warning(request, _("Not retried: %(reason)s") % {"reason": reason})
        elif retry_delivery(pk):
            messages.success(request, "The delivery is queued again and goes out shortly.")
        else:  # someone else retried it a moment ago
            messages.warning(request, _("Only failed or skipped deliveries can be retried."))
        return redirect(get_valid_next_url_from_request(request) or reverse(self.index_url_name))
