"""Readers and the admin work under our Content-Security-Policy: Chromium reports no violation."""

import io
import re

import pytest
from PIL import Image as PILImage
from playwright.sync_api import expect
from wagtail.embeds.blocks import EmbedValue
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from blog.models import BlogPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEED_URL = "/defining-digitalization-industry-40-or-internet-things/"
PASSWORD = "demo-password-change-me"
VIDEO_URL = "https://www.youtube.com/watch?v=csp-test"
PLAYER_URL = "https://www.youtube-nocookie.com/embed/csp-test"

# Runs in every document and frame before the page's own scripts: keeps what the browser
# reports about the policy where the test can read it.
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline code"} ` +
    `in ${event.sourceFile || event.documentURI}:${event.lineNumber}`
  );
}, true);
"""


class Violations:
    """What Chromium refused on a page: `securitypolicyviolation` events from every frame
    (read before each navigation) and console messages about the policies."""

    CONSOLE_WORDS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy")

    def __init__(self, page):
        self.page = page
        self.found = []
        page.add_init_script(LISTEN_FOR_VIOLATIONS)
        page.on("console", self.on_console)

    def on_console(self, message):
        if any(word in message.text for word in self.CONSOLE_WORDS):
            self.found.append(f"console on {self.page.url}: {message.text}")

    def collect(self):
        # Reports are queued as tasks; let them arrive before reading them.
        self.page.wait_for_timeout(200)
        for frame in self.page.frames:
            try:
                events = frame.evaluate(
                    "() => window.__cspViolations.splice(0, window.__cspViolations.length)"
                )
            except Exception:  # a frame gone, or without our listener: nothing to tell
                continue
            self.found.extend(f"{frame.url}: {event}" for event in events)

    def visit(self, url):
        self.collect()
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")


@pytest.fixture
def violations(page):
    return Violations(page)


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def png_file(name):
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 80), (200, 60, 30)).save(buffer, format="PNG")
    return {"name": name, "mimeType": "image/png", "buffer": buffer.getvalue()}


@pytest.fixture
def seed_post_with_video(demo_site):
    """The seed post with a YouTube video, its oEmbed answer already stored."""
    Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html=f'<iframe src="{PLAYER_URL}" width="480" height="270" title="Video"></iframe>',
        width=480,
        height=270,
    )
    post = BlogPage.objects.get(slug=SEED_URL.strip("/"))
    post.body.append(("embed", EmbedValue(VIDEO_URL)))
    post.save_revision().publish()
    return post


def test_reader_pages_run_without_violations(page, live_server, seed_post_with_video, violations):
    # The player is answered here: the policy is checked, no request leaves the machine.
    page.route(PLAYER_URL, lambda route: route.fulfill(body="<p>The player</p>"))
    violations.visit(live_server.url + "/")
    expect(
        page.get_by_role("link", name=re.compile("Defining digitalization")).first
    ).to_be_visible()

    violations.visit(live_server.url + SEED_URL)
    term = page.locator("a.glossary-term").first
    term.hover()
    expect(page.locator("#glossary-tooltip")).to_be_visible()  # glossary.js ran
    assert page.locator('script[type="application/ld+json"]').count() >= 1
    expect(
        page.frame_locator(".responsive-object iframe").get_by_text("The player")
    ).to_be_visible()

    violations.visit(live_server.url + "/glossary/")
    page.get_by_label("Filter terms").fill("iot")
    expect(page.get_by_role("status")).to_contain_text("match")
    term_link = page.get_by_role("link", name="Internet of Things", exact=True)
    term_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Internet of Things")

    violations.visit(live_server.url + "/search/?q=cloud")
    violations.visit(live_server.url + "/whitepaper-hadoop-2/")
    expect(page.get_by_label("First name")).to_be_visible()
    violations.collect()

    assert violations.found == []


def test_admin_works_without_violations(page, live_server, demo_site, violations):
    post = BlogPage.objects.get(slug=SEED_URL.strip("/"))
    log_in(page, live_server, "admin")  # the dashboard
    violations.collect()

    violations.visit(f"{live_server.url}/admin/pages/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    violations.visit(f"{live_server.url}/admin/pages/{post.pk}/edit/")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator(".Draftail-Editor [contenteditable=true]").first.click()
    page.keyboard.type("Written under a strict policy.")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe").last
    expect(preview.get_by_role("heading", level=1)).to_contain_text("Defining digitalization")
    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Figure").click()
    page.get_by_role("button", name="Choose an image").last.click()
    expect(page.get_by_role("dialog").get_by_text("Choose an image")).to_be_visible()
    violations.collect()

    violations.visit(f"{live_server.url}/admin/images/multiple/add/")
    page.locator("input[type=file]").first.set_input_files(files=[png_file("red.png")])
    expect(page.get_by_text("Upload successful").filter(visible=True)).to_be_visible()

    violations.visit(f"{live_server.url}/admin/documents/multiple/add/")
    page.locator("input[type=file]").first.set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"Some notes."}]
    )
    expect(page.get_by_text("Upload successful").filter(visible=True)).to_be_visible()

    violations.visit(f"{live_server.url}/admin/snippets/")
    violations.visit(f"{live_server.url}/admin/whitepapers/leads/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    violations.visit(f"{live_server.url}/admin/whitepapers/figures/")
    expect(page.locator(".wp-chart-wrapper svg").first).to_be_visible()

    # An editor's userbar on the public site lives with the public policy.
    violations.visit(live_server.url + SEED_URL)
    page.locator("#wagtail-userbar-trigger").click()
    expect(page.get_by_role("menuitem").first).to_be_visible()
    violations.collect()

    assert violations.found == []
