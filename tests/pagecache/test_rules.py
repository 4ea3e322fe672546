"""The cache's rules on their own: which requests and answers it keeps, and its keys."""

from pagecache.rules import (
    EVERY_PARAMETER,
    page_key,
    request_is_cacheable,
    response_is_cacheable,
    site_for,
    varied_parameters,
)

EXCLUDED = ("/admin/", "/documents/")


def test_readers_get_requests_are_cacheable():
    assert request_is_cacheable("GET", "/a-post/", {}, "sessionid", EXCLUDED)
    assert request_is_cacheable("HEAD", "/", {"csrftoken": "x"}, "sessionid", EXCLUDED)


def test_anyone_with_a_session_bypasses_the_cache():
    assert not request_is_cacheable("GET", "/", {"sessionid": "abc"}, "sessionid", EXCLUDED)


def test_posts_and_the_admin_are_never_cached():
    assert not request_is_cacheable("POST", "/", {}, "sessionid", EXCLUDED)
    assert not request_is_cacheable("GET", "/admin/pages/", {}, "sessionid", EXCLUDED)


def test_only_complete_public_answers_are_kept():
    assert response_is_cacheable(200, False, False, "", False)
    assert not response_is_cacheable(404, False, False, "", False)
    assert not response_is_cacheable(200, True, False, "", False)
    assert not response_is_cacheable(200, False, True, "", False)
    assert not response_is_cacheable(200, False, False, "", True)
    assert not response_is_cacheable(200, False, False, "private, no-store, max-age=0", False)


def test_a_copy_is_keyed_on_the_parameters_the_page_read_and_nothing_else():
    query = {"page": ["2"], "utm_source": ["news"], "q": ["x" * 200]}

    assert varied_parameters({"page"}, query) == (("page", ("2",)),)
    assert varied_parameters(set(), query) == ()
    assert varied_parameters({"page", "sort"}, {"utm_source": ["news"]}) == ()


def test_a_page_that_read_the_whole_query_is_kept_only_without_one():
    assert varied_parameters(EVERY_PARAMETER, {}) == ()
    assert varied_parameters(EVERY_PARAMETER, {"utm_source": ["news"]}) is None


def test_keys_tell_schemes_sites_paths_and_parameter_values_apart():
    plain = page_key("https", 1, "/")

    assert page_key("https", 1, "/") == plain
    assert page_key("http", 1, "/") != plain
    assert page_key("https", 2, "/") != plain
    assert page_key("https", 1, "/other/") != plain
    assert page_key("https", 1, "/", (("page", ("2",)),)) != plain
    assert page_key("https", 1, "/", (("page", ("2",)),)) != page_key(
        "https", 1, "/", (("page", ("3",)),)
    )


SITES = [(1, "blog.example", 443, True), (2, "docs.example", 443, False)]


def test_the_site_is_chosen_by_hostname_and_port_not_by_the_raw_host():
    assert site_for("blog.example", 443, SITES) == 1
    assert site_for("docs.example", 443, SITES) == 2
    # Any other port or unknown host lands on the default site, as Wagtail routes it.
    assert site_for("docs.example", 1234, SITES) == 2
    assert site_for("anything.example", 1234, SITES) == 1
    assert site_for("anything.example", 443, [(2, "docs.example", 443, False)]) is None
