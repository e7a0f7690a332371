"""Issue 15 (and part 8 before it): learner pages cost a fixed handful of queries, however
large the course or however long the trainee's history.

Figures on SQLite, warm cache (route, outline, rendered blocks and crisis lines cached), for a
signed-in trainee on a lesson five URL segments deep:
  plain Wagtail page, same template, body and footer ... 16 queries (its own routing)
  the lesson page ................................... 5: session, user, the lesson from its
                                                       cached route (with the content version),
                                                       the enrolment (with its course, this
                                                       lesson's completion and the header's
                                                       permissions), the trainee's block state
  first read of a lesson (remembers it for "continue") 6 (+1 UPDATE)
  course page ....................................... 8 at 6 or 300 lessons: 5 of its own
                                                       (session, user, page, enrolment,
                                                       completed lesson ids), the practice
                                                       hours (1, shared with the checklist)
                                                       and the certificate checklist (2: the
                                                       latest certificate, the competencies;
                                                       the module quizzes and the codes of
                                                       ethics are cached per course version)
  dashboard with 1 or 3 enrolments ................... 7
Before issue 15 the lesson page took 19 (12 of them Wagtail's routing and the header's
permissions) and the course page 27.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from courses import page_cache
from courses.models import LessonPage
from courses.services import enrolment_create, lesson_complete, lesson_response_save
from tests.factories import course_tree_build

pytestmark = pytest.mark.django_db

LESSON_PAGE_MAX = 6  # the ceiling (5 today)
LESSON_FIRST_VISIT_MAX = LESSON_PAGE_MAX + 1
COURSE_PAGE_MAX = 8  # the ceiling
# 8: the certificates panel reads each course's latest certificate (one query for all).
DASHBOARD_MAX = 8
APP_OVERHEAD_MAX = 3  # the target: at most 3 queries more than a plain page


def _count(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), [q["sql"] for q in context.captured_queries]


def _plain_page_count(client, url, monkeypatch) -> int:
    """The same URL served as a plain Wagtail page: Page.serve and Page.get_context, the same
    template with the body shown, and the same footer."""
    with monkeypatch.context() as patch:
        # Wagtail's own routing, not the learner pages' cached route.
        patch.setattr(page_cache, "CACHED_ROUTES", False)
        patch.setattr(LessonPage, "serve", Page.serve)
        patch.setattr(
            LessonPage,
            "get_context",
            lambda self, request, *a, **k: {**Page.get_context(self, request), "can_read": True},
        )
        count, _sql = _count(client, url)
    return count


def _state_queries(sql: list[str]) -> list[str]:
    return [q for q in sql if '"courses_lessonresponse"' in q]


def test_lesson_page_and_dashboard_do_not_grow_with_a_20_by_15_course(
    client, trainee, django_assert_max_num_queries, monkeypatch
):
    small = course_tree_build(modules=2, lessons=3, slug="small")
    big = course_tree_build(modules=20, lessons=15, slug="big")
    other = course_tree_build(modules=1, lessons=2, slug="other")
    for tree in (small, big):
        enrolment_create(user=trainee, course=tree.course)
        for lesson in tree.lessons[:-1]:
            lesson_complete(user=trainee, lesson=lesson)
        lesson = tree.lessons[-1]
        for kind in ("reflection", "scenario"):
            lesson_response_save(
                user=trainee, lesson=lesson, block_id=tree.block_id(lesson, kind), text="Mine."
            )
    client.force_login(trainee)
    big_lesson, small_lesson = big.lessons[-1], small.lessons[-1]
    client.get(big_lesson.url)  # warm the outline and crisis-line caches
    client.get(small_lesson.url)

    big_count, big_sql = _count(client, big_lesson.url)
    small_count, _sql = _count(client, small_lesson.url)
    with django_assert_max_num_queries(LESSON_PAGE_MAX):
        response = client.get(big_lesson.url)
    assert response.content.count(b"<textarea") == 2
    assert b"Reply briefly and kindly" in response.content  # the debrief, from the state
    assert big_count == small_count

    # The trainee's own block state (reflections and scenario responses) is one query.
    assert len(_state_queries(big_sql)) == 1

    plain = _plain_page_count(client, big_lesson.url, monkeypatch)
    assert big_count - plain <= APP_OVERHEAD_MAX, (big_count, plain)

    # Another lesson, read for the first time by this trainee (someone else opened it, so
    # its route is cached): one UPDATE more, for "continue where you left off".
    Client().get(big.lessons[100].url)
    with django_assert_max_num_queries(LESSON_FIRST_VISIT_MAX):
        client.get(big.lessons[100].url)

    # The dashboard: same count with one, two or three enrolments.
    dashboard_counts = []
    for tree in (None, other):
        if tree is not None:
            enrolment_create(user=trainee, course=tree.course)
        count, _sql = _count(client, "/learn/")
        dashboard_counts.append(count)
    with django_assert_max_num_queries(DASHBOARD_MAX):
        response = client.get("/learn/")
    assert dashboard_counts[0] == dashboard_counts[1]
    assert response.content.count(b"<progress") == 3
    assert b"99% complete: 299 of 300 lessons" in response.content


def _course_of(lessons: int):
    modules = max(1, lessons // 15)
    return course_tree_build(modules=modules, lessons=lessons // modules, slug=f"c{lessons}")


def test_the_lesson_page_is_six_queries_at_most_at_6_and_300_lessons_and_any_history(
    client, trainee, django_assert_max_num_queries
):
    counts = {}
    for size in (6, 300):
        tree = _course_of(size)
        enrolment_create(user=trainee, course=tree.course)
        for lesson in tree.lessons[: size // 2]:  # a long history on the big course
            lesson_complete(user=trainee, lesson=lesson)
        client.force_login(trainee)
        url = tree.lessons[-1].url
        client.get(url)  # the first read: cached parts built, "continue" remembered
        with django_assert_max_num_queries(LESSON_PAGE_MAX) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts[size] = len(captured)
    assert counts[6] == counts[300], counts


def _course_page_count(client, url) -> int:
    client.get(url)
    count, _sql = _count(client, url)
    return count


def test_the_course_page_does_not_grow_from_6_to_300_lessons(client, trainee):
    counts = {}
    for size in (6, 300):
        tree = _course_of(size)
        enrolment_create(user=trainee, course=tree.course)
        for lesson in tree.lessons[: size // 3]:
            lesson_complete(user=trainee, lesson=lesson)
        client.force_login(trainee)
        counts[size] = _course_page_count(client, tree.course.url)
    assert counts[6] == counts[300], counts


def test_the_course_page_is_eight_queries_at_most(client, trainee, django_assert_max_num_queries):
    tree = _course_of(300)
    enrolment_create(user=trainee, course=tree.course)
    for lesson in tree.lessons[:100]:
        lesson_complete(user=trainee, lesson=lesson)
    client.force_login(trainee)
    client.get(tree.course.url)
    with django_assert_max_num_queries(COURSE_PAGE_MAX):
        response = client.get(tree.course.url)
    assert b"33% complete: 100 of 300 lessons" in response.content
    assert b"200 of 300 lessons left" in response.content  # the checklist, from the same read
