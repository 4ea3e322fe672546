"""The reader's way through the gate, with the test client and the local-memory mailbox."""

import time

import pytest
from django.core import mail
from wagtail.models import Site

from tests.factories import PDF_BYTES
from whitepapers import viewcounts
from whitepapers.links import REMEMBER_COOKIE
from whitepapers.models import (
    ConsentPurpose,
    ConsentVersion,
    Delivery,
    DeliveryMode,
    DeliveryStatus,
    GateEvent,
    Lead,
    WhitepaperSettings,
)

from .helpers import form_stamp, link_from_mail

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def test_gate_shows_the_form_with_the_current_consent_text(client, whitepaper):
    ConsentVersion.objects.create(purpose=ConsentPurpose.PROCESSING, text="Wording of today.")

    response = client.get(whitepaper.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Wording of today." in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "no-store" in response["Cache-Control"]


def test_form_views_are_counted(client, whitepaper):
    client.get(whitepaper.url, HTTP_USER_AGENT=BROWSER)
    client.get(whitepaper.url, HTTP_USER_AGENT=BROWSER)

    assert viewcounts.pending_view_counts()[0][3] == 2


def test_submission_stores_the_lead_and_mails_the_link(client, whitepaper, submit_gate):
    response = submit_gate(whitepaper)

    assert response.status_code == 303
    assert response["Location"].endswith("/sent/")
    lead = Lead.objects.get()
    assert (lead.first_name, lead.email, lead.company) == (
        "Ada",
        "ada@example.com",
        "Analytical Engines Ltd",
    )
    assert lead.email_confirmed_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.com"]
    assert "Hadoop 2 (German version)" in message.subject
    assert "/download/" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_check_inbox_page_tells_how_long_the_link_lasts(client, whitepaper, submit_gate):
    response = client.get(submit_gate(whitepaper)["Location"])

    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert "7 days" in response.content.decode()


def test_following_the_link_confirms_and_offers_the_file(client, whitepaper, submit_gate):
    submit_gate(whitepaper, newsletter="on")
    link = link_from_mail(mail.outbox[0])

    page = client.get(link)

    assert page.status_code == 200
    assert "address is confirmed" in page.content.decode()
    lead = Lead.objects.get()
    assert lead.email_confirmed_at is not None
    assert lead.newsletter_confirmed_at is not None
    assert lead.newsletter_consent.purpose == ConsentPurpose.NEWSLETTER


def test_the_file_streams_as_a_named_pdf_and_is_counted(client, whitepaper, submit_gate):
    submit_gate(whitepaper)
    file_link = link_from_mail(mail.outbox[0]).replace("/download/", "/file/")

    response = client.get(file_link)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="hadoop-2' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert Lead.objects.get().download_count == 1
    assert GateEvent.objects.filter(kind="download").count() == 1


def test_newsletter_counts_only_after_the_link_is_followed(client, whitepaper, submit_gate):
    submit_gate(whitepaper, newsletter="on")

    lead = Lead.objects.get()
    assert lead.newsletter_requested
    assert not lead.newsletter_opt_in


def test_mail_says_the_link_also_confirms_the_newsletter(client, whitepaper, submit_gate):
    submit_gate(whitepaper, newsletter="on")

    assert "also confirms your subscription to our newsletter" in mail.outbox[0].body


def test_newsletter_asked_for_after_the_mail_needs_a_new_link(client, whitepaper, submit_gate):
    submit_gate(whitepaper)
    first_link = link_from_mail(mail.outbox[0])
    client.get(first_link)
    time.sleep(1.1)  # links carry their time in whole seconds
    submit_gate(whitepaper, newsletter="on")

    client.get(first_link)
    assert not Lead.objects.get().newsletter_opt_in
    client.get(link_from_mail(mail.outbox[-1]))
    assert Lead.objects.get().newsletter_opt_in


def test_confirmed_details_are_not_rewritten_by_a_later_form(client, whitepaper, submit_gate):
    submit_gate(whitepaper)
    client.get(link_from_mail(mail.outbox[0]))

    submit_gate(whitepaper, first_name="Mallory", company="Evil")

    lead = Lead.objects.get()
    assert (lead.first_name, lead.company) == ("Ada", "Analytical Engines Ltd")
    assert lead.request_count == 2
    assert "Hello Ada" in mail.outbox[-1].body


def test_email_addresses_are_stored_in_one_spelling(client, whitepaper, submit_gate):
    submit_gate(whitepaper, email="Ada@ÄBC.de")
    submit_gate(whitepaper, email="ada@äbc.de")

    assert list(Lead.objects.values_list("email", flat=True)) == ["ada@äbc.de"]


def test_head_requests_count_no_views_or_downloads(client, whitepaper, submit_gate):
    submit_gate(whitepaper)
    file_link = link_from_mail(mail.outbox[0]).replace("/download/", "/file/")
    client.defaults["HTTP_USER_AGENT"] = BROWSER

    client.head(whitepaper.url)
    client.head(file_link)
    client.head(link_from_mail(mail.outbox[0]))

    assert viewcounts.pending_view_counts() == []
    lead = Lead.objects.get()
    assert lead.download_count == 0
    assert lead.email_confirmed_at is None


def test_gate_works_before_any_consent_text_exists(client, whitepaper):
    ConsentVersion.objects.all().delete()

    response = client.get(whitepaper.url)

    assert response.status_code == 200
    assert ConsentVersion.objects.filter(purpose=ConsentPurpose.PROCESSING).exists()


def test_newsletter_box_counts_only_with_a_newsletter_text(client, whitepaper, submit_gate):
    ConsentVersion.objects.filter(purpose=ConsentPurpose.NEWSLETTER).delete()

    submit_gate(whitepaper, newsletter="on")

    assert not Lead.objects.get().newsletter_requested


def test_unticked_newsletter_stays_off_after_confirmation(client, whitepaper, submit_gate):
    submit_gate(whitepaper)
    client.get(link_from_mail(mail.outbox[0]))

    assert not Lead.objects.get().newsletter_opt_in


def test_the_consent_version_the_reader_saw_is_stored(client, whitepaper, submit_gate):
    seen = ConsentVersion.objects.create(purpose=ConsentPurpose.PROCESSING, text="Version A")
    stamp = form_stamp(client, whitepaper)
    ConsentVersion.objects.create(purpose=ConsentPurpose.PROCESSING, text="Version B")

    submit_gate(whitepaper, stamp=stamp)

    lead = Lead.objects.get()
    assert lead.consent == seen
    assert lead.consent.text == "Version A"
    assert lead.consented_at is not None


def test_second_request_resends_without_a_second_lead(client, whitepaper, submit_gate):
    submit_gate(whitepaper)
    submit_gate(whitepaper, email="ADA@example.com", company="New Company")

    lead = Lead.objects.get()
    assert lead.request_count == 2
    assert lead.company == "New Company"
    assert len(mail.outbox) == 2


def test_source_page_referrer_and_utm_are_captured(client, whitepaper, make_post, submit_gate):
    post = make_post(title="Defining digitalization")
    query = f"?source={post.pk}&utm_source=newsletter&utm_medium=email&utm_campaign=nov"
    stamp = form_stamp(client, whitepaper, query)
    client.defaults["HTTP_REFERER"] = "https://www.example.org/some/article"

    submit_gate(whitepaper, stamp=stamp)

    lead = Lead.objects.get()
    assert lead.source_page_id == post.pk
    assert lead.source_url == post.url
    assert (lead.utm_source, lead.utm_medium, lead.utm_campaign) == ("newsletter", "email", "nov")


def test_referrer_is_captured_when_the_form_is_shown(client, whitepaper, submit_gate):
    stamp = form_stamp(client.__class__(HTTP_REFERER="https://search.example/q"), whitepaper)

    submit_gate(whitepaper, stamp=stamp)

    assert Lead.objects.get().referrer == "https://search.example/q"


def test_instant_mode_offers_the_file_at_once_and_mails_too(client, make_whitepaper, submit_gate):
    whitepaper = make_whitepaper(title="Cloud Guide", delivery_mode=DeliveryMode.INSTANT)

    response = submit_gate(whitepaper)
    ready = client.get(response["Location"])

    assert "/download/" in response["Location"]
    assert ready.status_code == 200
    assert "Download the PDF" in ready.content.decode()
    assert len(mail.outbox) == 1
    # The instant page proves nothing about the mailbox: the address stays unconfirmed.
    assert Lead.objects.get().email_confirmed_at is None


def test_remember_me_lets_a_returning_reader_skip_the_form(
    client, whitepaper, make_whitepaper, submit_gate
):
    other = make_whitepaper(title="Cloud Guide")
    submitted = submit_gate(whitepaper, remember="on")
    assert REMEMBER_COOKIE not in submitted.cookies  # not before the address is confirmed
    confirmed = client.get(link_from_mail(mail.outbox[0]))
    cookie = confirmed.cookies[REMEMBER_COOKIE]
    assert cookie["max-age"] == 30 * 24 * 3600
    assert cookie["httponly"]

    gate = client.get(other.url)
    assert "Welcome back, Ada" in gate.content.decode()
    again = client.post(other.url + "again/")
    ready = client.get(again["Location"])

    assert again.status_code == 303
    assert ready.status_code == 200
    lead = Lead.objects.get(whitepaper=other, email="ada@example.com")
    assert lead.is_confirmed


def test_remember_me_does_not_skip_the_confirmation(
    client, whitepaper, make_whitepaper, submit_gate
):
    other = make_whitepaper(title="Cloud Guide")
    submit_gate(whitepaper, remember="on")

    gate = client.get(other.url)
    again = client.post(other.url + "again/")

    assert "Welcome back" not in gate.content.decode()
    assert again.status_code == 302
    assert again["Location"] == other.url
    assert not Lead.objects.filter(whitepaper=other).exists()


def test_without_remember_me_no_cookie_is_set(client, whitepaper, submit_gate):
    response = submit_gate(whitepaper)

    assert REMEMBER_COOKIE not in response.cookies


def test_forget_me_removes_the_cookie(client, whitepaper, submit_gate):
    submit_gate(whitepaper, remember="on")
    client.get(link_from_mail(mail.outbox[0]))
    assert "Welcome back" in client.get(whitepaper.url).content.decode()

    response = client.post(whitepaper.url + "forget-me/")
    gate = client.get(whitepaper.url)

    assert response.cookies[REMEMBER_COOKIE].value == ""
    assert "Welcome back" not in gate.content.decode()


def test_sales_are_told_once_without_the_readers_text(client, make_whitepaper, submit_gate):
    whitepaper = make_whitepaper(title="Cloud Guide", sales_notification_email="sales@example.com")

    submit_gate(whitepaper, company="Evil Corp spam.example")
    submit_gate(whitepaper)

    sales = [m for m in mail.outbox if m.to == ["sales@example.com"]]
    assert len(sales) == 1
    assert "spam.example" not in sales[0].body
    # Whoever may edit the page may set the address: names stay in the admin.
    assert "Ada" not in sales[0].body
    assert "/admin/whitepapers/" in sales[0].body


def test_mail_to_an_unconfirmed_address_carries_nothing_the_reader_typed(
    client, whitepaper, submit_gate
):
    submit_gate(whitepaper, first_name="Mallory", company="Spam Inc", job_role="Buy now")

    body = mail.outbox[0].body + mail.outbox[0].alternatives[0][0]
    assert "Mallory" not in body
    assert "Spam Inc" not in body
    assert "Buy now" not in body
    assert "Hello," in mail.outbox[0].body


def test_mail_to_a_confirmed_address_greets_by_the_confirmed_name(client, whitepaper, submit_gate):
    submit_gate(whitepaper)
    client.get(link_from_mail(mail.outbox[0]))

    submit_gate(whitepaper)

    assert "Hello Ada," in mail.outbox[-1].body
    assert "Hello Ada," in mail.outbox[-1].alternatives[0][0]


def test_teaser_links_to_the_gate_with_its_source(client, whitepaper, make_post):
    settings = WhitepaperSettings.for_site(Site.objects.get(is_default_site=True))
    settings.sidebar_whitepaper = whitepaper
    settings.save()
    post = make_post(title="A post")

    html = client.get(post.url).content.decode()

    assert "Free Whitepaper" in html
    assert f'href="{whitepaper.url}?source={post.pk}"' in html
    assert "To Whitepaper Download" in html


def test_a_post_can_show_another_whitepaper_in_its_sidebar(client, make_whitepaper, make_post):
    default, chosen = make_whitepaper(title="Hadoop 2"), make_whitepaper(title="Cloud Guide")
    settings = WhitepaperSettings.for_site(Site.objects.get(is_default_site=True))
    settings.sidebar_whitepaper = default
    settings.save()
    post = make_post(title="A post", sidebar_whitepaper=chosen)

    html = client.get(post.url).content.decode()

    assert "Cloud Guide" in html
    assert f'href="{default.url}' not in html


def test_teaser_block_in_a_post_body(client, whitepaper, make_post):
    post = make_post(
        title="With teaser",
        body=[("whitepaper", {"whitepaper": whitepaper, "heading": "Read more in our paper"})],
    )

    html = client.get(post.url).content.decode()

    assert "Read more in our paper" in html
    assert "whitepaper-teaser--body" in html


def test_sidebar_teaser_queries_do_not_grow_with_whitepapers(client, make_whitepaper, make_post):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ImageFactory

    settings = WhitepaperSettings.for_site(Site.objects.get(is_default_site=True))
    settings.sidebar_whitepaper = make_whitepaper(title="Hadoop 2", cover=ImageFactory())
    settings.save()
    post = make_post(title="A post")

    def queries():
        client.get(post.url)  # the first render makes the cover's rendition
        with CaptureQueriesContext(connection) as captured:
            assert "To Whitepaper Download" in client.get(post.url).content.decode()
        return len(captured)

    with_one = queries()
    for number in range(4):
        make_whitepaper(title=f"Other {number}", cover=ImageFactory())
    assert queries() == with_one
    assert with_one <= 20
