"""Issue 15: the supervisor's queue, the trainee's practice overview and a quiz question page
each in at most 8 queries, counting everything the request does (session, user, the
permission checks, the header's links), and the same number however much there is.
Counts are deterministic, so they are the test; the time is `make bench`'s.

Measured on SQLite, before → after issue 15's work on these pages:
  supervisor queue, 2 or 2,000 pending logs ... 8 → 8 (9 while the header asked a third time)
  practice overview, 2 or 210 logs ........... 14 → 7, and 9 more per further course → none
  quiz question page, any position ............ 6 → 5 (the header's permissions: 2 → 1)
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import PracticeLog, SignOff
from assessments.practice.selectors import practice_log_digest
from assessments.quizzes.services import attempt_start
from courses.models import Enrolment
from lms import roles
from tests.factories import (
    CompetencyFactory,
    EnrolmentFactory,
    MatchingQuestionFactory,
    MultipleResponseQuestionFactory,
    NumericalQuestionFactory,
    PracticeCategoryFactory,
    PracticeLogFactory,
    ShortAnswerQuestionFactory,
    SingleChoiceQuestionFactory,
    SupervisionFactory,
    TrueFalseQuestionFactory,
    UserFactory,
    course_tree_build,
    quiz_build,
)

pytestmark = pytest.mark.django_db

PAGE_MAX = 8


def _count(client, url: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content


def _bulk(factory_class, rows):
    """Rows built by the factory and inserted at once: thousands, one by one, take minutes."""
    return factory_class._meta.model.objects.bulk_create(factory_class.build(**r) for r in rows)


def _practice(*, slug: str, trainees: int, pending_each: int, approved: int, supervisor=None):
    """A course with four categories and competencies, `trainees` supervised trainees with
    `pending_each` submitted logs each, and `approved` signed-off logs for the first one."""
    course = course_tree_build(modules=0, slug=slug).course
    supervisor = supervisor or UserFactory(role=roles.SUPERVISOR)
    categories = [
        PracticeCategoryFactory(course=course, name=f"Activity {n}", required_minutes=600)
        for n in range(4)
    ]
    for n in range(4):
        CompetencyFactory(course=course, name=f"Competency {n}", sort_order=n)
    users = _bulk(
        UserFactory,
        ({"email": f"{slug}.{n}@example.org", "password": None} for n in range(trainees)),
    )
    enrolments = _bulk(EnrolmentFactory, ({"user": u, "course": course} for u in users))
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    Enrolment.objects.filter(course=course).update(enrolled_at=now - timedelta(days=365))
    _bulk(
        SupervisionFactory,
        (
            {"enrolment": e, "supervisor": supervisor, "started_at": now - timedelta(days=365)}
            for e in enrolments
        ),
    )

    def log(enrolment, n, status) -> dict:
        started = now - timedelta(days=300) + timedelta(hours=2 * n)
        return {
            "enrolment": enrolment,
            "category": categories[n % 4],
            "started_at": started,
            "duration_minutes": 60,
            "mode": PracticeLog.Mode.IN_PERSON,
            "description": "Met a peer.",
            "reflection": "Private.",
            "status": status,
            "submitted_at": started + timedelta(hours=1),
        }

    _bulk(
        PracticeLogFactory,
        (log(e, n, PracticeLog.Status.SUBMITTED) for e in enrolments for n in range(pending_each)),
    )
    first = enrolments[0]
    decided = _bulk(
        PracticeLogFactory,
        (log(first, pending_each + n, PracticeLog.Status.APPROVED) for n in range(approved)),
    )
    SignOff.objects.bulk_create(
        SignOff(
            log=entry,
            decided_by=supervisor,
            decided_at=entry.submitted_at + timedelta(days=1),
            decision=SignOff.Decision.APPROVED,
            comment="Thank you.",
            attestation="I supervised this practice.",
            signature="Supervisor",
            content_digest=practice_log_digest(entry),
            log_version=entry.version,
        )
        for entry in decided
    )
    return supervisor, first


def test_the_supervisor_queue_costs_the_same_with_2_or_2000_pending_logs(
    client, django_assert_max_num_queries
):
    small, _first = _practice(slug="few", trainees=2, pending_each=1, approved=0)
    large, _first = _practice(slug="many", trainees=200, pending_each=10, approved=0)
    counts = []
    for supervisor in (small, large):
        client.force_login(supervisor)
        client.get("/supervise/practice/")
        with django_assert_max_num_queries(PAGE_MAX):
            client.get("/supervise/practice/")
        count, html = _count(client, "/supervise/practice/")
        counts.append(count)
    assert counts[0] == counts[1]
    assert b"2000 logs waiting" in html
    assert b"Supervise</a>" in html  # the header's link, from the permissions already read


def test_the_practice_overview_costs_the_same_whatever_the_history_and_courses(
    client, django_assert_max_num_queries
):
    _supervisor, short = _practice(slug="short", trainees=1, pending_each=1, approved=1)
    supervisor, long = _practice(slug="long", trainees=1, pending_each=10, approved=200)
    counts = []
    for enrolment in (short, long):
        client.force_login(enrolment.user)
        client.get("/learn/practice/")
        with django_assert_max_num_queries(PAGE_MAX):
            client.get("/learn/practice/")
        counts.append(_count(client, "/learn/practice/")[0])
    # A second course with practice for the same trainee: still the same queries.
    _supervisor, other = _practice(
        slug="second", trainees=1, pending_each=3, approved=0, supervisor=supervisor
    )
    Enrolment.objects.filter(pk=other.pk).update(user=long.user)
    with django_assert_max_num_queries(PAGE_MAX):
        client.get("/learn/practice/")
    count, html = _count(client, "/learn/practice/")
    counts.append(count)
    assert counts[0] == counts[1] == counts[2]
    assert html.count(b'class="practice"') == 2
    assert b"Page 1 of 9" in html  # 210 logs, 25 a page


def test_a_quiz_question_page_costs_the_same_at_every_position(
    client, trainee, django_assert_max_num_queries
):
    module = course_tree_build(modules=1, lessons=0).modules[0]
    EnrolmentFactory(user=trainee, course=module.get_parent().specific)
    factories = [
        SingleChoiceQuestionFactory,
        MultipleResponseQuestionFactory,
        TrueFalseQuestionFactory,
        ShortAnswerQuestionFactory,
        MatchingQuestionFactory,
        NumericalQuestionFactory,
    ]
    quiz = quiz_build(questions=[make() for make in factories * 3], module=module)
    attempt = attempt_start(user=trainee, quiz=quiz)
    client.force_login(trainee)
    counts = set()
    for position in range(1, 19):
        url = reverse(
            "assessments:attempt_question", kwargs={"uuid": attempt.uuid, "position": position}
        )
        with django_assert_max_num_queries(PAGE_MAX):
            client.get(url)
        counts.add(_count(client, url)[0])
    assert len(counts) == 1, counts
