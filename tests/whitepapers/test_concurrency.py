"""Many readers at once, on PostgreSQL: one lead per address, every request and download counted."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection

from whitepapers.models import Delivery, DeliveryKind, GateEvent, Lead

from .helpers import reader_details

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_initial_data"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is checked on PostgreSQL"
    ),
]

CLIENTS = 50


@pytest.fixture
def live_whitepaper(live_server, make_whitepaper):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", live_server.thread.port
    site.save()
    return make_whitepaper()


def opened_gates(url, count):
    """`count` readers, each with their own session, CSRF cookie and form stamp."""
    sessions = []
    for _ in range(count):
        session = requests.Session()
        html = session.get(url, timeout=30).text
        stamp = re.search(r'name="stamp" value="([^"]+)"', html).group(1)
        sessions.append((session, stamp))
    return sessions


def post_all_at_once(url, sessions, data):
    start = threading.Barrier(len(sessions))

    def post(session_and_stamp):
        session, stamp = session_and_stamp
        form = {**data, "stamp": stamp, "csrfmiddlewaretoken": session.cookies["csrftoken"]}
        start.wait()
        return session.post(url, form, headers={"Referer": url}, allow_redirects=False, timeout=60)

    with ThreadPoolExecutor(max_workers=len(sessions)) as pool:
        return [response.status_code for response in pool.map(post, sessions)]


def test_fifty_simultaneous_requests_leave_one_lead(live_server, live_whitepaper, settings):
    settings.WHITEPAPERS_RATE_LIMITS = {"ip": (1000, 3600), "email": (1000, 3600)}
    url = live_server.url + live_whitepaper.url
    sessions = opened_gates(url, CLIENTS)

    statuses = post_all_at_once(url, sessions, reader_details())

    assert statuses == [303] * CLIENTS
    lead = Lead.objects.get()
    assert lead.request_count == CLIENTS
    assert Delivery.objects.filter(kind=DeliveryKind.DOWNLOAD_MAIL).count() == CLIENTS
    assert GateEvent.objects.filter(kind="submission").count() == CLIENTS


def test_rate_limit_holds_under_simultaneous_requests(live_server, live_whitepaper, settings):
    settings.WHITEPAPERS_RATE_LIMITS = {"ip": (1000, 3600), "email": (5, 3600)}
    url = live_server.url + live_whitepaper.url
    sessions = opened_gates(url, CLIENTS)

    statuses = post_all_at_once(url, sessions, reader_details())

    assert sorted(statuses) == [303] * 5 + [429] * (CLIENTS - 5)
    assert Lead.objects.get().request_count == 5
    assert Delivery.objects.count() == 5


def test_simultaneous_downloads_are_counted_exactly(live_server, live_whitepaper, make_lead):
    from whitepapers.links import file_url, make_download_token

    lead = make_lead(live_whitepaper)
    url = live_server.url + file_url(live_whitepaper, make_download_token(lead, confirm=True))
    start = threading.Barrier(CLIENTS)

    def download(_):
        start.wait()
        response = requests.get(url, timeout=60)
        return response.status_code, response.content[:5]

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(download, range(CLIENTS)))

    assert results == [(200, b"%PDF-")] * CLIENTS
    lead.refresh_from_db()
    assert lead.download_count == CLIENTS
    assert GateEvent.objects.filter(kind="download", lead=lead).count() == CLIENTS


def test_simultaneous_posts_of_one_stamp_store_one_request(live_server, live_whitepaper):
    url = live_server.url + live_whitepaper.url
    [(first, stamp)] = opened_gates(url, 1)
    sessions = []
    for _ in range(10):  # ten clicks on one form: the same cookies, the same stamp
        session = requests.Session()
        session.cookies.update(first.cookies)
        sessions.append((session, stamp))

    statuses = post_all_at_once(url, sessions, reader_details())

    assert statuses == [303] * 10
    assert Lead.objects.get().request_count == 1
    assert Delivery.objects.count() == 1
    assert GateEvent.objects.filter(kind="submission").count() == 1


def test_simultaneous_views_and_flushes_lose_no_view(live_whitepaper, settings):
    from django.db import connections
    from django.test import RequestFactory

    from whitepapers import viewcounts
    from whitepapers.models import GateViewCount

    settings.WHITEPAPERS_VIEW_FLUSH_EVERY = 7  # views flush too, often, in the middle of it
    threads, views_each = 10, 40
    start = threading.Barrier(threads)
    request = RequestFactory().get(live_whitepaper.url, HTTP_USER_AGENT="Mozilla/5.0 Firefox/133")

    def view_and_flush(number):
        start.wait()
        try:
            for view in range(views_each):
                viewcounts.count_view(request, live_whitepaper)
                if (view + number) % 10 == 0:
                    viewcounts.flush_view_counts()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(view_and_flush, range(threads)))

    stored = sum(GateViewCount.objects.values_list("views", flat=True))
    pending = sum(row[3] for row in viewcounts.pending_view_counts())
    assert stored + pending == threads * views_each
    viewcounts.flush_view_counts()
    assert GateViewCount.objects.get().views == threads * views_each
