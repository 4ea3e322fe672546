"""The page cache learns which query parameters a page read, however the view read them."""

import pytest
from django.test import RequestFactory

from pagecache.reads import ReadTrackingQueryDict, track_query_reads
from pagecache.rules import EVERY_PARAMETER


def test_named_reads_are_noted_one_by_one():
    query = ReadTrackingQueryDict("page=2&utm_source=news")

    query.get("page")
    query.getlist("sort")
    "q" in query  # noqa: B015 - a membership test is a read

    assert query.read == {"page", "sort", "q"}


@pytest.mark.parametrize(
    "look_at_everything",
    [list, len, bool, dict, lambda q: q.items(), lambda q: q.urlencode(), lambda q: q.copy()],
)
def test_looking_at_the_whole_query_counts_as_reading_every_parameter(look_at_everything):
    query = ReadTrackingQueryDict("page=2&utm_source=news")

    look_at_everything(query)

    assert query.read == EVERY_PARAMETER


def test_asking_for_the_full_url_reads_the_whole_query():
    request = RequestFactory().get("/", {"utm_source": "news"})
    tracked = track_query_reads(request)

    assert request.build_absolute_uri().endswith("/?utm_source=news")
    assert tracked.read == EVERY_PARAMETER


def test_the_view_still_sees_every_value():
    request = RequestFactory().get("/", {"page": ["2", "3"], "q": "data"})
    track_query_reads(request)

    assert request.GET.getlist("page") == ["2", "3"]
    assert request.GET["q"] == "data"
