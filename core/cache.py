"""Django's Redis cache, keeping one client per connection pool.

Django builds a new `redis.Redis` for every cache call; its constructor copies a table of
some 170 response callbacks, about a tenth of a millisecond, which every signed-in page paid
to read its session. A client holds no state of its own but its pool (redis-py's clients are
thread-safe and its pools fork-safe), so one per pool serves every call.
"""

from django.core.cache.backends import redis


class _Clients(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if pool not in self._clients:
            self._clients[pool] = self._client(connection_pool=pool)
        return self._clients[pool]


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Clients
