"""Form views are counted in the shared cache and moved into a daily table: no database write
per view, and the figures still add up."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from whitepapers import viewcounts
from whitepapers.models import GateViewCount

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture
def reader():
    """An anonymous reader in a browser."""
    return Client(HTTP_USER_AGENT=BROWSER)


@pytest.fixture
def marketing_client(client):
    user = get_user_model().objects.create_user("marketing", password="pw-long-enough-123")
    user.groups.add(Group.objects.get(name="Marketing"))
    client.force_login(user)
    return client


def view(reader, whitepaper, times=1):
    for _ in range(times):
        assert reader.get(whitepaper.url).status_code == 200


def counted(whitepaper):
    """Views as the figures see them: stored plus still in the cache."""
    stored = sum(
        GateViewCount.objects.filter(whitepaper=whitepaper).values_list("views", flat=True)
    )
    pending = sum(n for wid, _, _, n in viewcounts.pending_view_counts() if wid == whitepaper.pk)
    return stored + pending


def figures_views(client, whitepaper):
    response = client.get(reverse("whitepapers_figures:index"))
    [section] = [s for s in response.context["sections"] if s["figures"].key == whitepaper.pk]
    return section["figures"].totals["view"]


def test_a_form_view_writes_nothing_to_the_database(reader, whitepaper):
    view(reader, whitepaper)  # the first render may warm caches

    with CaptureQueriesContext(connection) as queries:
        view(reader, whitepaper)

    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert writes == []
    assert counted(whitepaper) == 2


def test_figures_show_the_views(reader, whitepaper, marketing_client):
    view(reader, whitepaper, times=3)

    assert figures_views(marketing_client, whitepaper) == 3
    assert GateViewCount.objects.get(whitepaper=whitepaper).views == 3  # flushed as it read
    assert figures_views(marketing_client, whitepaper) == 3


@pytest.mark.parametrize("user_agent", ["", "Googlebot/2.1", "curl/8.5.0", "python-requests/2"])
def test_robots_are_not_counted(client, whitepaper, user_agent):
    client.get(whitepaper.url, HTTP_USER_AGENT=user_agent)

    assert counted(whitepaper) == 0


def test_head_requests_are_not_counted(reader, whitepaper):
    reader.head(whitepaper.url)

    assert counted(whitepaper) == 0


def test_the_view_that_crosses_the_threshold_stores_the_count(reader, whitepaper, settings):
    settings.WHITEPAPERS_VIEW_FLUSH_EVERY = 3

    view(reader, whitepaper, times=4)

    assert GateViewCount.objects.get(whitepaper=whitepaper).views == 3
    assert counted(whitepaper) == 4


def test_the_command_stores_pending_views(reader, whitepaper):
    view(reader, whitepaper, times=2)

    call_command("flush_gate_view_counts", stdout=io.StringIO())

    assert GateViewCount.objects.get(whitepaper=whitepaper).views == 2
    assert viewcounts.pending_view_counts() == []


def test_sending_pending_deliveries_stores_pending_views_too(reader, whitepaper):
    view(reader, whitepaper, times=2)

    call_command("send_pending_deliveries", stdout=io.StringIO())

    assert GateViewCount.objects.get(whitepaper=whitepaper).views == 2


def test_flushes_that_read_the_same_count_lose_and_add_nothing(reader, whitepaper):
    view(reader, whitepaper, times=5)
    [(whitepaper_id, _, day, pending)] = viewcounts.pending_view_counts()

    # Two flushes both read 5 before either took it off the counter.
    viewcounts.move_to_database(whitepaper_id, day, pending)
    viewcounts.move_to_database(whitepaper_id, day, pending)

    assert counted(whitepaper) == 5
    viewcounts.flush_view_counts()
    assert GateViewCount.objects.get(whitepaper=whitepaper).views == 5
    assert viewcounts.pending_view_counts() == []


def test_with_the_cache_down_pages_are_served_and_views_not_counted(reader, whitepaper, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    view(reader, whitepaper, times=2)
    viewcounts.flush_view_counts()

    assert not GateViewCount.objects.exists()
