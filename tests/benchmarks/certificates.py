"""Certificate PDF figures: one certificate against WeasyPrint's floor, and 200 certificates
rendered by a real Celery worker with two processes against one process.

The floor is WeasyPrint rendering a one-line document with its defaults in the same process,
so the ratio says what our document costs on top of WeasyPrint itself, whatever the machine's
speed (FACTS.md measured about 3× on a prototype). The two are timed in alternation, so a
noisy neighbour slows both alike. The certificate is a realistic one: a Devanagari name,
four hours categories, two supervisors, the logo and the QR code.
"""

import datetime
import os
import statistics
import subprocess
import sys
import time

from celery import shared_task
from weasyprint import HTML

from certificates.codes import code_generate
from certificates.pdf import certificate_pdf_render

from .registry import benchmark
from .safety import bench_environment_current

REPEAT = 40  # alternations timed; the medians of 40 move less on a shared machine
WARMUP = 5


def bench_certificate_data() -> dict:
    code = code_generate()
    return {
        "programme_name": "Peer Support Academy",
        "holder_name": "प्रिया शर्मा (Priya Sharma)",
        "course_title": "Foundations of peer support",
        "hours": [
            {"category": "One-to-one peer support", "minutes": 1500},
            {"category": "Group facilitation", "minutes": 630},
            {"category": "Supervision", "minutes": 300},
            {"category": "Community outreach", "minutes": 240},
        ],
        "supervisors": ["Meera Iyer", "Rahul Nair"],
        "issued_on": datetime.date(2026, 11, 22),
        "expires_on": datetime.date(2028, 11, 22),
        "code": code,
        "verify_url": f"https://academy.example.org/verify/{code}/",
        "title": "Certificate of completion",
        "statement": "has completed the training, the supervised practice and the code of "
        "ethics of",
        "signatory_line": "Practice supervisor",
        "wording_version": "1",
    }


@benchmark
def certificate_pdf():
    data = bench_certificate_data()

    def floor() -> bytes:
        return HTML(string="<p>One line.</p>").write_pdf()

    def certificate() -> bytes:
        return certificate_pdf_render(data)

    # The first render in a process builds fonts and the stylesheet, and the next few still
    # fill WeasyPrint's, Pango's and HarfBuzz's caches: warm both up before timing.
    for _ in range(WARMUP):
        pdf = certificate()
        floor()
    floor_times, certificate_times = [], []
    for _ in range(REPEAT):
        for func, times in ((floor, floor_times), (certificate, certificate_times)):
            start = time.perf_counter()
            func()
            times.append((time.perf_counter() - start) * 1000)
    certificate_ms = statistics.median(certificate_times)
    floor_ms = statistics.median(floor_times)
    return {
        "certificate_pdf_ms": round(certificate_ms, 2),
        "pdf_floor_ms": round(floor_ms, 2),
        "certificate_pdf_ratio": round(certificate_ms / floor_ms, 2),
        "certificate_pdf_kb": round(len(pdf) / 1024, 1),
    }


# --- 200 certificates: a real Celery worker with two processes against one process ----------

BATCH = 200
WORKER_PROCESSES = 2
WORKER_START_TIMEOUT = 60
BATCH_TIMEOUT = 300


@shared_task(name="certificates.bench_render", ignore_result=True)
def bench_render_task(code: str, results_key: str) -> None:
    """Benchmark only: render the bench certificate with `code` and push its size to a Redis
    list, so the benchmark knows when all are done without a result backend. Reads no
    database, so the worker needs only the broker, on any installation. The worker the
    benchmark starts imports this module (`--include`); no other worker knows the task, and
    its name keeps the "certificates.bench" prefix that tests/lms/test_task_names.py leaves
    out of the project's own tasks."""
    import redis

    size = len(certificate_pdf_render(_bench_data_with(code)))
    client = redis.Redis.from_url(bench_render_task.app.conf.broker_url)
    try:
        client.rpush(results_key, size)
    finally:
        client.close()


def _bench_data_with(code: str) -> dict:
    data = bench_certificate_data()
    data["code"] = code
    data["verify_url"] = f"https://academy.example.org/verify/{code}/"
    return data


def worker_command(*, queue: str, hostname: str) -> list[str]:
    """The bench's `celery worker`: two prefork processes on a queue of their own, told to
    import this module (`--include`) so that they know `bench_render_task` by its name."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "lms",
        "worker",
        "--pool",
        "prefork",
        "--concurrency",
        str(WORKER_PROCESSES),
        "--include",
        __name__,
        "--queues",
        queue,
        "--hostname",
        hostname,
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel",
        "WARNING",
    ]


def _worker_batch_seconds(codes: list[str]) -> tuple[float | None, str]:
    """Seconds for a `celery worker` with two prefork processes to render `codes`, from the
    first send to the last result, after both processes have rendered once; (None, why) when
    there is no broker to run it on."""
    import redis
    from django.conf import settings

    from lms.celery import app

    bench = bench_environment_current()
    broker_url = bench.broker
    if not broker_url.startswith(("redis://", "rediss://")):
        return None, "not measured: set BENCH_BROKER_URL to a Redis database to measure it"
    client = redis.Redis.from_url(broker_url, socket_connect_timeout=2)
    try:
        client.ping()
        keys_before = set(client.scan_iter(count=1000))
    except redis.RedisError as error:
        return None, f"not measured: the broker did not answer ({type(error).__name__})"
    queue = bench.queue
    results_key = f"{bench.cache_prefix}:certificates"
    hostname = f"bench-{bench.run}@localhost"
    env = {
        **os.environ,  # the bench's own (safety.py): no DATABASE_URL, REDIS_URL, .env's
        "BENCH_WORKER_BROKER_URL": broker_url,
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    command = worker_command(queue=queue, hostname=hostname)
    previous = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.conf.update(broker_url=broker_url, task_always_eager=False)
    process = subprocess.Popen(
        command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + WORKER_START_TIMEOUT
        while not app.control.ping(destination=[hostname], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                return None, "not measured: the Celery worker did not start"

        def run_batch(batch: list[str]) -> float:
            client.delete(results_key)
            start = time.perf_counter()
            for code in batch:
                bench_render_task.apply_async((code, results_key), queue=queue)
            done = 0
            while done < len(batch):
                if client.blpop([results_key], timeout=BATCH_TIMEOUT) is None:
                    raise TimeoutError("the worker stopped rendering")
                done += 1
            return time.perf_counter() - start

        # Each pool process builds its fonts and stylesheet on its first render, as the
        # single process did before it was timed.
        run_batch(codes[: WORKER_PROCESSES * 4])
        return run_batch(codes), ""
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        # The queue, its bindings, the results list, and the control replies (pidbox) the
        # ping and the worker declared: every key this run added to the bench's broker.
        added = set(client.scan_iter(count=1000)) - keys_before
        client.delete(
            results_key,
            queue,
            f"_kombu.binding.{queue}",
            f"_kombu.binding_permanent.{queue}",
            *added,
        )
        client.close()
        app.conf.update(previous)


@benchmark
def certificates_200():
    """The same 200 certificates (different codes, so different QR codes) rendered in this
    process, then by a real worker with two processes (FACTS.md: Celery prefork reached
    1.45–1.65× on two cores; the issue's target is 1.3×). The worker's time includes sending
    the 200 tasks through Redis and collecting 200 answers; its renders read no database, so
    only a broker is needed, the bench's own, never CELERY_BROKER_URL:
    `BENCH_BROKER_URL=redis://127.0.0.1:6379/14 make bench`. Without one the worker figures
    are null and `certificates_worker_note` says why. The worker listens on this run's queue,
    so no other worker takes its tasks, and every key the run added is deleted at the end.
    The box is shared: compare the two figures of one run, never across runs."""
    codes = [code_generate() for _ in range(BATCH)]
    certificate_pdf_render(_bench_data_with(codes[0]))  # warm, as the worker is
    start = time.perf_counter()
    for code in codes:
        certificate_pdf_render(_bench_data_with(code))
    single_s = time.perf_counter() - start
    worker_s, note = _worker_batch_seconds(codes)
    figures = {
        "certificates_200_single_s": round(single_s, 2),
        "certificates_200_worker_s": round(worker_s, 2) if worker_s is not None else None,
        "certificates_worker_speedup": round(single_s / worker_s, 2) if worker_s else None,
    }
    if note:
        figures["certificates_worker_note"] = note
    return figures
