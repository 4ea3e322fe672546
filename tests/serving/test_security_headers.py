"""Every answer carries our security headers: a strict CSP for readers, its own for the admin."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from wagtail.embeds.blocks import EmbedValue
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.rich_text import RichText

from config.middleware import permissions_policy_header

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"
PERMISSIONS = "Permissions-Policy"
VIDEO_URL = "https://www.youtube.com/watch?v=csp-test"


def directives(response):
    """The response's Content-Security-Policy as {directive: [sources]}."""
    parsed = {}
    for part in response[CSP].split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def header_count(response, name):
    return sum(1 for key, _ in response.items() if key.lower() == name.lower())


class InlineCode(HTMLParser):
    """Collects what a strict CSP refuses: inline scripts, <style> and style attributes."""

    DATA_TYPES = ("application/ld+json", "application/json")

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") not in self.DATA_TYPES:
            self.found.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        if "style" in attrs:
            self.found.append(f"style attribute on <{tag}> at line {self.getpos()[0]}")
        if any(name.startswith("on") for name in attrs):
            self.found.append(f"event handler attribute on <{tag}> at line {self.getpos()[0]}")


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "x"))
    return client


@pytest.fixture
def gate(make_whitepaper):  # noqa: F811 (the fixture imported above)
    return make_whitepaper()


@pytest.fixture
def post_with_video(make_post, make_term):
    # The embed is already known, as if fetched before: no provider is asked.
    Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe src="https://www.youtube-nocookie.com/embed/csp-test" width="480" '
        'height="270" title="A video" allowfullscreen></iframe>',
        width=480,
        height=270,
    )
    make_term("Cloud Computing")
    return make_post(
        title="A post with a video",
        body=[
            ("paragraph", RichText("<p>Cloud Computing in a nutshell.</p>")),
            ("embed", EmbedValue(VIDEO_URL)),
        ],
    )


def test_public_page_has_the_strict_policy(client, post_with_video):
    response = client.get(post_with_video.url)

    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "https://www.youtube-nocookie.com" in policy["frame-src"]


def test_public_policy_allows_no_inline_code_and_no_nonce(client, blog_index):
    policy = directives(client.get("/"))

    for sources in policy.values():
        assert "'unsafe-inline'" not in sources
        assert "'unsafe-eval'" not in sources
        assert not any(source.startswith("'nonce-") for source in sources)


def test_public_pages_contain_no_inline_script_or_style(client, post_with_video, gate):
    pages = ("/", post_with_video.url, "/glossary/", "/glossary/cloud-computing/", gate.url)

    for url in (*pages, "/search/?q=cloud", "/tag/none/", "/no-such-page/"):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert inline_code(response.content.decode()) == [], url


def test_embedded_video_keeps_its_shape_without_inline_style(client, post_with_video):
    html = client.get(post_with_video.url).content.decode()

    assert 'class="responsive-object responsive-object--16-9"' in html
    assert "https://www.youtube-nocookie.com/embed/csp-test" in html


def test_json_ld_stays_on_the_post(client, post_with_video):
    html = client.get(post_with_video.url).content.decode()

    assert '<script type="application/ld+json"' in html


def test_gate_page_carries_the_headers(client, gate):
    response = client.get(gate.url)

    assert response.status_code == 200
    assert directives(response)["script-src"] == ["'self'"]
    assert "camera=()" in response[PERMISSIONS]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_every_answer_turns_off_powerful_features(client, blog_index):
    for url in ("/", "/robots.txt", "/admin/login/", "/no-such-page/"):
        header = client.get(url)[PERMISSIONS]

        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in header, url


def test_not_found_page_has_the_strict_policy(client, blog_index):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert directives(response)["script-src"] == ["'self'"]


def test_cached_page_gets_the_header_once(client, settings, make_post):
    settings.PAGE_CACHE_SECONDS = 600
    post = make_post(title="Cached post")

    first = client.get(post.url)
    second = client.get(post.url)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert header_count(second, CSP) == 1
    assert header_count(second, PERMISSIONS) == 1
    assert second[CSP] == first[CSP]


def test_cache_stores_pages_without_the_policy(client, settings, make_post):
    settings.PAGE_CACHE_SECONDS = 600
    post = make_post(title="Cached post")
    client.get(post.url)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}

    cached = client.get(post.url)

    assert cached["X-Page-Cache"] == "hit"
    assert cached[CSP] == "default-src 'none'"


def test_admin_login_has_the_admin_policy(client, blog_index):
    response = client.get("/admin/login/")

    policy = directives(response)
    assert response.status_code == 200
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "camera=()" in response[PERMISSIONS]


def test_admin_pages_carry_the_admin_policy(admin_client, make_post):
    post = make_post(title="Edited post")

    for url in (
        "/admin/",
        f"/admin/pages/{post.pk}/edit/",
        "/admin/whitepapers/leads/",
        "/admin/whitepapers/figures/",
        "/admin/images/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert directives(response)["frame-ancestors"] == ["'self'"], url
        assert header_count(response, CSP) == 1, url


def test_preview_gets_the_admin_policy_not_the_pages(admin_client, make_post):
    # Wagtail renders the draft through the middleware with a dummy request for the page's
    # public URL: the public policy must not stick to it, or the preview panel could not
    # frame it.
    post = make_post(title="Draft post")

    response = admin_client.get(f"/admin/pages/{post.pk}/view_draft/")

    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == ["'self'"]
    assert header_count(response, PERMISSIONS) == 1


def test_logged_in_editor_gets_the_public_policy_on_public_pages(admin_client, make_post):
    post = make_post(title="A post")

    response = admin_client.get(post.url)

    assert response["X-Page-Cache"] == "bypass"
    assert directives(response)["script-src"] == ["'self'"]


def test_permissions_policy_lists_allowed_origins_in_quotes():
    header = permissions_policy_header(
        {"camera": [], "fullscreen": ["self", "https://player.vimeo.com"]}
    )

    assert header == 'camera=(), fullscreen=(self "https://player.vimeo.com")'
