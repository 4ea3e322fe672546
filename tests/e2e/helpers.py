"""Steps several browser journeys share, written as a person would take them."""

import re
import time

from playwright.sync_api import expect

__all__ = ["publish", "sign_in", "wait_until_public"]


def sign_in(page, base_url, username, password):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def wait_until_public(page, url, text, timeout=20):
    """Read `url` as an anonymous reader until it answers 200 with `text`: what an editor
    checks after publishing (the admin's own message depends on whether autosave had
    already created the page)."""
    deadline = time.monotonic() + timeout
    while True:
        response = page.request.get(url, headers={"Cookie": ""})
        if response.status == 200 and text in response.text():
            return response.text()
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} did not show {text!r} within {timeout} s")
        time.sleep(0.25)


def publish(page):
    """Press Publish in the page editor and wait until the admin has taken it."""
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages li.success", has_text="published").first).to_be_visible()
