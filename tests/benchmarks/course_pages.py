"""Course figures: a lesson page and the dashboard on a 20 × 15 course.

The course is built by the test factories' `course_tree_build` inside the bench's rolled-back
transaction: 20 modules of 15 lessons, each lesson ~1,500 words of the demo curriculum's own
text with a scenario and a reflection. An enrolled trainee has completed a third of it and
answered the measured lesson's scenario and reflection, so their block state is really
loaded.

The floor (`plain_page_*`) is the same lesson URL, for the same signed-in trainee, served as a
plain Wagtail page: Wagtail's own routing (not the learner pages' cached route), `Page.serve`
and `Page.get_context` (no course, enrolment, outline or block state, no "continue where you
left off"), rendered by the same template with the body
shown and the same header and footer (crisis lines included). That is the cost of routing,
session, user and template that any Wagtail page with this body pays, so the ratio and the
query difference measure what the course app adds. It is the definition the query-count test
(tests/courses/test_query_counts.py) pins as well. No page type is added for it: the
patch lasts only for the measurement.
"""

import statistics
import time
from contextlib import nullcontext as _nothing
from itertools import cycle
from unittest import mock

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import Page

from content.curriculum import COURSE
from courses.demo import lesson_body_raw
from courses.models import LessonPage
from courses.services import lesson_complete, lesson_response_save
from lms import roles
from tests.factories import EnrolmentFactory, UserFactory, course_tree_build

from .measure import measure_get, wire_bytes
from .registry import benchmark
from .safety import own_cache_clear

MODULES = 20
LESSONS_PER_MODULE = 15
BODY_WORDS = 1500


def _words(value) -> int:
    if isinstance(value, str):
        return len(value.split())
    if isinstance(value, dict):
        return sum(_words(v) for v in value.values())
    if isinstance(value, list):
        return sum(_words(v) for v in value)
    return 0


def _realistic_bodies() -> list[list]:
    """Lesson bodies of about BODY_WORDS words, stitched from the demo lessons so the text,
    markup and block mix are real; each has at least one scenario and one reflection."""
    lessons = [lesson for module in COURSE["modules"] for lesson in module["lessons"]]
    blocks = cycle(block for lesson in lessons for block in lesson["body"])
    bodies = []
    for _ in range(len(lessons)):
        body, words, kinds = [], 0, set()
        while words < BODY_WORDS or not {"scenario", "reflection"} <= kinds:
            block_type, value = next(blocks)
            body.append((block_type, value))
            words += _words(value)
            kinds.add(block_type)
        bodies.append(lesson_body_raw(body))
    return bodies


def _course_build():
    # Search and reference indexing are not what is measured and would take minutes here.
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        return course_tree_build(
            modules=MODULES,
            lessons=LESSONS_PER_MODULE,
            title="Bench course",
            slug="bench-course",
            bodies=cycle(_realistic_bodies()),
        )


class _Patches:
    """Several patches as one: a context manager, or start() for a whole process
    (deploy/load.py's floor)."""

    def __init__(self, *patches):
        self.patches = patches

    def start(self):
        for patch in self.patches:
            patch.start()

    def stop(self):
        for patch in reversed(self.patches):
            patch.stop()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


def _plain_wagtail_page():
    """Serve lessons as a plain Wagtail page would (see the module docstring): Wagtail's own
    routing too, since the learner pages' cached route (courses/page_cache.py) sits in front
    of Wagtail's view for every page and would otherwise speed up the floor as well."""

    def get_context(self, request, *args, **kwargs):
        return {**Page.get_context(self, request, *args, **kwargs), "can_read": True}

    return _Patches(
        mock.patch("courses.page_cache.CACHED_ROUTES", False),
        mock.patch.multiple(LessonPage, serve=Page.serve, get_context=get_context),
    )


def _measure_interleaved(
    client, url, *, repeat: int = 40, cold: bool = False
) -> tuple[tuple, tuple]:
    """The lesson page and its plain floor, measured in alternation so that load from other
    processes on a shared machine falls on both alike; each as (median ms, queries). Cold:
    the bench's cache is emptied before every request (untimed), so whatever either caches
    is rebuilt each time; warm: each request finds what the one before cached."""

    def get():
        if cold:
            own_cache_clear()
        start = time.perf_counter()
        client.get(url)
        return (time.perf_counter() - start) * 1000

    times = {"lesson": [], "plain": []}
    for _ in range(3):
        client.get(url)
        with _plain_wagtail_page():
            client.get(url)
    for _ in range(repeat):
        times["lesson"].append(get())
        with _plain_wagtail_page():
            times["plain"].append(get())
    if cold:
        own_cache_clear()
    with CaptureQueriesContext(connection) as lesson_queries:
        client.get(url)
    if cold:
        own_cache_clear()
    with _plain_wagtail_page(), CaptureQueriesContext(connection) as plain_queries:
        client.get(url)
    return (
        (round(statistics.median(times["lesson"]), 2), len(lesson_queries)),
        (round(statistics.median(times["plain"]), 2), len(plain_queries)),
    )


def _words_of_first_paragraph(lesson) -> list[str]:
    paragraph = next(b for b in lesson.body if b.block_type == "paragraph")
    return strip_tags(str(paragraph.value.source)).split()[:6]


@benchmark
def lesson_page_and_dashboard():
    tree = _course_build()
    lessons = tree.lessons
    trainee = UserFactory(
        email="bench.trainee@example.org", full_name="Bench Trainee", role=roles.TRAINEE
    )
    EnrolmentFactory(user=trainee, course=tree.course)
    for lesson in lessons[:100]:
        lesson_complete(user=trainee, lesson=lesson)
    lesson = lessons[len(lessons) // 2 + 7]  # module 11, somewhere in the middle
    for block in lesson.body:
        if block.block_type in ("scenario", "reflection"):
            lesson_response_save(
                user=trainee, lesson=lesson, block_id=block.id, text="What I would do first."
            )
            break
    client = Client(HTTP_HOST="localhost")
    client.force_login(trainee)
    url = lesson.url
    first_words = " ".join(_words_of_first_paragraph(lesson))
    for name, patch in (("lesson", None), ("plain", _plain_wagtail_page())):
        with patch or _nothing():
            if first_words not in client.get(url).content.decode():
                raise RuntimeError(f"The {name} page does not show the lesson body")

    figures = {}
    (
        (figures["lesson_page_ms"], figures["lesson_page_queries"]),
        (figures["plain_page_ms"], figures["plain_page_queries"]),
    ) = _measure_interleaved(client, url)
    figures["lesson_page_ratio"] = round(figures["lesson_page_ms"] / figures["plain_page_ms"], 2)
    # The form of the same comparison: how many lesson pages in the time of one floor.
    figures["lesson_page_speedup"] = round(figures["plain_page_ms"] / figures["lesson_page_ms"], 2)
    (
        (figures["lesson_page_cold_ms"], figures["lesson_page_cold_queries"]),
        (figures["plain_page_cold_ms"], figures["plain_page_cold_queries"]),
    ) = _measure_interleaved(client, url, repeat=15, cold=True)
    figures["lesson_page_speedup_cold"] = round(
        figures["plain_page_cold_ms"] / figures["lesson_page_cold_ms"], 2
    )
    figures.update(_wire_figures(client, url, lessons[len(lessons) // 2 + 8].url))
    figures["lesson_page_extra_queries"] = (
        figures["lesson_page_queries"] - figures["plain_page_queries"]
    )
    dashboard = reverse("courses:dashboard")
    figures["dashboard_ms"], figures["dashboard_queries"] = measure_get(client, dashboard)
    own_cache_clear()
    with CaptureQueriesContext(connection) as cold:
        client.get(dashboard)
    figures["dashboard_cold_queries"] = len(cold)
    return figures


def _wire_figures(client, first_url: str, later_url: str) -> dict:
    """Bytes on the wire, in KB: a first visit to a lesson (its HTML, stylesheets and scripts)
    and a later lesson with the browser's cache warm (its HTML alone), each as the app sends
    it to a browser that accepts gzip; `lesson_html_gzip_kb` is what the HTML would be
    compressed. deploy/nginx also compresses HTML, but the target is the app's own answer."""
    first = wire_bytes(client, first_url)
    later = wire_bytes(client, later_url)
    return {
        "lesson_first_visit_wire_kb": round((first["html_sent"] + first["assets_gzip"]) / 1024, 1),
        "lesson_later_wire_kb": round(later["html_sent"] / 1024, 1),
        "lesson_html_kb": round(first["html_raw"] / 1024, 1),
        "lesson_html_gzip_kb": round(first["html_gzip"] / 1024, 1),
        "lesson_assets_gzip_kb": round(first["assets_gzip"] / 1024, 1),
        "lesson_html_compressed": first["compressed"],
    }
