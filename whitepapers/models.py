"""Whitepapers, the consent texts readers agree to, the leads they leave, and what happened.

- `WhitepaperPage`: the landing page with the gate (drafts, revisions, preview as any page).
- `ConsentVersion`: consent texts are never edited in place; a change adds a version, and
  every lead points at the version its reader saw.
- `Lead`: one per e-mail address and whitepaper; a second request re-sends, it does not
  duplicate.
- `FormStampUse`: form stamps already accepted once, so a replay creates nothing.
- `GateEvent`: anonymous counts (submissions, confirmations, downloads) that survive a
  lead's erasure.
- `GateViewCount`: form views per whitepaper and day (counted in the cache first, see
  `whitepapers.viewcounts`).
- `Delivery`: mails and CRM posts waiting to go out, retried until they do.
"""

import uuid

import swapper
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .admin_forms import WhitepaperSettingsForm
from .times import format_site_time, in_site_time
from .webhook import WebhookURLField

__all__ = [
    "ConsentVersion",
    "Delivery",
    "DeliveryMode",
    "FormStampUse",
    "GateEvent",
    "GateViewCount",
    "Lead",
    "WhitepaperPage",
    "WhitepaperSettings",
]

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


class DeliveryMode(models.TextChoices):
    CONFIRM = "confirm", "Confirm by e-mail: the download link arrives by mail"
    INSTANT = "instant", "Download at once: the file right after the form, and the mail too"


class WhitepaperPage(RoutablePageMixin, Page):
    """A whitepaper's landing page: what it is, and the form that trades it for a lead.

    The routes (the form, "check your inbox", the link from the mail, the file) live in
    `whitepapers.views.GateRoutes`.
    """

    subtitle = models.CharField(max_length=200, blank=True)
    language_label = models.CharField(
        "language",
        max_length=60,
        blank=True,
        help_text='Shown after the title, e.g. "German version".',
    )
    cover = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = RichTextField(features=["bold", "italic", "link", "ol", "ul"], blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The file readers receive. Keep it in a collection that is not public.",
    )
    delivery_mode = models.CharField(
        max_length=10, choices=DeliveryMode.choices, default=DeliveryMode.CONFIRM
    )
    button_label = models.CharField(max_length=60, default="Send me the whitepaper")
    sales_notification_email = models.EmailField(
        blank=True, help_text="Optional: tell this address about every new request."
    )

    content_panels = Page.content_panels + [
        FieldPanel("subtitle"),
        FieldPanel("language_label"),
        FieldPanel("cover"),
        FieldPanel("description"),
        FieldPanel("document"),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [
                FieldPanel("delivery_mode"),
                FieldPanel("button_label"),
                FieldPanel("sales_notification_email"),
            ],
            heading="Gate",
        )
    ]
    search_fields = Page.search_fields + [
        index.SearchField("subtitle"),
        index.SearchField("description"),
    ]
    subpage_types = []

    class Meta:
        verbose_name = "whitepaper"

    def clean(self):
        super().clean()
        if self.document_id and not document_is_protected(self.document):
            raise ValidationError(
                {
                    "document": "This document's collection is public. Move it to a "
                    "collection with privacy set (e.g. 'Whitepapers') so nobody can fetch "
                    "it without the form."
                }
            )

    @property
    def full_title(self):
        """'Hadoop 2 (German version)' as teasers and mails show it."""
        return f"{self.title} ({self.language_label})" if self.language_label else self.title

    # The gate's routes; the views themselves live in views.py.
    @path("")
    def gate(self, request):
        return _views().gate(request, self)

    @path("sent/", name="check_inbox")
    def check_inbox(self, request):
        return _views().check_inbox(request, self)

    @path("download/<str:token>/", name="open_link")
    def open_link(self, request, token):
        return _views().open_link(request, self, token)

    @path("file/<str:token>/", name="file")
    def file(self, request, token):
        return _views().download_file(request, self, token)

    @path("again/", name="remembered")
    def remembered(self, request):
        return _views().download_as_remembered(request, self)

    @path("forget-me/", name="forget_me")
    def forget_me(self, request):
        return _views().forget_me(request, self)


def _views():
    # views.py imports these models; importing it here at load time would be circular.
    from . import views

    return views


def document_is_protected(document):
    """Whether a document's collection (or one above it) carries a view restriction."""
    collection = document.collection
    return collection.get_view_restrictions().exists()


class ConsentPurpose(models.TextChoices):
    PROCESSING = "processing", "Processing of the reader's data (required)"
    NEWSLETTER = "newsletter", "Newsletter (optional, double opt-in)"


class ConsentVersionQuerySet(models.QuerySet):
    def current(self, purpose):
        """The version readers see now: the newest of its purpose."""
        return self.filter(purpose=purpose).order_by("-created_at", "-pk").first()


class ConsentVersion(models.Model):
    """One wording of a consent, kept forever once a reader may have agreed to it."""

    purpose = models.CharField(max_length=12, choices=ConsentPurpose.choices)
    text = models.TextField(
        help_text="Plain text shown beside the checkbox. Saving adds a new version; leads "
        "keep the version their reader saw."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ConsentVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "consent text"

    def __str__(self):
        created = in_site_time(self.created_at)
        return f"{self.get_purpose_display()}, version {self.pk} of {created:%Y-%m-%d}"


class Lead(models.Model):
    """A reader who asked for a whitepaper: who, what they agreed to, where they came from.

    Links and cookies name a lead by its random `reference`, never by its id: ids are
    sequential and would tell whether an address asked before and how many leads exist.
    """

    reference = models.UUIDField(
        "public reference", default=uuid.uuid4, unique=True, editable=False
    )
    whitepaper = models.ForeignKey(
        WhitepaperPage, null=True, on_delete=models.SET_NULL, related_name="leads"
    )
    whitepaper_title = models.CharField(
        max_length=255, help_text="Kept in case the whitepaper is deleted."
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField("e-mail", max_length=254)
    company = models.CharField(max_length=200)
    job_role = models.CharField("job role", max_length=100, blank=True)

    consent = models.ForeignKey(
        ConsentVersion, on_delete=models.PROTECT, related_name="+", verbose_name="consent text"
    )
    consented_at = models.DateTimeField()
    newsletter_requested = models.BooleanField(default=False)
    newsletter_requested_at = models.DateTimeField(null=True, blank=True)
    newsletter_consent = models.ForeignKey(
        ConsentVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="newsletter consent text",
    )
    newsletter_confirmed_at = models.DateTimeField(null=True, blank=True)
    email_confirmed_at = models.DateTimeField("e-mail confirmed at", null=True, blank=True)
    remember_device = models.BooleanField(
        default=False, help_text="Asked to be remembered once the link confirms the address."
    )
    # SHA-256 of the secret in the one remember-me cookie this lead issued; empty: none (or
    # forgotten). The cookie is only good while it matches.
    remember_secret_hash = models.CharField(max_length=64, blank=True, editable=False)

    source_page = models.ForeignKey(
        PAGE_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_url = models.CharField("source URL", max_length=500, blank=True)
    referrer = models.CharField(max_length=500, blank=True)
    utm_source = models.CharField("UTM source", max_length=200, blank=True)
    utm_medium = models.CharField("UTM medium", max_length=200, blank=True)
    utm_campaign = models.CharField("UTM campaign", max_length=200, blank=True)
    utm_term = models.CharField("UTM term", max_length=200, blank=True)
    utm_content = models.CharField("UTM content", max_length=200, blank=True)

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_requested_at = models.DateTimeField(default=timezone.now)
    request_count = models.PositiveIntegerField("requests", default=1)
    download_count = models.PositiveIntegerField("downloads", default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "whitepaper", Lower("email"), name="one_lead_per_email_and_whitepaper"
            )
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} <{self.email}>"

    @property
    def is_confirmed(self):
        return self.email_confirmed_at is not None

    @property
    def newsletter_opt_in(self):
        """Counts only once the link in the mail was followed (double opt-in)."""
        return self.newsletter_confirmed_at is not None


class FormStampUse(models.Model):
    """A form stamp (by its random nonce) that was accepted once, with the lead it made.

    Written in the same transaction as the lead, so a second POST with the same stamp (a
    double click, a replay) finds it and creates nothing. In the database, not the cache: a
    cache that is down would answer "already used" for everyone or for no one. Rows older
    than a stamp's lifetime prove nothing more; `purge_unconfirmed_leads` deletes them.
    """

    nonce = models.CharField(max_length=64, unique=True)
    lead = models.ForeignKey(Lead, null=True, on_delete=models.SET_NULL, related_name="+")
    used_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"Form stamp used at {self.used_at:%Y-%m-%d %H:%M}"


class GateEventKind(models.TextChoices):
    # Form views are no longer single events: they are counted per day in GateViewCount
    # (migration 0011 moved the old view events there). The kind stays for the figures.
    VIEW = "view", "Form view"
    SUBMISSION = "submission", "Submission"
    CONFIRMATION = "confirmation", "Confirmation"
    DOWNLOAD = "download", "Download"


class GateEvent(models.Model):
    """Something that happened at a gate; anonymous once its lead is erased."""

    whitepaper = models.ForeignKey(
        WhitepaperPage, null=True, on_delete=models.SET_NULL, related_name="gate_events"
    )
    lead = models.ForeignKey(Lead, null=True, on_delete=models.SET_NULL, related_name="events")
    kind = models.CharField(max_length=12, choices=GateEventKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["whitepaper", "kind", "created_at"]),
            # The figures and the dashboard panel select by time first.
            models.Index(fields=["created_at", "kind"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} at {format_site_time(self.created_at)}"


class GateViewCount(models.Model):
    """Form views of one whitepaper on one day (in the site's time zone).

    Views are counted in the shared cache and added here in batches with F(), so that no page
    view writes to the database and concurrent additions never lose a count.
    """

    whitepaper = models.ForeignKey(
        WhitepaperPage, null=True, on_delete=models.SET_NULL, related_name="view_counts"
    )
    day = models.DateField()
    # Not positive: a count moved twice by simultaneous flushes is taken back as a negative.
    views = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint("whitepaper", "day", name="one_view_count_per_whitepaper_day")
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self):
        return f"{self.views} form views on {self.day:%Y-%m-%d}"


class DeliveryKind(models.TextChoices):
    DOWNLOAD_MAIL = "download_mail", "Download link to the reader"
    SALES_MAIL = "sales_mail", "Notification to sales"
    CRM_WEBHOOK = "crm_webhook", "Post to the CRM"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed for good"
    # Its target went away (a setting was cleared, the whitepaper unpublished): nothing was
    # sent, the reason is in `last_error`, and a retry sends it once the target is back.
    SKIPPED = "skipped", _("Skipped")


class Delivery(models.Model):
    """A mail or CRM post for a lead, stored first and sent in the background, retried with
    growing delays until it goes or fails for good. Erasing the lead removes it."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=16, choices=DeliveryKind.choices)
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} for lead {self.lead_id}"


@register_setting(icon="doc-full-inverse")
class WhitepaperSettings(BaseSiteSetting):
    """Site-wide gate settings: the sidebar's whitepaper and the CRM webhook."""

    sidebar_whitepaper = models.ForeignKey(
        WhitepaperPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in the sidebar of every page unless a post picks another.",
    )
    crm_webhook_url = WebhookURLField(  # public https addresses only (see webhook_rules)
        "CRM webhook URL",
        blank=True,
        help_text=_(
            "Optional: every confirmed lead is posted here as JSON, signed with HMAC-SHA256. "
            "An https:// address on the internet."
        ),
    )
    crm_webhook_secret = models.CharField(
        "CRM webhook secret",
        max_length=128,
        blank=True,
        help_text="Shared with the CRM to check the X-Whitepapers-Signature header.",
    )

    panels = [
        FieldPanel("sidebar_whitepaper"),
        MultiFieldPanel(
            [
                FieldPanel("crm_webhook_url"),
                FieldPanel("crm_webhook_secret"),
                FieldPanel("remove_crm_webhook_secret"),
            ],
            heading="CRM",
        ),
    ]
    base_form_class = WhitepaperSettingsForm  # the secret never goes back into the page

    class Meta:
        verbose_name = "whitepaper settings"
