"""Helpers shared by the benchmark areas: timing a page, and writing many rows at once."""

import statistics
import time
from collections.abc import Iterable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


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


def factory_bulk_create(factory_class, rows: Iterable[dict]) -> list:
    """Build one object per row with `factory_class` (its defaults fill what a row leaves
    out) and insert them all in one query. Factories save row by row, which for the
    thousands of rows a benchmark needs would take minutes that measure nothing; pass every
    related object in the row, since building does not save sub-factories."""
    model = factory_class._meta.model
    return model.objects.bulk_create(factory_class.build(**row) for row in rows)
