"""An editor publishes a post in the admin; a reader finds it everywhere it belongs."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.factories import CategoryFactory

from .helpers import publish, sign_in, wait_until_public

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "editor-password-for-tests"


@pytest.fixture
def editor(transactional_db):
    user = get_user_model().objects.create_user("editor", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_editor_publishes_post_and_reader_finds_it(page, live_server, blog_index, editor):
    CategoryFactory(name="Definitions", slug="definitions")

    sign_in(page, live_server.url, "editor", PASSWORD)

    page.goto(f"{live_server.url}/admin/pages/add/blog/blogpage/{blog_index.pk}/")
    page.locator("#id_title").fill("What is edge computing?")
    page.locator("#id_teaser").fill("Computing where the data is born.")
    page.get_by_label("Definitions").check()
    tags = page.locator("ul.tagit input[type=text]").first
    tags.fill("Edge Computing")
    tags.press("Enter")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator(".Draftail-Editor [contenteditable=true]").first.click()
    page.keyboard.type("Edge computing processes data close to the sensors that produce it.")
    page.keyboard.press("Tab")  # Draftail saves its content to the form when it loses focus
    page.wait_for_timeout(300)
    publish(page)
    wait_until_public(page, live_server.url + "/", "What is edge computing?")

    page.goto(live_server.url + "/")
    link = page.get_by_role("link", name="What is edge computing?").first
    expect(link).to_be_visible()

    page.goto(live_server.url + "/tag/edge-computing/")
    expect(page.get_by_role("heading", name="What is edge computing?")).to_be_visible()

    page.goto(live_server.url + "/category/definitions/")
    expect(page.get_by_role("heading", name="What is edge computing?")).to_be_visible()

    feed = page.request.get(live_server.url + "/feed/")
    assert "What is edge computing?" in feed.text()

    page.goto(live_server.url + "/")
    page.get_by_label("Search the blog").fill("sensors")
    page.get_by_label("Search the blog").press("Enter")
    expect(page.get_by_text("1 post found")).to_be_visible()
    page.get_by_role("link", name="What is edge computing?").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What is edge computing?")
    expect(page.get_by_text("Edge computing processes data close to the sensors")).to_be_visible()
