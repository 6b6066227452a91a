"""The cache (Redis, where REDIS_URL is set) builds one client per connection pool, not one
per call: every signed-in page reads its session from it."""

from django.core.cache import cache


def test_every_call_uses_the_same_client_and_the_values_round_trip(require_services):
    client = cache._cache.get_client()
    cache.set("baomi-test-cache", {"value": 1}, 30)
    assert cache.get("baomi-test-cache") == {"value": 1}
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: one pool, one client
    cache.delete("baomi-test-cache")
    assert cache.get("baomi-test-cache") is None
