"""Django's Redis cache, keeping one client per connection pool instead of making one for every call.

Django builds a new `redis.Redis` on each cache call, and building one fills a table of about 170 response
callbacks: a tenth of a millisecond, a tenth of a page served whole from the cache. A client is safe to
share (it takes a connection from its pool for each command), so one per pool is kept.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
