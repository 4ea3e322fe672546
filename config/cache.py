"""A Redis cache that degrades instead of failing: with Redis down, pages are served uncached.

Every operation that cannot reach Redis logs once, answers as a cache miss would (get → the
default, add/set → False, incr → 0, so rate limits let readers through), and Redis is not
asked again for BREAKER_SECONDS, so a dead server costs no time per request.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

__all__ = ["ResilientRedisCache"]

logger = logging.getLogger(__name__)

BREAKER_SECONDS = 2.0


def _degrading(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < self._unavailable_until:
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                self._unavailable_until = time.monotonic() + BREAKER_SECONDS
                logger.warning("Cache unavailable, serving without it: %s", error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _get_default(key, default=None, version=None):
    return default


class ResilientRedisCache(RedisCache):
    """Django's RedisCache whose failures look like misses (see the module docstring)."""

    _unavailable_until = 0.0

    get = _degrading(_get_default)(RedisCache.get)
    get_many = _degrading(lambda keys, version=None: {})(RedisCache.get_many)
    has_key = _degrading(lambda *args, **kwargs: False)(RedisCache.has_key)
    set = _degrading(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = _degrading(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    add = _degrading(lambda *args, **kwargs: False)(RedisCache.add)
    touch = _degrading(lambda *args, **kwargs: False)(RedisCache.touch)
    incr = _degrading(lambda *args, **kwargs: 0)(RedisCache.incr)
    delete = _degrading(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _degrading(lambda *args, **kwargs: None)(RedisCache.delete_many)
    clear = _degrading(lambda *args, **kwargs: False)(RedisCache.clear)
