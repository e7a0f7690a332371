"""The bench's wiring, without running a benchmark (figures are never tests): every area
registers its benchmarks, in the order they print, and the worker the certificate benchmark
starts can find its task."""

from lms.celery import app
from tests.benchmarks import registry


def test_every_area_registers_benchmarks_in_print_order():
    benchmarks = registry.benchmarks_all()
    areas = [func.__module__.rpartition(".")[2] for func in benchmarks]
    assert list(dict.fromkeys(areas)) == list(registry.AREAS)


def test_the_bench_worker_finds_the_render_task_by_its_fixed_name():
    from tests.benchmarks import certificates

    command = certificates.worker_command(queue="q", hostname="h")
    included = command[command.index("--include") + 1]
    assert included == "tests.benchmarks.certificates"
    assert app.tasks["certificates.bench_render"].__module__ == included
