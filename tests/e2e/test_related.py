"""A reader follows "This may interest you too" from the seed post."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEED_URL = "/defining-digitalization-industry-40-or-internet-things/"
PINNED = [
    "What is cloud computing? – A definition",
    "What is Big Data? – A definition with five Vs",
    "What is a Chief Data Officer (CDO)?",
]


def test_seed_post_shows_its_three_links_and_one_opens_its_post(page, live_server, demo_site):
    page.goto(live_server.url + SEED_URL)
    block = page.get_by_role("navigation", name="This may interest you too:")
    expect(block.get_by_role("heading")).to_have_text("This may interest you too:")
    expect(block.get_by_role("link")).to_have_text(PINNED)
    block.get_by_role("link", name=PINNED[1]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PINNED[1])
    # Every other post ends with automatic picks.
    expect(page.get_by_role("navigation", name="This may interest you too")).to_be_visible()
    assert (
        page.get_by_role("navigation", name="This may interest you too").get_by_role("link").count()
        == 3
    )
