"""`python -m tests.benchmarks [--only AREA ...]`, which `make bench` runs: every benchmark's
figures, one per line, then all of them as one JSON object on the last line, for scripts to
read. The first lines say what the run uses: its own database, cache and broker, never the
installation's (tests/benchmarks/safety.py), which it prepares here (a fresh migrated
database with `setup_site`) and cleans up at the end, even when a benchmark fails."""

import argparse
import json
import os
import sys
import urllib.parse
from pathlib import Path

from .safety import BenchEnvironment, bench_environment_resolve, cache_keys_delete


def _database_prepare(bench: BenchEnvironment) -> None:
    (bench.folder / "static").mkdir(parents=True, exist_ok=True)
    if bench.database.startswith("sqlite:///"):
        path = Path(bench.database.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        _postgres_admin(bench.database, "DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _postgres_admin(bench.database, "CREATE DATABASE {name}")


def _postgres_admin(url: str, statement: str) -> None:
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    admin = urllib.parse.urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(statement.format(name=f'"{name}"'))


def broker_keys_delete(bench: BenchEnvironment) -> None:
    """Remove this run's queue from the bench broker, whatever a failed benchmark left."""
    if not bench.broker:
        return
    import redis

    client = redis.Redis.from_url(bench.broker, socket_connect_timeout=2)
    try:
        keys = list(client.scan_iter(match=f"*{bench.run}*", count=1000))
        if keys:
            client.delete(*keys)
    except redis.RedisError:
        pass
    finally:
        client.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks")
    parser.add_argument(
        "--only", action="append", default=[], help="run only this area (repeatable)"
    )
    args = parser.parse_args(argv)
    bench = bench_environment_resolve(dict(os.environ), Path.cwd())
    os.environ.update(bench.variables())
    for line in bench.describe():
        print(line, flush=True)
    _database_prepare(bench)
    import django
    from django.core.management import call_command

    django.setup()
    from .registry import benchmarks_run
    from .targets import targets_judge

    try:
        call_command("migrate", interactive=False, verbosity=0)
        with open(os.devnull, "w") as quiet:
            call_command("setup_site", stdout=quiet)
        figures = benchmarks_run(out=sys.stdout, only=args.only)
    finally:
        from django.db import connections

        connections.close_all()
        cache_keys_delete(bench)
        broker_keys_delete(bench)
        if not bench.database.startswith("sqlite:///"):
            _postgres_admin(bench.database, "DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    figures.update(bench.report())
    figures["targets"] = targets_judge(figures)
    for key, judged in figures["targets"].items():
        verdict = {True: "met", False: "NOT met", None: "not measured"}[judged["met"]]
        bound = " ".join(f"{k} {v}" for k, v in judged.items() if k in ("min", "max"))
        print(f"target {key:<34} {judged['value']} ({bound}): {verdict}")
    sys.stdout.write(json.dumps(figures, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
