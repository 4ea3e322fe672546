"""Helpers for the gate's tests: a reader's form, the link in a mail, a CRM on loopback,
admin users and exports. Import them from here, never from another test module."""

import csv
import io
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import Site

from whitepapers.models import WhitepaperSettings


def form_stamp(client, whitepaper, query=""):
    """Open the gate like a reader and return the form's signed stamp."""
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


def link_from_mail(message):
    """The download link's path from a delivery mail."""
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


def make_user(name, group=None, **kwargs):
    user = get_user_model().objects.create_user(name, password="pw-long-enough-123", **kwargs)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def url(name, *args):
    return reverse(name, args=args)


def export(client, fmt, **params):
    response = client.get(url("whitepapers_lead:index"), {"export": fmt, **params})
    assert response.status_code == 200
    if fmt == "csv":
        text = b"".join(response.streaming_content).decode()
        return list(csv.reader(io.StringIO(text, newline="")))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]


def column(rows, heading):
    index = rows[0].index(heading)
    return [row[index] for row in rows[1:]]


def listed_emails(client, **params):
    response = client.get(url("whitepapers_lead:index"), params)
    assert response.status_code == 200
    return {lead.email for lead in response.context["object_list"]}
