"""Issue part 8: the lesson page and the dashboard cost a fixed number of queries, however
large the course or however many enrolments; the trainee's block state is one query.

Figures measured on SQLite (warm cache: outline and crisis lines cached), for a signed-in
trainee on a lesson five URL segments deep:
  plain Wagtail page, same template, body and footer ... 16 queries
  the lesson page ................................... 19 (+3: course, enrolment with this
                                                       lesson's completion, block state)
  first read of a lesson (remembers it for "continue") 20 (+1 UPDATE)
  dashboard with 1 or 3 enrolments ................... 7
Wagtail's own routing is most of the rest (two queries per URL segment), plus session, user
and the user's permissions for the header's "Editing area" link.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from courses.models import LessonPage
from courses.services import enrolment_create, lesson_complete, lesson_response_save
from tests.factories import course_tree_build

pytestmark = pytest.mark.django_db

LESSON_PAGE_MAX = 19
LESSON_FIRST_VISIT_MAX = LESSON_PAGE_MAX + 1
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

    # Another lesson, read for the first time: one UPDATE for "continue where you left off".
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
