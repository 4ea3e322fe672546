"""The page cache picks a request's site exactly as Wagtail does, without asking the database."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from pagecache.rules import site_for

pytestmark = pytest.mark.django_db

HOSTNAMES = st.sampled_from(["a.example", "b.example", "localhost"])
PORTS = st.sampled_from([80, 443, 8000])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sites=st.lists(st.tuples(HOSTNAMES, PORTS), min_size=1, max_size=4, unique=True),
    default=st.integers(min_value=-1, max_value=3),
    hostname=HOSTNAMES,
    port=PORTS,
)
def test_site_for_agrees_with_wagtail(sites, default, hostname, port):
    Site.objects.all().delete()
    root = Page.get_first_root_node()
    rows = []
    for index, (site_hostname, site_port) in enumerate(sites):
        site = Site.objects.create(
            hostname=site_hostname,
            port=site_port,
            root_page=root,
            is_default_site=index == default,
        )
        rows.append((site.pk, site_hostname, site_port, index == default))

    try:
        expected = get_site_for_hostname(hostname, port).pk
    except Site.DoesNotExist:
        expected = None

    assert site_for(hostname, port, rows) == expected
