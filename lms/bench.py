"""Benchmarks: named figures measured in-process, printed by `manage.py bench`.

Apps add theirs in a `benchmarks.py` module with `@benchmark`; each returns a dict of named
figures (milliseconds as *_ms, counts as *_queries). Everything runs inside a transaction that
is rolled back, so a benchmark may create the rows it needs.
"""

import statistics
import time
from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

_benchmarks: list[Callable[[], dict]] = []


def benchmark(func: Callable[[], dict]) -> Callable[[], dict]:
    _benchmarks.append(func)
    return func


def all_benchmarks() -> list[Callable[[], dict]]:
    return list(_benchmarks)


def measure_get(client: Client, path: str, *, repeat: int = 30, warmup: int = 3) -> tuple:
    """Median server time in ms (in-process, no network) and the queries of one request."""
    for _ in range(warmup):
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return round(statistics.median(times), 2), len(queries)
