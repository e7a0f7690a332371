"""The benchmark registry and the run that `make bench` prints.

Each area module decorates its benchmarks with `@benchmark`. `benchmarks_run` imports the
areas in `AREAS` order, which is the order their figures print in, and runs every benchmark
inside one transaction that it rolls back, so a benchmark may create whatever rows it needs
and leaves the throwaway database as `setup_site` made it.
"""

from collections.abc import Callable
from importlib import import_module
from typing import TextIO

from django.db import transaction

# The area modules of this package, in the order their figures print.
AREAS = ("basics", "course_pages", "quizzes", "practice", "certificates")

_benchmarks: list[Callable[[], dict]] = []


def benchmark(func: Callable[[], dict]) -> Callable[[], dict]:
    """Register `func`, which returns a dict of named figures, to run in `make bench`."""
    _benchmarks.append(func)
    return func


def benchmarks_all() -> list[Callable[[], dict]]:
    """Every registered benchmark, after importing the areas so that each registers its own."""
    for area in AREAS:
        import_module(f"{__package__}.{area}")
    return list(_benchmarks)


def benchmarks_run(*, out: TextIO) -> dict:
    """Run every benchmark inside a rolled-back transaction, writing each figure to `out` as
    it comes (a long run shows progress), and return all the figures."""
    figures = {}
    with transaction.atomic():
        for bench in benchmarks_all():
            result = bench()
            for name, value in result.items():
                out.write(f"{name:<36} {value}\n")
            figures.update(result)
        transaction.set_rollback(True)
    return figures
