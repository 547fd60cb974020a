"""The ``counts`` cache in Redis, read without Django's per-call work.

``RedisCache.get`` builds a new redis-py client for every read (redis-py 8:
hundreds of function calls), makes the key and checks each of its characters
for memcached, then tries to unpickle the value: ~740-850 calls, paid by every
task list whose count is not the whole table's (tracker.tasks.paging). The
counts are plain integers (Django's serializer stores an int as one, and only
ints are kept), so ``read_count`` is one GET on a client built once per cache
object, with the key the cache itself makes (prefix, version, key function).
Writes go through ``set`` as before: they happen on a miss, once a minute per
list at most.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache
from django.utils.functional import cached_property


class CountsCache(RedisCache):
    @cached_property
    def _reader(self) -> Any:
        """A redis-py client on the pool ``get`` reads from (one server: the
        only one; several: one of the replicas, as ``get`` picks one)."""
        return self._cache.get_client()

    def read_count(self, key: str) -> int | None:
        """The integer kept under ``key``, or None; RedisError if Redis is down."""
        value = self._reader.get(self.make_key(key))
        return None if value is None else int(value)
