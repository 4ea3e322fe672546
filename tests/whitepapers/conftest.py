"""Whitepapers, leads and documents for the gate's tests."""

import pytest

from .helpers import CRM, form_stamp, reader_details, set_crm_webhook


@pytest.fixture(autouse=True)
def no_minimum_fill_time(settings):
    """The test client types faster than any person; the too-fast test sets it back."""
    settings.WHITEPAPERS_MIN_FILL_SECONDS = 0


@pytest.fixture
def submit_gate(client, django_capture_on_commit_callbacks):
    """Fill in and send a whitepaper's form (its mails go out on commit); returns the response."""

    def submit(whitepaper, query="", stamp=None, **overrides):
        data = reader_details(**overrides)
        data["stamp"] = stamp or form_stamp(client, whitepaper, query)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(whitepaper.url, data)

    return submit


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
