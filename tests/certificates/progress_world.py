"""A cohort whose trainees stand at every kind of place on the way to a certificate, for the
cohort progress tests (tests/certificates/test_progress_*.py): built with the factories, as
few rows as each place needs."""

import itertools
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from assessments.models import Attempt
from courses.models import Enrolment, LessonCompletion, LessonPage
from lms import roles
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    SupervisionFactory,
    UserFactory,
)
from tests.factories.attempts import AttemptFactory, finished_attempts_build
from tests.factories.certificates import (
    CertificateFactory,
    EthicsAcceptanceFactory,
    certifiable_build,
    competency_sign_off_build,
    practice_sign_off,
)
from tests.factories.practice import PracticeCategoryFactory, PracticeLogFactory

_numbers = itertools.count(1)


@dataclass
class World:
    built: object  # tests.factories.certificates.Certifiable
    cohort: object
    group: object  # a second practice category
    trainees: dict = field(default_factory=dict)  # place → enrolment

    @property
    def course(self):
        return self.built.tree.course


def trainee_add(
    world: World,
    place: str,
    *,
    lessons: int = 0,
    quiz: str = "",
    approved: int = 0,
    group: int = 0,
    submitted: int = 0,
    competency: bool = False,
    ethics_at=None,
    enrolled_days_ago: int = 30,
    supervised: bool = True,
    cohort=None,
) -> Enrolment:
    """An enrolment in the world's course and cohort (or `cohort`): `lessons` completed,
    the quiz passed, failed or waiting for an essay grade, `approved` and `group` minutes of
    approved practice and `submitted` minutes waiting, the competency signed off and the
    code of ethics accepted at `ethics_at`."""
    built = world.built
    user = UserFactory(
        role=roles.TRAINEE,
        full_name=f"{place.replace('_', ' ').title()} Trainee",
        email=f"{place}.{next(_numbers)}@example.org",
    )
    enrolment = EnrolmentFactory(user=user, course=world.course, cohort=cohort or world.cohort)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - timedelta(days=enrolled_days_ago)
    )
    if supervised:
        SupervisionFactory(enrolment=enrolment, supervisor=built.supervisor)
    for lesson in built.tree.lessons[:lessons]:
        LessonCompletion.objects.create(enrolment=enrolment, lesson=lesson)
    if quiz in ("pass", "fail"):
        finished_attempts_build(
            quiz=built.quiz, scores=[[1 if quiz == "pass" else 0]], enrolments=[enrolment]
        )
    elif quiz == "essay":
        AttemptFactory(
            quiz=built.quiz,
            enrolment=enrolment,
            status=Attempt.Status.AWAITING_GRADING,
            submitted_at=timezone.now(),
        )
    for category, minutes, status in (
        (built.category, approved, "approved"),
        (world.group, group, "approved"),
        (built.category, submitted, "submitted"),
    ):
        while minutes > 0:  # logs of at most two hours never overlap (PostgreSQL refuses it)
            log = PracticeLogFactory(
                enrolment=enrolment,
                category=category,
                duration_minutes=min(minutes, 120),
                **{status: True},
            )
            if status == "approved":
                practice_sign_off(log=log, supervisor=built.supervisor)
            minutes -= 120
    if competency:
        competency_sign_off_build(
            enrolment=enrolment, competency=built.competency, supervisor=built.supervisor
        )
    if ethics_at is not None:
        EthicsAcceptanceFactory(enrolment=enrolment, ethics=built.ethics, accepted_at=ethics_at)
    enrolment.refresh_from_db()
    world.trainees[place] = enrolment
    return enrolment


def everything(world: World, **overrides) -> dict:
    """What a trainee who met every rule did."""
    return {
        "lessons": len(world.built.tree.lessons),
        "quiz": "pass",
        "approved": world.built.category.required_minutes,
        "group": world.group.required_minutes,
        "competency": True,
        "ethics_at": timezone.now() - timedelta(days=2),
        **overrides,
    }


def world_build(*, organisation=None) -> World:
    """A course of two modules of two lessons (a quiz on the first), two practice categories,
    a competency and a code of ethics; one cohort with a trainee at each place."""
    built = certifiable_build(modules=2, lessons=2)
    cohort = CohortFactory(
        course=built.tree.course,
        name="Spring cohort",
        organisation=organisation or OrganisationFactory(),
        supervisors=[built.supervisor],
    )
    group = PracticeCategoryFactory(
        course=built.tree.course, name="Group facilitation", required_minutes=60
    )
    world = World(built=built, cohort=cohort, group=group)
    places_add(world)
    return world


def places_add(world: World, *, cohort=None) -> None:
    """One trainee at each place, in `cohort` (the world's by default)."""
    now = timezone.now()
    add = lambda place, **kw: trainee_add(world, place, cohort=cohort, **kw)  # noqa: E731
    add("new", enrolled_days_ago=40, supervised=False)
    add("started", lessons=1, quiz="fail", approved=30, submitted=60, enrolled_days_ago=10)
    add("essay", lessons=4, quiz="essay", approved=120, group=60, competency=True)
    add("ethics_left", **everything(world, ethics_at=None))
    add("all_met", **everything(world))
    certified = add("certified", **everything(world))
    CertificateFactory(
        enrolment=certified,
        issued=True,
        certified_at=now - timedelta(days=20),
        issued_on=(now - timedelta(days=20)).date(),
        expires_on=(now + timedelta(days=700)).date(),
    )
    # Certified 700 days ago, expiring within the renewal window: cycle 2 is due, and asks
    # for the continuing-education lesson and the code of ethics again.
    renewing = add("renewing", **everything(world, ethics_at=now - timedelta(days=701)))
    CertificateFactory(
        enrolment=renewing,
        issued=True,
        certified_at=now - timedelta(days=700),
        issued_on=(now - timedelta(days=700)).date(),
        expires_on=(now + timedelta(days=30)).date(),
    )
    LessonPage.objects.filter(pk=world.built.tree.lessons[-1].pk).update(continuing_education=True)
    revoked = add("revoked", **everything(world))
    CertificateFactory(
        enrolment=revoked,
        status="revoked",
        revoked_at=now,
        certified_at=now - timedelta(days=3),
    )
    pending = add("pending", **everything(world))
    CertificateFactory(enrolment=pending, certified_at=now - timedelta(minutes=5))
