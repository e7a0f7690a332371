"""The benchmark registry and the run that `make bench` prints.

Each area module decorates its benchmarks with `@benchmark`. `benchmarks_run` imports the
areas in `AREAS` order, which is the order their figures print in, and runs every benchmark
inside one transaction that it rolls back, so a benchmark may create whatever rows it needs
and leaves the throwaway database as `setup_site` made it.
"""

from collections.abc import Callable, Iterable
from importlib import import_module
from typing import TextIO

from django.db import transaction

# The area modules of this package, in the order their figures print.
AREAS = (
    "basics",
    "course_pages",
    "course_size",
    "quizzes",
    "practice",
    "certificates",
    "progress",
)

_benchmarks: list[Callable[[], dict]] = []


def benchmark(func: Callable[[], dict]) -> Callable[[], dict]:
    """Register `func`, which returns a dict of named figures, to run in `make bench`."""
    _benchmarks.append(func)
    return func


def benchmarks_all(only: Iterable[str] = ()) -> list[Callable[[], dict]]:
    """Every registered benchmark (of the areas in `only`, when given), after importing the
    areas so that each registers its own."""
    only = set(only)
    unknown = only - set(AREAS)
    if unknown:
        raise SystemExit(f"bench: no area {', '.join(sorted(unknown))}; areas: {', '.join(AREAS)}")
    for area in AREAS:
        import_module(f"{__package__}.{area}")
    return [func for func in _benchmarks if not only or func.__module__.rpartition(".")[2] in only]


def benchmarks_run(*, out: TextIO, only: Iterable[str] = ()) -> dict:
    """Run every benchmark (of the areas in `only`, when given) inside a rolled-back
    transaction, writing each figure to `out` as it comes (a long run shows progress), and
    return all the figures."""
    figures = {}
    with transaction.atomic():
        for bench in benchmarks_all(only):
            result = bench()
            for name, value in result.items():
                out.write(f"{name:<36} {value}\n")
            figures.update(result)
        transaction.set_rollback(True)
    return figures
