"""Whitepapers, leads and documents for the gate's tests."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Site

from whitepapers.models import (
    ConsentPurpose,
    ConsentVersion,
    Lead,
    WhitepaperPage,
    WhitepaperSettings,
)
from whitepapers.setup import protected_collection

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def make_document(db):
    def make(title="Hadoop 2", filename="hadoop-2.pdf", protected=True):
        from wagtail.models import Collection

        document = get_document_model()(
            title=title,
            collection=protected_collection() if protected else Collection.get_first_root_node(),
        )
        document.file.save(filename, ContentFile(PDF_BYTES), save=False)
        document.save()
        return document

    return make


@pytest.fixture
def make_whitepaper(blog_index, make_document):
    """Create and publish a whitepaper page under the blog index."""

    def make(title="Hadoop 2", slug=None, publish=True, **kwargs):
        kwargs.setdefault("document", make_document(title=title))
        page = WhitepaperPage(
            title=title,
            slug=slug or title.lower().replace(" ", "-"),
            subtitle="How to realize big data projects successfully",
            language_label="German version",
            **kwargs,
        )
        blog_index.add_child(instance=page)
        if publish:
            page.save_revision().publish()
        else:
            page.unpublish()
        return WhitepaperPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def whitepaper(make_whitepaper):
    return make_whitepaper()


@pytest.fixture
def make_lead(db):
    """Store a lead directly, as the gate would."""

    def make(whitepaper, email="ada@example.com", confirmed=False, **kwargs):
        now = timezone.now()
        kwargs.setdefault("first_name", "Ada")
        kwargs.setdefault("last_name", "Lovelace")
        kwargs.setdefault("company", "Analytical Engines Ltd")
        return Lead.objects.create(
            whitepaper=whitepaper,
            whitepaper_title=whitepaper.title,
            email=email,
            consent=ConsentVersion.objects.current(ConsentPurpose.PROCESSING),
            consented_at=now,
            email_confirmed_at=now if confirmed else None,
            **kwargs,
        )

    return make


@pytest.fixture(autouse=True)
def no_minimum_fill_time(settings):
    """The test client types faster than any person; the too-fast test sets it back."""
    settings.WHITEPAPERS_MIN_FILL_SECONDS = 0


def form_stamp(client, whitepaper, query=""):
    """Open the gate like a reader and return the form's signed stamp."""
    import re

    response = client.get(whitepaper.url + query)
    assert response.status_code == 200
    return re.search(r'name="stamp" value="([^"]+)"', response.content.decode()).group(1)


def reader_details(**overrides):
    details = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        "company": "Analytical Engines Ltd",
        "job_role": "CTO",
        "consent": "on",
    }
    details.update(overrides)
    return {key: value for key, value in details.items() if value is not None}


@pytest.fixture
def submit_gate(client, django_capture_on_commit_callbacks):
    """Fill in and send a whitepaper's form (its mails go out on commit); returns the response."""

    def submit(whitepaper, query="", stamp=None, **overrides):
        data = reader_details(**overrides)
        data["stamp"] = stamp or form_stamp(client, whitepaper, query)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(whitepaper.url, data)

    return submit


def link_from_mail(message):
    """The download link's path from a delivery mail."""
    import re

    url = re.search(r"https?://\S+/download/[\w-]+/", message.body).group(0)
    return "/" + url.split("/", 3)[3]


class CRM:
    """A tiny HTTP(S) server on loopback that records what it receives.

    `status` and `location` set its answer; with a server-side `tls` context it speaks HTTPS
    and records the names clients ask for (SNI) in `server_names`.
    """

    def __init__(self, status=200, tls=None):
        self.status = status
        self.location = None
        self.requests = []
        self.server_names = []
        crm = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                crm.requests.append((dict(self.headers), body))
                self.answer()

            def do_GET(self):
                crm.requests.append((dict(self.headers), b""))
                self.answer()

            def answer(self):
                self.send_response(crm.status)
                if crm.location:
                    self.send_header("Location", crm.location)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        if tls is not None:
            tls.sni_callback = lambda _socket, name, _context: crm.server_names.append(name)
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}/hooks/leads"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def set_crm_webhook(url, secret="shared-secret"):
    """Store the CRM settings as they are, past the form (as data from before a change)."""
    settings = WhitepaperSettings.for_site(Site.objects.get(is_default_site=True))
    settings.crm_webhook_url = url
    settings.crm_webhook_secret = secret
    settings.save()
    return settings


@pytest.fixture
def crm(whitepaper, settings):
    """A CRM on loopback, set as the webhook: plain HTTP and loopback are allowed for it, as
    for local development."""
    settings.WHITEPAPERS_WEBHOOK_ALLOW_HTTP = True
    settings.WHITEPAPERS_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    server = CRM()
    set_crm_webhook(server.url)
    yield server
    server.close()
