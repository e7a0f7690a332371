"""Cohort progress figures (issue 17): a programme admin's dashboard of a cohort of 2,000
trainees, its queries against a cohort of 20 on the same course, and the daily snapshot of
the 2,000.

The course is the demo's shape: five modules of four lessons, a quiz on each, four practice
categories, four competencies and a code of ethics. Trainees are spread along the way: each
has completed some lessons, passed some quizzes (a few failed first), logged approved and
waiting practice, had some competencies signed off; a third accepted the code of ethics and a
tenth hold a certificate. Twelve weeks of snapshots sit behind the chart. Rows come from the
test factories, built and bulk-inserted (the services' checks are the tests' business); the
page is the real URL, requested by a programme admin of the cohort's organisation.
"""

import time
from datetime import timedelta
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from assessments.models import Attempt, CompetencySignOff, PracticeLog
from certificates.codes import code_generate
from certificates.models import Certificate, EthicsAcceptance, ProgressSnapshot
from certificates.progress.chart import chart_days
from certificates.progress.snapshots import progress_snapshots_take
from courses.models import Enrolment, LessonCompletion
from lms import roles
from tests.factories import (
    CohortFactory,
    CompetencyFactory,
    EnrolmentFactory,
    OrganisationFactory,
    PracticeCategoryFactory,
    PracticeLogFactory,
    SingleChoiceQuestionFactory,
    SupervisionFactory,
    UserFactory,
    course_tree_build,
    quiz_build,
)
from tests.factories.certificates import CertificateWordingFactory, CodeOfEthicsFactory

from .measure import factory_bulk_create, measure_get
from .registry import benchmark

TRAINEES = 2000
SMALL = 20
CATEGORIES = [
    ("One-to-one peer support", 20),
    ("Group facilitation", 6),
    ("Co-facilitation and shadowing", 4),
    ("Supervision sessions", 4),
]


def _cohort_build(*, course, organisation, supervisor, size: int, name: str, parts) -> list:
    """A cohort of `size` trainees spread along the way to a certificate."""
    tree_lessons, quizzes, categories, competencies, ethics, wording = parts
    cohort = CohortFactory(course=course, organisation=organisation, name=name)
    now = timezone.now().replace(microsecond=0)
    users = factory_bulk_create(
        UserFactory,
        (
            {
                "email": f"bench.progress.{name}.{n}@example.org",
                "full_name": f"Bench Trainee {name} {n:04d}",
                "password": None,
            }
            for n in range(size)
        ),
    )
    enrolments = factory_bulk_create(
        EnrolmentFactory,
        ({"user": user, "course": course, "cohort": cohort} for user in users),
    )
    Enrolment.objects.filter(cohort=cohort).update(enrolled_at=now - timedelta(days=120))
    for n, enrolment in enumerate(enrolments):
        enrolment.enrolled_at = now - timedelta(days=120)
        # Every fifth trainee did something this week; the others earlier.
        enrolment.last_activity_at = now - timedelta(days=(n % 5) * 6)
    Enrolment.objects.bulk_update(enrolments, ["last_activity_at"])
    factory_bulk_create(
        SupervisionFactory,
        (
            {"enrolment": e, "supervisor": supervisor, "started_at": now - timedelta(days=120)}
            for e in enrolments
        ),
    )
    LessonCompletion.objects.bulk_create(
        LessonCompletion(enrolment=e, lesson=lesson)
        for n, e in enumerate(enrolments)
        for lesson in tree_lessons[: n % (len(tree_lessons) + 1)]
    )
    attempts = []
    for n, enrolment in enumerate(enrolments):
        for q, quiz in enumerate(quizzes[: n % (len(quizzes) + 1)]):
            failed_first = (n + q) % 4 == 0
            for number, passed in enumerate([False, True] if failed_first else [True], 1):
                started = now - timedelta(days=60 - q * 5, hours=number)
                attempts.append(
                    Attempt(
                        quiz=quiz,
                        enrolment=enrolment,
                        number=number,
                        status=Attempt.Status.FINAL,
                        pass_mark=quiz.pass_mark,
                        started_at=started,
                        submitted_at=started + timedelta(minutes=10),
                        finalised_at=started + timedelta(minutes=10),
                        points=Decimal(1 if passed else 0),
                        max_points=Decimal(1),
                        percent=Decimal(100 if passed else 0),
                        passed=passed,
                    )
                )
    Attempt.objects.bulk_create(attempts)
    logs = []
    for n, enrolment in enumerate(enrolments):
        for k in range(n % 12):
            logs.append(
                {
                    "enrolment": enrolment,
                    "category": categories[k % len(categories)],
                    "started_at": now - timedelta(days=90) + timedelta(hours=3 * k),
                    "duration_minutes": 120,
                    "mode": PracticeLog.Mode.IN_PERSON,
                    "description": "A planned conversation; agreed a next step.",
                    "status": (
                        PracticeLog.Status.SUBMITTED if k % 5 == 4 else PracticeLog.Status.APPROVED
                    ),
                    "submitted_at": now - timedelta(days=80) + timedelta(hours=3 * k),
                }
            )
    factory_bulk_create(PracticeLogFactory, logs)
    CompetencySignOff.objects.bulk_create(
        CompetencySignOff(
            enrolment=e,
            competency=competency,
            decided_by=supervisor,
            decided_at=now - timedelta(days=20),
            attestation="I saw this more than once.",
            signature=supervisor.full_name,
            content_digest="0" * 64,
        )
        for n, e in enumerate(enrolments)
        for competency in competencies[: n % (len(competencies) + 1)]
    )
    EthicsAcceptance.objects.bulk_create(
        EthicsAcceptance(enrolment=e, ethics=ethics, accepted_at=now - timedelta(days=10))
        for n, e in enumerate(enrolments)
        if n % 3 == 0
    )
    Certificate.objects.bulk_create(
        Certificate(
            code=code_generate(),
            enrolment=e,
            user_id=e.user_id,
            course=course,
            status=Certificate.Status.ISSUED,
            holder_name=f"Bench Trainee {n}",
            course_title=course.title,
            certified_at=now - timedelta(days=30 + n % 20),
            issued_on=(now - timedelta(days=30)).date(),
            issued_at=now - timedelta(days=30),
            expires_on=(now + timedelta(days=700)).date(),
            wording=wording,
            wording_version=wording.version,
            issuer_name="Peer Support Academy",
            pdf=f"certificates/bench/{n}.pdf",
            pdf_revision=1,
        )
        for n, e in enumerate(enrolments)
        if n % 10 == 0
    )
    today = timezone.localdate()
    ProgressSnapshot.objects.bulk_create(
        ProgressSnapshot(
            enrolment=e,
            day=day,
            lessons_completed=min(n % 21, week * 2),
            lessons_total=len(tree_lessons),
            rules_left=max(5 - week // 2, 1),
            certified=n % 10 == 0 and week > 8,
            active_this_week=(n + week) % 5 == 0,
        )
        for week, day in enumerate(chart_days(today))
        for n, e in enumerate(enrolments)
    )
    return cohort


def progress_world():
    """The course, its cohorts of 2,000 and of 20, and a programme admin of their
    organisation."""
    tree = course_tree_build(modules=5, lessons=4, title="Bench progress course")
    course = tree.course
    quizzes = [
        quiz_build(module=module, questions=[SingleChoiceQuestionFactory()])
        for module in tree.modules
    ]
    categories = [
        PracticeCategoryFactory(course=course, name=name, required_minutes=hours * 60, sort_order=n)
        for n, (name, hours) in enumerate(CATEGORIES)
    ]
    competencies = [
        CompetencyFactory(course=course, name=f"Bench competency {n}", sort_order=n)
        for n in range(4)
    ]
    ethics = CodeOfEthicsFactory(course=course)
    wording = CertificateWordingFactory()
    parts = (tree.lessons, quizzes, categories, competencies, ethics, wording)
    organisation = OrganisationFactory(name="Bench progress organisation")
    supervisor = UserFactory(
        email="bench.progress.supervisor@example.org",
        full_name="Bench Supervisor",
        role=roles.SUPERVISOR,
    )
    large = _cohort_build(
        course=course,
        organisation=organisation,
        supervisor=supervisor,
        size=TRAINEES,
        name="large",
        parts=parts,
    )
    small = _cohort_build(
        course=course,
        organisation=organisation,
        supervisor=supervisor,
        size=SMALL,
        name="small",
        parts=parts,
    )
    admin = UserFactory(
        email="bench.progress.admin@example.org",
        role=roles.PROGRAMME_ADMIN,
        organisation=organisation,
    )
    return large, small, admin


@benchmark
def cohort_progress():
    large, small, admin = progress_world()
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    figures = {}
    figures["cohort_progress_ms"], figures["cohort_progress_queries"] = measure_get(
        client, f"/admin/cohort-progress/{large.pk}/", repeat=15
    )
    _ms, figures["cohort_progress_queries_20"] = measure_get(
        client, f"/admin/cohort-progress/{small.pk}/", repeat=3
    )
    start = time.perf_counter()
    written = progress_snapshots_take()
    figures["progress_snapshot_ms"] = round((time.perf_counter() - start) * 1000, 1)
    if written < TRAINEES + SMALL:
        raise RuntimeError(f"The snapshot wrote {written} rows, not {TRAINEES + SMALL}")
    return figures
