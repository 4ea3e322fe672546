"""An editor links a glossary term by hand with the rich-text "Glossary term" button."""

import pytest
from playwright.sync_api import expect

from blog.models import BlogIndexPage

from .helpers import publish, sign_in, wait_until_public

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_editor_links_a_term_by_hand(page, live_server, demo_site):
    index = BlogIndexPage.objects.get()
    sign_in(page, live_server.url, "editor", "demo-password-change-me")

    page.goto(f"{live_server.url}/admin/pages/add/blog/blogpage/{index.pk}/")
    page.locator("#id_title").fill("Clusters explained")
    page.locator("#id_teaser").fill("A short post.")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator(".Draftail-Editor [contenteditable=true]").first.click()
    page.keyboard.type("We explain the framework here.")
    page.keyboard.press("End")
    for _ in range(6):
        page.keyboard.press("ArrowLeft")
    for _ in range(9):
        page.keyboard.press("Shift+ArrowLeft")
    page.locator("button[name='GLOSSARY_TERM']").click()
    modal = page.locator(".modal-dialog")
    expect(modal.get_by_text("Choose")).to_be_visible()
    modal.get_by_role("link", name="Hadoop", exact=True).click()
    expect(page.locator(".Draftail-Editor").get_by_text("framework")).to_be_visible()
    page.keyboard.press("Tab")
    page.wait_for_timeout(1000)  # Draftail saves its state to the form after a pause
    publish(page)
    wait_until_public(page, live_server.url + "/clusters-explained/", "framework")

    page.goto(live_server.url + "/clusters-explained/")
    link = page.locator(".post__body a.glossary-term", has_text="framework")
    expect(link).to_have_attribute("href", "/glossary/hadoop/")
    link.hover()
    expect(page.locator("#glossary-tooltip")).to_contain_text("open-source framework")
