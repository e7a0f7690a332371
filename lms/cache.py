"""The Redis cache as an accelerator, never a dependency.

`ResilientRedisCache` is Django's RedisCache with three additions:

- Short socket timeouts (connect *and* read): a paused Redis still accepts TCP connections,
  so only a read timeout notices it.
- A circuit breaker shared by every thread of the process: after one failed call the process
  leaves Redis alone for `RETRY_AFTER` seconds, then one call probes it (a PING). A Redis
  that is down costs one timeout per process per `RETRY_AFTER`, not one per cache call.
- While the circuit is open every read and write goes to a local-memory cache of this
  process. Pages read a miss and rebuild from the database; counters (allauth's failed
  sign-ins, django-ratelimit on /verify/, allauth's reset limit) keep counting in this
  process, so the limits still apply, per process and approximately, and nobody is locked
  out because the cache is gone. When Redis answers again, the keys written during the
  outage are deleted from Redis (they were invalidations or values Redis has an older copy
  of), the local copy is emptied, and Redis is used again.

The outage is logged once: a warning when Redis goes away, an info when it comes back.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis import exceptions as redis_errors

logger = logging.getLogger(__name__)

# What "Redis is not there" looks like: refused or reset connections, timeouts, a replica
# that became read-only during a failover. Other errors (a wrong type, a bug) still raise.
OUTAGE_ERRORS = (
    redis_errors.ConnectionError,
    redis_errors.TimeoutError,
    redis_errors.ReadOnlyError,
    OSError,
)

DEFAULT_SOCKET_TIMEOUT = 0.5
DEFAULT_RETRY_AFTER = 5.0
# Keys written while Redis was away, remembered to delete them from Redis on its return.
MAX_REMEMBERED_KEYS = 10_000


class _Circuit:
    """The state of one Redis LOCATION in this process, shared by every thread's backend
    (Django makes one cache object per thread)."""

    def __init__(self, name: str, params: dict, retry_after: float):
        self.lock = threading.Lock()
        self.retry_after = retry_after
        self.down = False
        self.retry_at = 0.0
        self.probing = False
        self.written: set[str] = set()
        self.overflowed = False
        fallback_params = {
            key: params[key] for key in ("KEY_PREFIX", "VERSION", "KEY_FUNCTION") if key in params
        }
        fallback_params["OPTIONS"] = {"MAX_ENTRIES": 5000}
        self.fallback = LocMemCache(f"lms.cache.fallback:{name}", fallback_params)

    def redis_usable(self, backend: "ResilientRedisCache") -> bool:
        """True to try Redis now: the circuit is closed, or this call is the probe that
        found Redis back (and closed the circuit)."""
        with self.lock:
            if not self.down:
                return True
            if self.probing or time.monotonic() < self.retry_at:
                return False
            self.probing = True
        try:
            client = backend._cache.get_client(None, write=True)
            client.ping()
            written, overflowed = self._take_written()
            if written:
                client.delete(*written)
        except OUTAGE_ERRORS:
            with self.lock:
                self.probing = False
                self.retry_at = time.monotonic() + self.retry_after
            return False
        except BaseException:
            with self.lock:
                self.probing = False
            raise
        with self.lock:
            self.down = False
            self.probing = False
        self.fallback.clear()
        logger.info("Cache server is back; using it again.")
        if overflowed:
            logger.warning(
                "More than %d cache keys changed while the cache server was away; some "
                "cached values may be stale until they expire.",
                MAX_REMEMBERED_KEYS,
            )
        return True

    def _take_written(self) -> tuple[list[str], bool]:
        with self.lock:
            written, overflowed = list(self.written), self.overflowed
            self.written, self.overflowed = set(), False
        return written, overflowed

    def trip(self, error: BaseException) -> None:
        with self.lock:
            first = not self.down
            self.down = True
            self.probing = False
            self.retry_at = time.monotonic() + self.retry_after
        if first:
            logger.warning(
                "Cache server unreachable (%s: %s); serving without it, with a local cache "
                "in each process, and trying again every %g s.",
                type(error).__name__,
                error,
                self.retry_after,
            )

    def remember(self, keys) -> None:
        with self.lock:
            for key in keys:
                if len(self.written) >= MAX_REMEMBERED_KEYS:
                    self.overflowed = True
                    return
                self.written.add(key)


_circuits: dict[str, _Circuit] = {}
_circuits_lock = threading.Lock()


def _circuit_for(location: str, params: dict, retry_after: float) -> _Circuit:
    with _circuits_lock:
        circuit = _circuits.get(location)
        if circuit is None:
            circuit = _circuits[location] = _Circuit(location, params, retry_after)
        return circuit


class ResilientRedisCache(RedisCache):
    """RedisCache whose reads and writes fall back to a local cache while Redis is away.

    Settings (besides RedisCache's): OPTIONS socket_connect_timeout and socket_timeout
    (seconds, default 0.5 each) and RETRY_AFTER (seconds between probes, default 5).
    """

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        params["OPTIONS"] = options
        super().__init__(server, params)
        location = server if isinstance(server, str) else ",".join(server)
        retry_after = float(params.get("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        self._circuit = _circuit_for(location, params, retry_after)

    @property
    def cache_server_down(self) -> bool:
        """Whether this process is serving from its local cache (Redis was unreachable)."""
        return self._circuit.down

    def ping(self) -> None:
        """Ask Redis itself, past the circuit breaker (for the readiness check). Raises
        the Redis error when it does not answer within the socket timeouts."""
        self._cache.get_client(None).ping()

    def _run(self, on_redis, on_fallback, written=()):
        circuit = self._circuit
        if circuit.redis_usable(self):
            try:
                return on_redis()
            except OUTAGE_ERRORS as error:
                circuit.trip(error)
        if written:
            circuit.remember(written)
        return on_fallback()

    def _keys(self, keys, version):
        return [self.make_key(key, version=version) for key in keys]

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
            lambda: self._circuit.fallback.add(key, value, timeout, version),
            self._keys([key], version),
        )

    def get(self, key, default=None, version=None):
        return self._run(
            lambda: super(ResilientRedisCache, self).get(key, default, version),
            lambda: self._circuit.fallback.get(key, default, version),
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
            lambda: self._circuit.fallback.set(key, value, timeout, version),
            self._keys([key], version),
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
            lambda: self._circuit.fallback.touch(key, timeout, version),
            self._keys([key], version),
        )

    def delete(self, key, version=None):
        return self._run(
            lambda: super(ResilientRedisCache, self).delete(key, version),
            lambda: self._circuit.fallback.delete(key, version),
            self._keys([key], version),
        )

    def get_many(self, keys, version=None):
        return self._run(
            lambda: super(ResilientRedisCache, self).get_many(keys, version),
            lambda: self._circuit.fallback.get_many(keys, version),
        )

    def has_key(self, key, version=None):
        return self._run(
            lambda: super(ResilientRedisCache, self).has_key(key, version),
            lambda: self._circuit.fallback.has_key(key, version),
        )

    def incr(self, key, delta=1, version=None):
        return self._run(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version),
            lambda: self._circuit.fallback.incr(key, delta, version),
            self._keys([key], version),
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
            lambda: self._circuit.fallback.set_many(data, timeout, version),
            self._keys(data, version),
        )

    def delete_many(self, keys, version=None):
        return self._run(
            lambda: super(ResilientRedisCache, self).delete_many(keys, version),
            lambda: self._circuit.fallback.delete_many(keys, version),
            self._keys(keys, version),
        )

    def clear(self):
        self._circuit.fallback.clear()
        return self._run(lambda: super(ResilientRedisCache, self).clear(), lambda: True)
