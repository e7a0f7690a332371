"""Supervised practice figures: the supervisor's queue with 2,000 pending logs from 200
trainees, and one trainee's hours page with 200 approved, signed-off logs besides their 10
pending ones.

Rows come from the test factories, the many ones built by a factory and bulk-inserted (the
services' checks are measured by the tests, not here): the trainees, their enrolments
backdated a year, one current supervision each, four categories and competencies, and logs
two hours apart so none overlap. Both pages are the real URLs, each requested by the person
it is for.
"""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from assessments.models import PracticeLog, SignOff
from assessments.practice.selectors import practice_log_digest, supervisor_queue
from courses.models import Enrolment
from lms import roles
from tests.factories import (
    CompetencyFactory,
    EnrolmentFactory,
    PracticeCategoryFactory,
    PracticeLogFactory,
    SupervisionFactory,
    UserFactory,
    course_tree_build,
)

from .measure import factory_bulk_create, measure_get
from .registry import benchmark

TRAINEES = 200
PENDING_EACH = 10  # 2,000 pending logs in the supervisor's queue
SUMMARY_APPROVED = 200  # the measured trainee's approved history, each signed off
CATEGORIES = [
    ("One-to-one peer support", 200),
    ("Group facilitation", 60),
    ("Co-facilitation and shadowing", 20),
    ("Supervision sessions", 25),
]
DESCRIPTION = (
    "Met a peer for a planned conversation about a hard week; listened, and agreed a "
    "small next step together."
)


@benchmark
def practice_queue_and_summary():
    course = course_tree_build(
        modules=0, title="Bench practice course", slug="bench-practice-course"
    ).course
    supervisor = UserFactory(
        email="bench.supervisor@example.org", full_name="Bench Supervisor", role=roles.SUPERVISOR
    )
    categories = [
        PracticeCategoryFactory(course=course, name=name, required_minutes=hours * 60, sort_order=n)
        for n, (name, hours) in enumerate(CATEGORIES)
    ]
    for n in range(4):
        CompetencyFactory(course=course, name=f"Bench competency {n}", sort_order=n)
    users = factory_bulk_create(
        UserFactory,
        (
            {
                "email": f"bench.practice.{n}@example.org",
                "full_name": f"Bench Trainee {n:03d}",
                "password": None,
            }
            for n in range(TRAINEES)
        ),
    )
    enrolments = factory_bulk_create(
        EnrolmentFactory, ({"user": user, "course": course} for user in users)
    )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    Enrolment.objects.filter(course=course).update(enrolled_at=now - timedelta(days=365))
    factory_bulk_create(
        SupervisionFactory,
        (
            {
                "enrolment": enrolment,
                "supervisor": supervisor,
                "started_at": now - timedelta(days=365),
            }
            for enrolment in enrolments
        ),
    )

    def log(enrolment, n, status) -> dict:
        return {
            "enrolment": enrolment,
            "category": categories[n % len(categories)],
            "started_at": now - timedelta(days=300) + timedelta(hours=2 * n),
            "duration_minutes": 60,
            "mode": PracticeLog.Mode.IN_PERSON,
            "description": DESCRIPTION,
            "reflection": "Private.",
            "status": status,
            "submitted_at": now - timedelta(days=300) + timedelta(hours=2 * n + 1),
        }

    factory_bulk_create(
        PracticeLogFactory,
        (
            log(enrolment, n, PracticeLog.Status.SUBMITTED)
            for enrolment in enrolments
            for n in range(PENDING_EACH)
        ),
    )
    measured = enrolments[0]
    approved = factory_bulk_create(
        PracticeLogFactory,
        (
            log(measured, PENDING_EACH + n, PracticeLog.Status.APPROVED)
            for n in range(SUMMARY_APPROVED)
        ),
    )
    # Written as rows here: the factories' `practice_sign_off` inserts one at a time with a
    # placeholder digest, and these carry the real one.
    SignOff.objects.bulk_create(
        SignOff(
            log=entry,
            decided_by=supervisor,
            decided_at=entry.submitted_at + timedelta(days=1),
            decision=SignOff.Decision.APPROVED,
            comment="Thank you.",
            attestation="I supervised this practice.",
            signature=supervisor.full_name,
            content_digest=practice_log_digest(entry),
            log_version=entry.version,
        )
        for entry in approved
    )
    pending = supervisor_queue(supervisor=supervisor).count()
    if pending != TRAINEES * PENDING_EACH:
        raise RuntimeError(f"The bench queue holds {pending} logs, not 2000")

    supervisor_client = Client(HTTP_HOST="localhost")
    supervisor_client.force_login(supervisor)
    trainee_client = Client(HTTP_HOST="localhost")
    trainee_client.force_login(measured.user)
    figures = {}
    figures["practice_queue_ms"], figures["practice_queue_queries"] = measure_get(
        supervisor_client, "/supervise/practice/"
    )
    figures["practice_summary_ms"], figures["practice_summary_queries"] = measure_get(
        trainee_client, "/learn/practice/"
    )
    # The issue calls the trainee's /learn/practice/ page (practice:overview) the overview.
    figures["practice_overview_queries"] = figures["practice_summary_queries"]
    return figures
