"""Readers meet glossary terms on the seed post: by mouse, keyboard and touch."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEED_URL = "/defining-digitalization-industry-40-or-internet-things/"
DEFINITION = "Everyday objects that are connected to the internet"


def first_term(page, slug):
    return page.locator(f'.post__body a.glossary-term[data-glossary-term="{slug}"]').first


def test_seed_post_links_the_terms_it_explains(page, live_server, demo_site):
    page.goto(live_server.url + SEED_URL)
    linked = page.locator(".post__body a.glossary-term").evaluate_all(
        "links => links.map(link => link.dataset.glossaryTerm)"
    )
    for slug in [
        "industry-40",
        "industrial-internet",
        "internet-of-things",
        "m2m",
        "smart-factory",
        "big-data",
        "industrial-internet-of-things",
    ]:
        assert slug in linked
    assert len(linked) == len(set(linked))  # first occurrence only


def test_hover_shows_definition_and_tooltip_stays_while_hovered(page, live_server, demo_site):
    page.goto(live_server.url + SEED_URL)
    term = first_term(page, "internet-of-things")
    term.hover()
    tooltip = page.locator("#glossary-tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(DEFINITION)
    tooltip.hover()  # WCAG 1.4.13: the pointer can move onto the tooltip
    page.wait_for_timeout(400)
    expect(tooltip).to_be_visible()
    page.mouse.move(5, 5)
    expect(tooltip).to_be_hidden()


def test_keyboard_focus_shows_definition_and_escape_closes_it(page, live_server, demo_site):
    page.goto(live_server.url + SEED_URL)
    term = first_term(page, "internet-of-things")
    term.focus()
    tooltip = page.locator("#glossary-tooltip")
    expect(tooltip).to_be_visible()
    assert term.get_attribute("aria-describedby") == "glossary-definition-internet-of-things"
    description = page.locator("#glossary-definition-internet-of-things")
    assert DEFINITION in description.text_content()
    page.keyboard.press("Escape")
    expect(tooltip).to_be_hidden()
    assert term.evaluate("element => element === document.activeElement")


def test_tap_opens_toggletip_that_stays_on_a_phone_screen(browser, live_server, demo_site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + SEED_URL)
    term = first_term(page, "internet-of-things")
    term.scroll_into_view_if_needed()
    term.tap()
    tooltip = page.locator("#glossary-tooltip")
    expect(tooltip).to_be_visible()
    assert page.url.endswith(SEED_URL)  # the first tap does not navigate
    box = tooltip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    more = tooltip.get_by_role("link", name="More about Internet of Things")
    expect(more).to_be_visible()
    page.locator("h1").tap()
    expect(tooltip).to_be_hidden()
    term.tap()
    tooltip.get_by_role("link").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Internet of Things")
    context.close()


def test_without_javascript_terms_are_plain_links(browser, live_server, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + SEED_URL)
    first_term(page, "m2m").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("M2M")
    context.close()


def test_a_to_z_page_filters_as_reader_types(page, live_server, demo_site):
    page.goto(live_server.url + "/glossary/")
    expect(page.get_by_role("link", name="B", exact=True)).to_be_visible()
    assert page.locator('.az-nav span[aria-disabled="true"]', has_text="Q").count() == 1
    page.get_by_label("Filter terms").fill("iot")
    expect(page.get_by_role("status")).to_have_text("2 terms match “iot”.")
    expect(page.get_by_role("link", name="Internet of Things", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Big Data", exact=True)).to_be_hidden()
    page.get_by_label("Filter terms").fill("")
    expect(page.get_by_role("link", name="Big Data", exact=True)).to_be_visible()
