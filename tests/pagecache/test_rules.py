"""The cache's rules on their own: which requests and answers it keeps, and its keys."""

from pagecache.rules import cache_key, request_is_cacheable, response_is_cacheable

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


def test_tracking_parameters_share_the_page_and_pages_of_a_listing_do_not():
    plain = cache_key("blog.example", "/", [])
    assert cache_key("blog.example", "/", [("utm_source", "news")]) == plain
    assert cache_key("blog.example", "/", [("page", "2")]) != plain
    assert cache_key("other.example", "/", []) != plain
