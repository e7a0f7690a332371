"""Health endpoints for a load balancer or process manager.

- /health/live/: the process answers (no database, cache or broker touched): 200 "ok".
- /health/ready/: django-health-check's checks of what a request needs: the database, the
  cache server (Redis, when REDIS_URL is set), the broker (when CELERY_BROKER_URL is set) and
  the default file storage (a tiny file written, read and deleted). 200 when every check
  passes, 503 when one fails.

Both are public, so they say only "ok" or "unavailable" per check (no host, no error text,
no stack trace; the reason goes to the log), every check has a short timeout, and a process
runs the checks at most once per MIN_INTERVAL seconds (other calls get the last answer), so
calling them in a loop does not multiply the load on the services behind them.
"""

import asyncio
import contextlib
import dataclasses
import datetime
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from health_check.base import HealthCheck
from health_check.checks import Database, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

# Seconds each check may take; the view answers within about this plus one second.
CHECK_TIMEOUT = datetime.timedelta(seconds=1)
# A process runs the checks at most this often; calls in between get the last answer.
MIN_INTERVAL = 1.0


@require_safe
def live(request):
    """The process is up and serving requests."""
    response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return response


@dataclasses.dataclass
class CacheServer(HealthCheck):
    """The cache server itself answers (past lms.cache's circuit breaker, whose local
    fallback would otherwise always pass a round trip)."""

    alias: str = "default"
    timeout = CHECK_TIMEOUT

    def run(self):
        backend = caches[self.alias]
        if not hasattr(backend, "ping"):
            # The local-memory cache of the embedded default: a round trip.
            key = f"health:{uuid.uuid4().hex}"
            backend.set(key, "ok", 5)
            if backend.get(key) != "ok":
                raise ServiceUnavailable("Cache round trip failed")
            backend.delete(key)
            return
        try:
            backend.ping()
        except Exception as error:
            raise ServiceUnavailable("Cache server unavailable") from error


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection and answers, within CHECK_TIMEOUT."""

    timeout = CHECK_TIMEOUT

    def run(self):
        from kombu import Connection

        seconds = self.timeout.total_seconds()
        connection = Connection(
            settings.CELERY_BROKER_URL,
            connect_timeout=seconds,
            transport_options={
                **getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
                "socket_timeout": seconds,
                "socket_connect_timeout": seconds,
            },
        )
        try:
            connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=seconds
            )
            connection.default_channel  # noqa: B018 - opening a channel asks the broker
        except Exception as error:
            raise ServiceUnavailable("Broker unavailable") from error
        finally:
            connection.release()


@dataclasses.dataclass
class FileStorage(Storage):
    timeout = CHECK_TIMEOUT


@dataclasses.dataclass
class DatabaseCheck(Database):
    timeout = CHECK_TIMEOUT


_NAMES = {
    DatabaseCheck: "database",
    CacheServer: "cache",
    Broker: "broker",
    FileStorage: "storage",
}

_last = {"at": 0.0, "body": None, "status": None}
_last_lock = threading.Lock()


@contextlib.contextmanager
def _executor():
    # Not the event loop's default executor, and not waited for: a check stuck past its
    # timeout must not hold the answer.
    executor = ThreadPoolExecutor(max_workers=len(_NAMES), thread_name_prefix="health")
    try:
        yield executor
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


class ReadinessView(HealthCheckView):
    http_method_names = ["get", "head"]

    def get_checks(self):
        yield DatabaseCheck()
        yield CacheServer()
        if settings.CELERY_BROKER_URL:
            yield Broker()
        yield FileStorage()

    def get_executor(self):
        return _executor()

    async def get(self, request, *args, **kwargs):
        with _last_lock:
            fresh = time.monotonic() - _last["at"] < MIN_INTERVAL and _last["body"] is not None
            body, status = _last["body"], _last["status"]
        if not fresh:
            with self.get_executor() as executor:
                results = await asyncio.gather(
                    *(check.get_result(executor) for check in self.get_checks())
                )
            body = {
                _NAMES[type(result.check)]: "unavailable" if result.error else "ok"
                for result in results
            }
            status = 503 if any(result.error for result in results) else 200
            with _last_lock:
                _last.update(at=time.monotonic(), body=body, status=status)
        accept = request.headers.get("accept", "")
        if "text/plain" in accept and "json" not in accept:
            text = "".join(f"{name}: {state}\n" for name, state in body.items())
            return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
        return JsonResponse(
            {"status": "ok" if status == 200 else "unavailable", **body}, status=status
        )


ready = ReadinessView.as_view()
