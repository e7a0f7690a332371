"""Course page figures at two sizes: the same trainee's course page on a course of 6 lessons
and on one of 600 (40 modules × 15), measured in alternation so the machine's load falls on
both alike. The issue's target is a page whose time does not grow with the course
(`course_page_600_vs_6` ≤ 1.2) in a fixed handful of queries (≤ 8 at both sizes). Warm: the
second and later requests; cold: the bench's cache emptied before each request.

Lessons carry the factories' default body: the course page lists lessons, it does not render
their bodies. The trainee has completed a third of each course, so progress is really read.
"""

import statistics
import time

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from courses.services import lesson_complete
from lms import roles
from tests.factories import EnrolmentFactory, UserFactory, course_tree_build

from .registry import benchmark
from .safety import own_cache_clear

SIZES = {6: (1, 6), 600: (40, 15)}  # lessons: (modules, lessons per module)


def _courses_build(trainee) -> dict[int, str]:
    urls = {}
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        for size, (modules, lessons) in SIZES.items():
            tree = course_tree_build(
                modules=modules,
                lessons=lessons,
                title=f"Bench course of {size}",
                slug=f"bench-course-{size}",
            )
            EnrolmentFactory(user=trainee, course=tree.course)
            for lesson in tree.lessons[: size // 3]:
                lesson_complete(user=trainee, lesson=lesson)
            urls[size] = tree.course.url
    return urls


def _timed(client, url: str, *, cold: bool) -> float:
    if cold:
        own_cache_clear()
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return elapsed


@benchmark
def course_page_6_and_600():
    trainee = UserFactory(
        email="bench.size@example.org", full_name="Bench Size Trainee", role=roles.TRAINEE
    )
    urls = _courses_build(trainee)
    client = Client(HTTP_HOST="localhost")
    client.force_login(trainee)
    figures = {}
    for cold, suffix, repeat in ((False, "", 30), (True, "_cold", 10)):
        times = {size: [] for size in SIZES}
        for size in SIZES:
            _timed(client, urls[size], cold=cold)
        for _ in range(repeat):
            for size in SIZES:
                times[size].append(_timed(client, urls[size], cold=cold))
        for size in SIZES:
            if cold:
                own_cache_clear()
            with CaptureQueriesContext(connection) as queries:
                client.get(urls[size])
            figures[f"course_page_{size}{suffix}_ms"] = round(statistics.median(times[size]), 2)
            figures[f"course_page_{size}{suffix}_queries"] = len(queries)
        figures[f"course_page_600_vs_6{suffix}"] = round(
            figures[f"course_page_600{suffix}_ms"] / figures[f"course_page_6{suffix}_ms"], 2
        )
    figures["course_page_600_kb"] = round(len(client.get(urls[600]).content) / 1024, 1)
    return figures
