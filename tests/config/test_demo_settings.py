"""`make demo` runs as readers get the site in production: the site's own error pages, static
files without collectstatic, images but no other media."""

import json
import secrets

from .helpers import run_manage

PROBE = """
import json
from pathlib import Path
from django.conf import settings
from django.core.management import call_command
from django.test import Client

call_command("migrate", verbosity=0)
media = Path(settings.MEDIA_ROOT)
for relative in ("original_images/photo.png", "documents/hadoop-2.pdf"):
    (media / relative).parent.mkdir(parents=True, exist_ok=True)
    (media / relative).write_bytes(b"file")
client = Client()
answers = {}
for path in (
    "/no-such-page/",
    "/static/css/site.css",
    "/media/original_images/photo.png",
    "/media/original_images/..%2fdocuments%2fhadoop-2.pdf",
    "/media/documents/hadoop-2.pdf",
):
    response = client.get(path)
    body = b"" if response.streaming else response.content
    answers[path] = [response.status_code, body.decode(errors="replace")[:4000]]
print(json.dumps({"debug": settings.DEBUG, "answers": answers}))
"""


def test_demo_shows_its_own_pages_and_no_documents(tmp_path):
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        PROBE,
        DJANGO_SETTINGS_MODULE="config.settings.demo",
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    answers = probe["answers"]

    assert probe["debug"] is False
    status, html = answers["/no-such-page/"]
    assert status == 404
    assert "Page not found" in html
    assert "URLconf" not in html  # not Django's debug page listing the URL patterns
    assert answers["/static/css/site.css"][0] == 200
    assert answers["/media/original_images/photo.png"][0] == 200
    assert answers["/media/original_images/..%2fdocuments%2fhadoop-2.pdf"][0] == 404
    assert answers["/media/documents/hadoop-2.pdf"][0] == 404
