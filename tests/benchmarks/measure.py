"""Helpers shared by the benchmark areas: timing a page (warm, or cold: the bench's cache
emptied first), the bytes a page costs on the wire, and writing many rows at once."""

import gzip
import re
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


def own_cache_cold(client: Client, path: str):
    """GET `path` with the bench's cache emptied first (this run's keys only)."""
    from .safety import own_cache_clear

    own_cache_clear()
    return client.get(path)


_ASSET = re.compile(
    r'<(?:link\b[^>]*\brel="stylesheet"[^>]*\bhref|script\b[^>]*\bsrc)="(?P<url>[^"]+)"'
)


def wire_bytes(client: Client, path: str) -> dict:
    """What a browser that accepts gzip receives for `path`: the HTML as the app sends it
    (compressed only if the app compresses it), and its own stylesheets and scripts
    gzip-compressed, as deploy/nginx serves /static/ (gzip_static, WhiteNoise's .gz copies).
    Also the HTML's own size and what it would be compressed, to show the headroom."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    sent = response.content
    html = gzip.decompress(sent) if response.get("Content-Encoding") == "gzip" else sent
    assets = 0
    for match in _ASSET.finditer(html.decode()):
        url = match["url"]
        if not url.startswith(settings.STATIC_URL):
            continue
        found = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
        if found:
            with open(found, "rb") as asset:
                assets += len(gzip.compress(asset.read(), compresslevel=9))
    return {
        "html_sent": len(sent),
        "html_raw": len(html),
        "html_gzip": len(gzip.compress(html, compresslevel=6)),
        "assets_gzip": assets,
        "compressed": response.get("Content-Encoding") == "gzip",
    }
