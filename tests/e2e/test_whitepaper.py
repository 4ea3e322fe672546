"""A reader trades their details for the demo whitepaper in a real browser."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from whitepapers.models import DeliveryMode, Lead, WhitepaperPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEED_URL = "/defining-digitalization-industry-40-or-internet-things/"


@pytest.fixture(autouse=True)
def quick_readers(settings):
    # A browser driven by a test fills the form in well under the bots' three seconds.
    settings.WHITEPAPERS_MIN_FILL_SECONDS = 0


def fill_gate(page, email="grace@example.com", remember=False, newsletter=False):
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("Business e-mail").fill(email)
    page.get_by_role("textbox", name="Company", exact=True).fill("Navy Computing")
    page.get_by_label("Job role").fill("Engineer")
    page.get_by_label("I agree that my details are stored").check()
    if newsletter:
        page.get_by_label("send me the newsletter").check()
    if remember:
        page.get_by_label("Remember me on this device").check()
    page.get_by_role("button", name="Send me the whitepaper").click()


def mailed_link(live_server):
    match = re.search(r"https?://\S+/download/[\w-]+/", mail.outbox[-1].body)
    return live_server.url + urlsplit(match.group(0)).path


def assert_pdf(download):
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"


def test_reader_gets_the_pdf_through_the_mailed_link(page, live_server, demo_site):
    page.goto(live_server.url + SEED_URL)
    teaser = page.get_by_role("region", name="Free Whitepaper")
    expect(teaser).to_contain_text("Hadoop 2")
    expect(teaser).to_contain_text("(German version)")
    teaser.get_by_role("link", name=re.compile("To Whitepaper Download")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hadoop 2")
    fill_gate(page, newsletter=True)

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    assert mail.outbox[-1].to == ["grace@example.com"]
    with page.expect_download() as download_info:
        page.goto(mailed_link(live_server), wait_until="commit")
    assert_pdf(download_info.value)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you, your address is confirmed"
    )
    lead = Lead.objects.get(email="grace@example.com")
    assert lead.is_confirmed and lead.newsletter_opt_in
    assert lead.source_url == SEED_URL
    assert lead.download_count == 1


def test_the_form_explains_what_is_missing(page, live_server, demo_site):
    page.goto(live_server.url + WhitepaperPage.objects.get().url)
    page.get_by_label("First name").fill("Grace")
    page.get_by_role("button", name="Send me the whitepaper").click()

    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Please enter your last name.")
    expect(errors).to_contain_text("Please agree to the processing")
    expect(page.get_by_label("First name")).to_have_value("Grace")
    assert not Lead.objects.exists()


def test_returning_reader_downloads_without_the_form(page, live_server, demo_site):
    gate_url = live_server.url + WhitepaperPage.objects.get().url
    page.goto(gate_url)
    fill_gate(page, remember=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    page.goto(gate_url)
    expect(page.get_by_label("First name")).to_be_visible()  # not before the link is followed

    with page.expect_download():
        page.goto(mailed_link(live_server), wait_until="commit")
    expect(page.get_by_text("this browser remembers you for 30 days")).to_be_visible()
    page.goto(gate_url)
    expect(page.get_by_role("heading", name="Welcome back, Grace")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_count(0)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the whitepaper now").click()
    assert_pdf(download_info.value)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your download")

    page.goto(gate_url)
    page.get_by_role("button", name="Forget me on this device").click()
    expect(page.get_by_label("First name")).to_be_visible()


def test_instant_mode_starts_the_download_after_the_form(page, live_server, demo_site):
    whitepaper = WhitepaperPage.objects.get()
    whitepaper.delivery_mode = DeliveryMode.INSTANT
    whitepaper.save_revision().publish()
    page.goto(live_server.url + whitepaper.url)

    with page.expect_download() as download_info:
        fill_gate(page)
    assert_pdf(download_info.value)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your download")
    assert mail.outbox[-1].to == ["grace@example.com"]
