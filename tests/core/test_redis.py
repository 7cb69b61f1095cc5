"""REDIS_URL against the real Redis on loopback (our machines run it; `.ci/run` starts one if none answers): the
client library is installed, and what the processes must share – cached values, the anti-bot counters – is shared.

Keys go under a prefix of each test's own and nothing is flushed: the SQLite and PostgreSQL runs share one Redis."""

import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

from core import antibot

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_cache():
    """The default cache in Redis, as REDIS_URL configures it; yields a factory of further clients (other processes)."""
    config = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    with override_settings(CACHES=config):
        yield lambda: caches.create_connection("default")


def test_a_value_cached_by_one_process_is_read_and_removed_by_another(redis_cache):
    writer, reader = redis_cache(), redis_cache()
    writer.set("menu", {"pozycje": ["Konsultacje", "Wydarzenia"]}, 30)
    assert reader.get("menu") == {"pozycje": ["Konsultacje", "Wydarzenia"]}
    writer.delete("menu")
    assert reader.get("menu") is None


def test_the_rate_limit_counts_across_processes(redis_cache):
    """`within_limit` adds and increments in Redis, so two server processes count one client's attempts together."""
    key = uuid.uuid4().hex
    assert antibot.within_limit(scope="ankiety", key=key, limit=2, window_seconds=60)
    assert redis_cache().get(f"antibot:rate:ankiety:{key}") == 1  # seen by another client
    assert antibot.within_limit(scope="ankiety", key=key, limit=2, window_seconds=60)
    assert not antibot.within_limit(scope="ankiety", key=key, limit=2, window_seconds=60)
    assert antibot.within_limit(scope="ankiety", key=uuid.uuid4().hex, limit=2, window_seconds=60)  # someone else
