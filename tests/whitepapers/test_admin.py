"""Marketing's admin: leads (list, details, filters, export, erasure), consent texts,
deliveries, figures and the dashboard panel; nobody else gets in."""

import datetime
import io
import zoneinfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail import hooks
from wagtail.models import ModelLogEntry

from whitepapers.models import (
    ConsentPurpose,
    ConsentVersion,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    GateEvent,
    GateEventKind,
    GateViewCount,
    Lead,
)
from whitepapers.permissions import MARKETING_PERMISSIONS

from .helpers import column, export, listed_emails, make_user, url

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
FORMULAS = ['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]


@pytest.fixture
def marketing_client(client):
    client.force_login(make_user("marketing", "Marketing"))
    return client


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("editor", "Editors"))
    return client


@pytest.fixture
def superuser_client(client):
    client.force_login(make_user("root", is_superuser=True))
    return client


@pytest.fixture
def lead(whitepaper, make_lead):
    return make_lead(whitepaper, confirmed=True)


@pytest.fixture
def failed_delivery(lead):
    return Delivery.objects.create(
        lead=lead,
        kind=DeliveryKind.DOWNLOAD_MAIL,
        status=DeliveryStatus.FAILED,
        attempts=5,
        last_error="550 mailbox unavailable",
    )


# Who gets in


def marketing_views(lead, failed_delivery):
    consent = lead.consent
    return [
        ("get", url("whitepapers_lead:index")),
        ("get", url("whitepapers_lead:index_results")),
        ("get", url("whitepapers_lead:inspect", lead.pk)),
        ("get", url("whitepapers_lead:delete", lead.pk)),
        ("post", url("whitepapers_lead:delete", lead.pk)),
        ("get", url("whitepapers_lead:index") + "?export=csv"),
        ("get", url("whitepapers_lead:index") + "?export=xlsx"),
        ("get", url("whitepapers_figures:index")),
        ("get", url("whitepapers_consentversion:index")),
        ("get", url("whitepapers_consentversion:add")),
        ("get", url("whitepapers_consentversion:inspect", consent.pk)),
        ("get", url("whitepapers_delivery:index")),
        ("get", url("whitepapers_delivery:inspect", failed_delivery.pk)),
        ("post", url("whitepapers_delivery:retry", failed_delivery.pk)),
    ]


VIEW_IDS = [
    "lead_list",
    "lead_results",
    "lead_inspect",
    "lead_erase_form",
    "lead_erase",
    "lead_export_csv",
    "lead_export_xlsx",
    "figures",
    "consent_list",
    "consent_add",
    "consent_inspect",
    "delivery_list",
    "delivery_inspect",
    "delivery_retry",
]


@pytest.mark.parametrize("index", range(len(VIEW_IDS)), ids=VIEW_IDS)
def test_editor_gets_403(editor_client, lead, failed_delivery, index):
    method, path = marketing_views(lead, failed_delivery)[index]
    response = getattr(editor_client, method)(path)
    assert response.status_code == 403
    assert Lead.objects.filter(pk=lead.pk).exists()
    assert Delivery.objects.get(pk=failed_delivery.pk).status == DeliveryStatus.FAILED


def test_editor_gets_403_on_lead_export(editor_client, lead):
    response = editor_client.get(url("whitepapers_lead:index"), {"export": "csv"})
    assert response.status_code == 403
    assert lead.email not in response.content.decode()


@pytest.mark.parametrize("index", range(len(VIEW_IDS)), ids=VIEW_IDS)
def test_anonymous_is_sent_to_the_login(client, lead, failed_delivery, index):
    method, path = marketing_views(lead, failed_delivery)[index]
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize(
    "name", ["whitepapers_lead:index", "whitepapers_figures:index", "whitepapers_delivery:index"]
)
def test_marketing_gets_in(marketing_client, lead, name):
    assert marketing_client.get(url(name)).status_code == 200


def test_marketing_sees_the_whitepapers_menu(marketing_client, lead):
    html = marketing_client.get(reverse("wagtailadmin_home")).content.decode()
    assert url("whitepapers_lead:index") in html
    assert url("whitepapers_figures:index") in html


def test_editors_do_not_see_the_whitepapers_menu(editor_client, lead):
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert url("whitepapers_lead:index") not in html


def test_editors_get_no_whitepaper_permissions():
    editor = make_user("editor", "Editors")
    assert not any(
        editor.has_perm(f"whitepapers.{codename}")
        for codename in MARKETING_PERMISSIONS["whitepapers"]
    )


def test_marketing_may_edit_the_whitepaper_settings(marketing_client, blog_index):
    response = marketing_client.get(
        reverse("wagtailsettings:edit", args=["whitepapers", "whitepapersettings"]), follow=True
    )
    assert response.status_code == 200
    assert "CRM webhook URL" in response.content.decode()


def test_group_editor_offers_no_permission_the_policies_refuse(superuser_client):
    superuser_client.get(reverse("wagtailadmin_home"))  # Loads the hooks.
    offered = {
        permission.codename
        for register in hooks.get_hooks("register_permissions")
        for permission in register()
        if permission.content_type.app_label == "whitepapers"
    }
    assert {"view_lead", "delete_lead", "add_consentversion", "change_delivery"} <= offered
    assert not offered & {"add_lead", "change_lead", "change_consentversion", "delete_delivery"}


# Leads: list and details


def test_marketing_lists_leads_with_name_and_whitepaper(marketing_client, lead):
    html = marketing_client.get(url("whitepapers_lead:index")).content.decode()
    assert "Ada Lovelace" in html
    assert "ada@example.com" in html
    assert "Hadoop 2 (German version)" in html


@pytest.mark.parametrize("client_fixture", ["marketing_client", "superuser_client"])
def test_nobody_gets_add_edit_or_copy_buttons(request, lead, client_fixture):
    client = request.getfixturevalue(client_fixture)
    html = client.get(url("whitepapers_lead:index")).content.decode()
    html += client.get(url("whitepapers_lead:inspect", lead.pk)).content.decode()
    assert "/whitepapers/leads/new/" not in html
    assert "/whitepapers/leads/edit/" not in html
    assert "/whitepapers/leads/copy/" not in html
    assert "Erase lead" in html


@pytest.mark.parametrize("view", ["add", "edit", "copy"])
def test_leads_have_no_add_edit_or_copy_views(view):
    with pytest.raises(NoReverseMatch):
        reverse(f"whitepapers_lead:{view}", args=() if view == "add" else (1,))


def test_lead_details_show_the_consent_text_they_agreed_to(marketing_client, lead):
    html = marketing_client.get(url("whitepapers_lead:inspect", lead.pk)).content.decode()
    assert lead.consent.text in html
    assert f"version {lead.consent.pk}" in html


def test_lead_details_show_the_newsletter_consent_and_its_confirmation(
    marketing_client, whitepaper, make_lead
):
    newsletter = ConsentVersion.objects.current(ConsentPurpose.NEWSLETTER)
    confirmed = timezone.make_aware(datetime.datetime(2024, 5, 6, 9, 30), BERLIN)
    lead = make_lead(
        whitepaper,
        newsletter_requested=True,
        newsletter_consent=newsletter,
        newsletter_confirmed_at=confirmed,
    )
    html = marketing_client.get(url("whitepapers_lead:inspect", lead.pk)).content.decode()
    assert newsletter.text in html
    assert "Confirmed through the link" in html


def test_lead_details_show_source_and_utm(marketing_client, whitepaper, make_lead):
    lead = make_lead(
        whitepaper, referrer="https://news.example/", utm_campaign="spring-launch", request_count=3
    )
    html = marketing_client.get(url("whitepapers_lead:inspect", lead.pk)).content.decode()
    assert "https://news.example/" in html
    assert "spring-launch" in html


def test_lead_details_show_failed_deliveries_with_their_error(
    marketing_client, lead, failed_delivery
):
    html = marketing_client.get(url("whitepapers_lead:inspect", lead.pk)).content.decode()
    assert "550 mailbox unavailable" in html
    assert "Failed for good" in html


def test_marketing_searches_leads_by_company(marketing_client, whitepaper, make_lead):
    make_lead(whitepaper, email="ada@example.com")
    make_lead(whitepaper, email="bob@example.com", company="Difference Engines")
    assert listed_emails(marketing_client, q="difference") == {"bob@example.com"}


# Leads: filters


def test_filter_by_whitepaper(marketing_client, make_whitepaper, make_lead):
    hadoop, spark = make_whitepaper("Hadoop 2"), make_whitepaper("Spark")
    make_lead(hadoop, email="h@example.com")
    make_lead(spark, email="s@example.com")
    assert listed_emails(marketing_client, whitepaper=spark.pk) == {"s@example.com"}


def test_filter_by_created_date_range(marketing_client, whitepaper, make_lead):
    def on(day):
        return timezone.make_aware(datetime.datetime(2024, 5, day, 12), BERLIN)

    make_lead(whitepaper, email="early@example.com", created_at=on(1))
    make_lead(whitepaper, email="inside@example.com", created_at=on(10))
    make_lead(whitepaper, email="late@example.com", created_at=on(20))
    emails = listed_emails(
        marketing_client, created_at_from="2024-05-05", created_at_to="2024-05-10"
    )
    assert emails == {"inside@example.com"}


@pytest.mark.parametrize(
    "value, expected", [("true", {"yes@example.com"}), ("false", {"no@example.com"})]
)
def test_filter_by_confirmed(marketing_client, whitepaper, make_lead, value, expected):
    make_lead(whitepaper, email="yes@example.com", confirmed=True)
    make_lead(whitepaper, email="no@example.com")
    assert listed_emails(marketing_client, confirmed=value) == expected


@pytest.mark.parametrize(
    "value, expected", [("true", {"opted@example.com"}), ("false", {"asked@example.com"})]
)
def test_filter_by_newsletter_opt_in(marketing_client, whitepaper, make_lead, value, expected):
    make_lead(whitepaper, email="opted@example.com", newsletter_confirmed_at=timezone.now())
    make_lead(whitepaper, email="asked@example.com", newsletter_requested=True)
    assert listed_emails(marketing_client, newsletter=value) == expected


# Leads: export


@pytest.fixture
def many_leads(whitepaper, make_lead):
    # More than a listing page (20), so a paginated export would show.
    return [make_lead(whitepaper, email=f"reader{n}@example.com") for n in range(25)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_has_every_lead_exactly_once(marketing_client, many_leads, fmt):
    emails = column(export(marketing_client, fmt), "E-mail")
    assert sorted(emails) == sorted(lead.email for lead in many_leads)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_neutralises_formulas(marketing_client, whitepaper, make_lead, fmt):
    for n, formula in enumerate(FORMULAS):
        make_lead(whitepaper, email=f"evil{n}@example.com", company=formula, first_name=formula)
    rows = export(marketing_client, fmt)
    # XML reads a carriage return back as a line feed; the quote in front is what counts.
    expected = sorted("'" + f.replace("\r", "\n") for f in FORMULAS)
    for heading in ["Company", "First name"]:
        assert sorted(v.replace("\r", "\n") for v in column(rows, heading)) == expected


def test_xlsx_export_has_no_formula_cells(marketing_client, whitepaper, make_lead):
    make_lead(whitepaper, company='=HYPERLINK("http://evil")')
    response = marketing_client.get(url("whitepapers_lead:index"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_respects_filters(marketing_client, whitepaper, make_lead, fmt):
    make_lead(whitepaper, email="yes@example.com", confirmed=True)
    make_lead(whitepaper, email="no@example.com")
    assert column(export(marketing_client, fmt, confirmed="true"), "E-mail") == ["yes@example.com"]


def test_csv_export_writes_times_in_the_site_time_zone(marketing_client, whitepaper, make_lead):
    make_lead(whitepaper, created_at=datetime.datetime(2024, 5, 6, 8, 0, tzinfo=datetime.UTC))
    rows = export(marketing_client, "csv")
    assert column(rows, "Created (Europe/Berlin)") == ["2024-05-06 10:00:00+02:00"]


# Leads: erasure


def test_erasing_a_lead_deletes_it_and_its_deliveries(marketing_client, lead, failed_delivery):
    response = marketing_client.post(url("whitepapers_lead:delete", lead.pk))
    assert response.status_code == 302
    assert not Lead.objects.filter(pk=lead.pk).exists()
    assert not Delivery.objects.filter(pk=failed_delivery.pk).exists()


def test_erasing_a_lead_keeps_gate_event_counts(marketing_client, whitepaper, lead):
    for kind in [GateEventKind.VIEW, GateEventKind.SUBMISSION, GateEventKind.DOWNLOAD]:
        GateEvent.objects.create(whitepaper=whitepaper, lead=lead, kind=kind)
    marketing_client.post(url("whitepapers_lead:delete", lead.pk))
    assert GateEvent.objects.filter(whitepaper=whitepaper).count() == 3
    assert not GateEvent.objects.filter(lead__isnull=False).exists()


def test_erasure_leaves_no_name_or_email_in_the_audit_log(marketing_client, lead):
    marketing_client.post(url("whitepapers_lead:delete", lead.pk))
    labels = list(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels == [f"Lead {lead.pk} (erased)"]


def test_erase_page_explains_what_stays(marketing_client, lead):
    html = marketing_client.get(url("whitepapers_lead:delete", lead.pk)).content.decode()
    assert "anonymous counts" in html
    assert "Yes, erase this lead" in html


# Consent texts


def test_marketing_adds_a_consent_version_signed_by_them(marketing_client):
    response = marketing_client.post(
        url("whitepapers_consentversion:add"),
        {"purpose": ConsentPurpose.PROCESSING, "text": "New wording."},
    )
    assert response.status_code == 302
    current = ConsentVersion.objects.current(ConsentPurpose.PROCESSING)
    assert current.text == "New wording."
    assert current.created_by.username == "marketing"


def test_a_new_version_can_start_from_an_existing_text(marketing_client):
    version = ConsentVersion.objects.current(ConsentPurpose.NEWSLETTER)
    response = marketing_client.get(url("whitepapers_consentversion:add"), {"from": version.pk})
    assert response.context["form"].initial["text"] == version.text


@pytest.mark.parametrize("view", ["edit", "delete", "copy"])
def test_consent_texts_have_no_edit_delete_or_copy_views(view):
    with pytest.raises(NoReverseMatch):
        reverse(f"whitepapers_consentversion:{view}", args=(1,))


def test_superusers_cannot_edit_or_delete_consent_texts():
    from wagtail.permissions import policy_registry

    hooks.search_for_hooks()  # wagtail_hooks.py registers the policies.
    root = make_user("root", is_superuser=True)
    policy = policy_registry.get_by_type(ConsentVersion)
    assert policy.user_has_permission(root, "add")
    assert not policy.user_has_permission(root, "change")
    assert not policy.user_has_permission(root, "delete")


def test_consent_list_counts_the_leads_that_agreed(marketing_client, whitepaper, make_lead):
    make_lead(whitepaper, email="a@example.com")
    make_lead(whitepaper, email="b@example.com")
    response = marketing_client.get(url("whitepapers_consentversion:index"))
    counts = {v.purpose: v.lead_count for v in response.context["object_list"]}
    assert counts == {ConsentPurpose.PROCESSING: 2, ConsentPurpose.NEWSLETTER: 0}


# Deliveries


def test_marketing_retries_a_failed_delivery(marketing_client, failed_delivery):
    response = marketing_client.post(url("whitepapers_delivery:retry", failed_delivery.pk))
    assert response.status_code == 302
    failed_delivery.refresh_from_db()
    assert failed_delivery.status == DeliveryStatus.PENDING
    assert failed_delivery.next_attempt_at <= timezone.now()


def test_retry_leaves_a_sent_delivery_alone(marketing_client, lead):
    sent = Delivery.objects.create(
        lead=lead, kind=DeliveryKind.SALES_MAIL, status=DeliveryStatus.SENT
    )
    marketing_client.post(url("whitepapers_delivery:retry", sent.pk))
    sent.refresh_from_db()
    assert sent.status == DeliveryStatus.SENT


def test_retry_needs_a_post(marketing_client, failed_delivery):
    response = marketing_client.get(url("whitepapers_delivery:retry", failed_delivery.pk))
    assert response.status_code == 405


def test_delivery_list_filters_by_status(marketing_client, lead, failed_delivery):
    Delivery.objects.create(lead=lead, kind=DeliveryKind.SALES_MAIL, status=DeliveryStatus.SENT)
    response = marketing_client.get(url("whitepapers_delivery:index"), {"status": "failed"})
    assert list(response.context["object_list"]) == [failed_delivery]


def test_delivery_list_offers_retry_for_failed_ones(marketing_client, failed_delivery):
    html = marketing_client.get(url("whitepapers_delivery:index")).content.decode()
    assert url("whitepapers_delivery:retry", failed_delivery.pk) in html


@pytest.fixture
def skipped_crm_post(lead):
    return Delivery.objects.create(
        lead=lead,
        kind=DeliveryKind.CRM_WEBHOOK,
        status=DeliveryStatus.SKIPPED,
        attempts=1,
        last_error="No CRM webhook URL is set any more (Settings → Whitepaper settings).",
    )


def test_delivery_list_shows_skipped_ones_with_the_reason_and_a_retry(
    marketing_client, skipped_crm_post, failed_delivery
):
    response = marketing_client.get(url("whitepapers_delivery:index"), {"status": "skipped"})
    assert list(response.context["object_list"]) == [skipped_crm_post]
    html = response.content.decode()
    assert "Skipped" in html
    assert "No CRM webhook URL is set any more" in html
    assert url("whitepapers_delivery:retry", skipped_crm_post.pk) in html


def test_delivery_details_show_why_it_was_skipped(marketing_client, skipped_crm_post):
    response = marketing_client.get(url("whitepapers_delivery:inspect", skipped_crm_post.pk))
    html = response.content.decode()
    assert "Skipped" in html
    assert "No CRM webhook URL is set any more" in html
    assert url("whitepapers_delivery:retry", skipped_crm_post.pk) in html


def test_a_skipped_crm_post_goes_out_when_retried_once_the_url_is_back(
    marketing_client, skipped_crm_post, crm, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = marketing_client.post(url("whitepapers_delivery:retry", skipped_crm_post.pk))
    assert response.status_code == 302
    skipped_crm_post.refresh_from_db()
    assert skipped_crm_post.status == DeliveryStatus.SENT
    assert len(crm.requests) == 1


def test_retrying_a_skipped_crm_post_without_a_url_says_why_and_changes_nothing(
    marketing_client, skipped_crm_post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = marketing_client.post(
            url("whitepapers_delivery:retry", skipped_crm_post.pk), follow=True
        )
    assert "No CRM webhook URL is set" in response.content.decode()
    skipped_crm_post.refresh_from_db()
    assert skipped_crm_post.status == DeliveryStatus.SKIPPED
    assert skipped_crm_post.attempts == 1


# Figures


def add_events(whitepaper, weeks=3, per_kind=2):
    """`per_kind` events of each kind in each of the last `weeks` weeks; form views are
    counted per day (GateViewCount), the rest are events."""
    now = timezone.now()
    GateEvent.objects.bulk_create(
        GateEvent(whitepaper=whitepaper, kind=kind, created_at=now - datetime.timedelta(weeks=w))
        for w in range(weeks)
        for kind in GateEventKind.values
        if kind != GateEventKind.VIEW
        for _ in range(per_kind)
    )
    today = timezone.localtime(timezone=BERLIN).date()
    GateViewCount.objects.bulk_create(
        GateViewCount(
            whitepaper=whitepaper, day=today - datetime.timedelta(weeks=w), views=per_kind
        )
        for w in range(weeks)
    )


def figures_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("whitepapers_figures:index")).status_code == 200
    return len(queries)


def test_figures_queries_do_not_grow_with_whitepapers_or_weeks(marketing_client, make_whitepaper):
    add_events(make_whitepaper("First"), weeks=1)
    one = figures_queries(marketing_client)
    for n in range(4):
        add_events(make_whitepaper(f"More {n}"), weeks=10)
    assert figures_queries(marketing_client) == one


def test_figures_show_totals_and_conversion(marketing_client, whitepaper):
    add_events(whitepaper, weeks=3, per_kind=2)
    Client(HTTP_USER_AGENT="Mozilla/5.0 Firefox/133.0").get(whitepaper.url)  # one more view
    response = marketing_client.get(url("whitepapers_figures:index"))
    [section] = response.context["sections"]
    assert section["figures"].total_row == [7, 6, 6, 6]
    assert section["rate"] == "85.7 %"


def test_figures_draw_an_accessible_chart_and_a_table(marketing_client, whitepaper):
    add_events(whitepaper)
    html = marketing_client.get(url("whitepapers_figures:index")).content.decode()
    assert 'role="img"' in html
    assert "Numbers per week" in html
    assert "<script>" not in html.split('id="wp-figures-')[1]


def test_figures_count_monday_just_after_midnight_in_the_site_time_zone(
    marketing_client, whitepaper
):
    today = timezone.localtime(timezone=BERLIN).date()
    monday = today - datetime.timedelta(days=today.weekday())
    # 00:30 on Monday in Berlin is still Sunday in UTC.
    early = datetime.datetime.combine(monday, datetime.time(0, 30), tzinfo=BERLIN)
    GateEvent.objects.create(whitepaper=whitepaper, kind=GateEventKind.DOWNLOAD, created_at=early)
    response = marketing_client.get(url("whitepapers_figures:index"))
    [section] = response.context["sections"]
    assert section["figures"].counts["download"][-1] == 1


# Dashboard panel


def test_dashboard_shows_this_weeks_downloads_to_marketing(marketing_client, whitepaper):
    GateEvent.objects.create(whitepaper=whitepaper, kind=GateEventKind.DOWNLOAD)
    html = marketing_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Whitepaper downloads this week" in html
    assert "Hadoop 2 (German version)" in html


def test_dashboard_panel_is_absent_for_editors(editor_client, whitepaper):
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Whitepaper downloads this week" not in html
