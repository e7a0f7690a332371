"""Issue 15: the trainee's dashboard (/learn/) in at most 8 queries, counting everything the
request does (session, user, the header's permission flags, the certificates and practice
panels), and the same number however large the courses and however long the trainee's
history. Counts are deterministic, so they are the test; the time is `make bench`'s.

Measured on SQLite: 8 queries before issue 15 (the header's permissions cost two), now 6:
session, user, the enrolments (with the header's flags), lesson totals, completions, and
the certificates panel's one query.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import LessonCompletion
from courses.services import enrolment_create
from tests.factories import course_tree_build

pytestmark = pytest.mark.django_db

DASHBOARD_MAX = 8


def _count(client) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as context:
        response = client.get("/learn/")
    assert response.status_code == 200
    return len(context.captured_queries), response.content


def test_the_dashboard_is_a_fixed_handful_of_queries_from_6_to_600_lessons(
    client, trainee, django_assert_max_num_queries
):
    small = course_tree_build(modules=1, lessons=6, slug="six", body=[])
    big = course_tree_build(modules=40, lessons=15, slug="six-hundred", body=[])
    client.force_login(trainee)

    enrolment_create(user=trainee, course=small.course)
    client.get("/learn/")  # warm whatever the first request caches
    with django_assert_max_num_queries(DASHBOARD_MAX):
        client.get("/learn/")
    six, _html = _count(client)

    # A long history: a second course of 600 lessons, 400 of them completed.
    enrolment = enrolment_create(user=trainee, course=big.course)
    LessonCompletion.objects.bulk_create(
        LessonCompletion(enrolment=enrolment, lesson=lesson) for lesson in big.lessons[:400]
    )
    with django_assert_max_num_queries(DASHBOARD_MAX):
        client.get("/learn/")
    six_hundred, html = _count(client)

    assert six_hundred == six
    assert html.count(b"<progress") == 2
    assert b"66% complete: 400 of 600 lessons" in html


def test_an_empty_dashboard_stays_within_the_ceiling(
    client, trainee, django_assert_max_num_queries
):
    client.force_login(trainee)
    client.get("/learn/")
    with django_assert_max_num_queries(DASHBOARD_MAX):
        response = client.get("/learn/")
    assert b"You are not enrolled in any course yet." in response.content
