"""What `make bench` runs on, resolved before Django starts, so that it never touches a live
installation.

A checkout on a server has DATABASE_URL, REDIS_URL and CELERY_BROKER_URL in its environment
or in `.env` (settings read `.env` with `setdefault`, so a variable already in the
environment, even empty, wins). The bench blanks all three, and every other variable that
points outside the process (media folders, S3, email, Sentry), and takes its own from BENCH_*
variables instead:

- database: a SQLite file in `<checkout>/.bench/` (deleted and migrated afresh), or
  BENCH_DATABASE_URL: a PostgreSQL database whose name contains "bench", dropped and created;
- cache: each process's own memory, or BENCH_REDIS_URL, always under a key prefix of this run
  (`bench:<run>`) whose keys are deleted at the end;
- broker: none (tasks run in-process), or BENCH_BROKER_URL, which only the certificate
  worker benchmark uses, on a queue of this run (`bench-<run>`) removed at the end.

Settings are tests/benchmarks/settings.py, which reads the BENCH_* values this module puts in
the environment and nothing else about where things live.
"""

import os
import secrets
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

# Settings variables that point at something outside this process: blanked for the bench (an
# empty value also stops `.env` from filling them in).
LIVE_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "SQLITE_PATH",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "STATIC_ROOT",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "EMAIL_URL",
    "SENTRY_DSN",
    "STORAGE_BACKEND",
)


@dataclass(frozen=True)
class BenchEnvironment:
    """Where one bench run keeps everything, and the environment that says so to settings."""

    run: str
    folder: Path
    database: str  # a URL: sqlite:///… or postgres://…
    cache: str  # "" (each process's memory) or a redis:// URL
    cache_prefix: str
    broker: str  # "" or a redis:// URL, for the certificate worker only
    queue: str

    def variables(self) -> dict[str, str]:
        """The environment the bench's Django process (and its worker) runs with."""
        blanked = dict.fromkeys(LIVE_VARIABLES, "")
        return {
            **blanked,
            "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
            "DEBUG": "false",
            "STORAGE_BACKEND": "local",
            "MEDIA_ROOT": str(self.folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.folder / "private_media"),
            "STATIC_ROOT": str(self.folder / "static"),
            "BENCH_RUN": self.run,
            "BENCH_RESOLVED_DATABASE_URL": self.database,
            "BENCH_RESOLVED_REDIS_URL": self.cache,
            "BENCH_RESOLVED_CACHE_PREFIX": self.cache_prefix,
            "BENCH_RESOLVED_BROKER_URL": self.broker,
            "BENCH_RESOLVED_QUEUE": self.queue,
        }

    def describe(self) -> list[str]:
        """What the run uses, one line each, passwords hidden."""
        return [
            f"bench: database {_safe(self.database)}",
            f"bench: cache {_safe(self.cache) or 'local memory'}, key prefix {self.cache_prefix}:",
            f"bench: broker {_safe(self.broker) or 'none (tasks run in-process)'}"
            + (f", queue {self.queue}" if self.broker else ""),
        ]

    def report(self) -> dict:
        return {
            "bench_database": _safe(self.database),
            "bench_cache": _safe(self.cache) or "locmem",
            "bench_cache_prefix": f"{self.cache_prefix}:",
            "bench_broker": _safe(self.broker) or None,
            "bench_queue": self.queue if self.broker else None,
        }


def _safe(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def bench_environment_resolve(environ: dict[str, str], checkout: Path) -> BenchEnvironment:
    """The bench's own database, cache and broker from BENCH_* in `environ`; never DATABASE_URL,
    REDIS_URL or CELERY_BROKER_URL. SystemExit when a BENCH_* value names a live one."""
    run = secrets.token_hex(6)
    folder = Path(environ.get("BENCH_DIR", "") or checkout / ".bench")
    database = environ.get("BENCH_DATABASE_URL", "") or f"sqlite:///{folder / 'bench.sqlite3'}"
    cache = environ.get("BENCH_REDIS_URL", "")
    broker = environ.get("BENCH_BROKER_URL", "")
    if database.startswith("postgres"):
        name = urllib.parse.urlsplit(database).path.lstrip("/")
        if "bench" not in name:
            raise SystemExit(
                f"bench: refusing database {name!r}: its name must contain 'bench' "
                "(it is dropped and created)."
            )
    elif not database.startswith("sqlite:///"):
        raise SystemExit("bench: BENCH_DATABASE_URL must be sqlite:///… or postgres://…")
    for own, live in (
        (database, "DATABASE_URL"),
        (cache, "REDIS_URL"),
        (broker, "CELERY_BROKER_URL"),
    ):
        if own and _same_place(own, environ.get(live, "")):
            raise SystemExit(f"bench: refusing {live}'s own address; give the bench its own.")
    return BenchEnvironment(
        run=run,
        folder=folder,
        database=database,
        cache=cache,
        cache_prefix=f"bench:{run}",
        broker=broker,
        queue=f"bench-{run}",
    )


def _same_place(one: str, other: str) -> bool:
    if not other:
        return False
    a, b = urllib.parse.urlsplit(one), urllib.parse.urlsplit(other)
    return (a.scheme[:5], a.hostname, a.port, a.path.rstrip("/") or "/0") == (
        b.scheme[:5],
        b.hostname,
        b.port,
        b.path.rstrip("/") or "/0",
    )


def bench_environment_current() -> BenchEnvironment:
    """The run's environment inside the bench process (after `variables()` were applied)."""
    return BenchEnvironment(
        run=os.environ["BENCH_RUN"],
        folder=Path(os.environ["MEDIA_ROOT"]).parent,
        database=os.environ["BENCH_RESOLVED_DATABASE_URL"],
        cache=os.environ["BENCH_RESOLVED_REDIS_URL"],
        cache_prefix=os.environ["BENCH_RESOLVED_CACHE_PREFIX"],
        broker=os.environ["BENCH_RESOLVED_BROKER_URL"],
        queue=os.environ["BENCH_RESOLVED_QUEUE"],
    )


def cache_keys_delete(bench: BenchEnvironment) -> int:
    """Delete every key of this run's prefix from the bench's Redis (none without one)."""
    if not bench.cache:
        return 0
    import redis

    client = redis.Redis.from_url(bench.cache, socket_connect_timeout=2)
    try:
        keys = list(client.scan_iter(match=f"*{bench.cache_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        return len(keys)
    except redis.RedisError:
        return 0
    finally:
        client.close()


def own_cache_clear() -> None:
    """Empty the bench's cache (a cold request): only this run's keys, never a FLUSHDB."""
    from django.core.cache import cache

    bench = bench_environment_current()
    if bench.cache:
        cache_keys_delete(bench)
    else:
        cache.clear()
