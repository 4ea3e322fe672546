"""Two app servers (`make serve` twice) share PostgreSQL and Redis: an editor publishes
through one, and a reader of the other gets the fresh page at once, not its cached copy."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from playwright.sync_api import expect

from blog.models import BlogPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="app servers share PostgreSQL in production"
    ),
]

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
SEED_URL = "/defining-digitalization-industry-40-or-internet-things/"
SEED_TITLE = "Defining digitalization: Industry 4.0 or Internet of Things?"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextlib.contextmanager
def app_server(static_root):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CACHE_URL": REDIS_URL,
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "STATIC_ROOT": static_root,
        "EMAIL_URL": "dummymail://",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
    }
    env.pop("DEBUG", None)
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        ["bash", "config/serve.sh"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    base = f"http://localhost:{port}"
    try:
        for _ in range(120):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base + "/health/", timeout=2).read()
                break
            if process.poll() is not None:
                break
            time.sleep(0.5)
        else:
            pytest.fail("the app server did not start")
        if process.poll() is not None:
            log.seek(0)
            pytest.fail("the app server stopped: " + log.read().decode()[-2000:])
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def read(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode(), response.headers["X-Page-Cache"]


@pytest.fixture
def two_servers(demo_site):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.exceptions.RedisError as error:
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {error}")
    with tempfile.TemporaryDirectory() as static_root:
        with app_server(static_root) as first, app_server(static_root) as second:
            yield first, second


def test_publish_through_one_server_and_read_it_fresh_from_the_other(page, two_servers):
    first, second = two_servers
    read(second + SEED_URL)
    html, cache_state = read(second + SEED_URL)
    assert cache_state == "hit"
    assert SEED_TITLE in html

    # The servers run the production settings, whose password hashers the tests' fast one
    # is not among.
    editor = get_user_model().objects.get(username="editor")
    editor.password = PBKDF2PasswordHasher().encode("a-password-for-two-servers", "saltsalt1234")
    editor.save()

    page.goto(first + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-password-for-two-servers")
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    post = BlogPage.objects.get(title=SEED_TITLE)
    page.goto(f"{first}/admin/pages/{post.pk}/edit/")
    page.locator("#id_title").fill("Digitalization defined, freshly published")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("has been published")).to_be_visible()

    html, cache_state = read(second + SEED_URL)
    assert "Digitalization defined, freshly published" in html
    assert cache_state == "miss"
    index_html, _ = read(second + "/")
    assert "Digitalization defined, freshly published" in index_html
