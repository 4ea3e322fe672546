"""The health check, and what readers get when the database or the cache is down."""

import pytest
from django.db import OperationalError
from django.test import Client

from config.cache import ResilientRedisCache

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_cache(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_answers_503_when_the_cache_loses_values(client, monkeypatch):
    monkeypatch.setattr("django.core.cache.cache.get", lambda *args, **kwargs: None)

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"


def test_health_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_pages_answer_503_while_the_database_is_down(blog_index, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)

    response = Client(raise_request_exception=False).get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Back in a moment" in response.content.decode()


def test_other_errors_still_answer_500(blog_index, monkeypatch):
    def fail(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("blog.models.BlogIndexPage.posts", fail)

    response = Client(raise_request_exception=False).get("/")

    assert response.status_code == 500


@pytest.fixture
def redis_down(settings):
    """The cache points at a port where no Redis listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.PAGE_CACHE_SECONDS = 600


def test_a_dead_cache_answers_like_an_empty_one():
    cache = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )

    assert cache.get("key", "default") == "default"
    assert cache.add("key", 1) is False
    assert cache.incr("key") == 0
    assert cache.get_many(["a", "b"]) == {}


def test_pages_are_served_uncached_while_redis_is_down(client, make_post, redis_down):
    post = make_post(title="Still readable")

    responses = [client.get(post.url) for _ in range(2)]

    assert [r.status_code for r in responses] == [200, 200]
    assert [r["X-Page-Cache"] for r in responses] == ["bypass", "bypass"]
    assert "Still readable" in responses[1].content.decode()


def test_a_violated_constraint_is_a_500_not_a_503(blog_index, monkeypatch):
    from django.db import IntegrityError

    def fail(*args, **kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr("blog.models.BlogIndexPage.posts", fail)

    response = Client(raise_request_exception=False).get("/")

    assert response.status_code == 500
