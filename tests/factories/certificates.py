"""Codes of ethics, acceptances, certificate wording and certificates for tests.

`certifiable_build` gives an enrolment that meets every completion rule (lessons, a passed
quiz, approved practice hours signed by a supervisor, a signed-off competency, the code of
ethics accepted); tests then undo one piece to see that rule fail.
"""

from dataclasses import dataclass
from datetime import timedelta

import factory
from django.utils import timezone

from assessments.models import CompetencySignOff, SignOff
from certificates.codes import code_generate
from certificates.models import (
    Certificate,
    CertificateWording,
    CodeOfEthics,
    EthicsAcceptance,
)
from courses.models import Enrolment, LessonCompletion
from lms import roles

from .assessments import SingleChoiceQuestionFactory, quiz_build
from .attempts import finished_attempts_build
from .courses import CourseTree, EnrolmentFactory, SupervisionFactory, course_tree_build
from .lms import UserFactory
from .practice import CompetencyFactory, PracticeCategoryFactory, PracticeLogFactory


class CodeOfEthicsFactory(factory.django.DjangoModelFactory):
    """A published version of a course's code of ethics; `draft=True` leaves it unpublished."""

    class Meta:
        model = CodeOfEthics

    course = factory.LazyFunction(lambda: course_tree_build(modules=1, lessons=1).course)
    version = factory.LazyAttribute(
        lambda o: CodeOfEthics.objects.filter(course=o.course).count() + 1
    )
    text = "I keep what I hear in confidence, within the limits of safety."
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))

    class Params:
        draft = factory.Trait(published_at=None)


class EthicsAcceptanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EthicsAcceptance

    enrolment = factory.SubFactory(EnrolmentFactory)
    ethics = factory.LazyAttribute(lambda o: CodeOfEthicsFactory(course=o.enrolment.course))
    cycle = 1
    accepted_at = factory.LazyFunction(timezone.now)


class CertificateWordingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateWording
        django_get_or_create = ("version",)

    version = 1
    title = "Certificate of completion"
    statement = "has completed the course and its supervised practice."
    signatory_line = "Practice supervisor"


class CertificateFactory(factory.django.DjangoModelFactory):
    """A pending certificate with plausible pinned fields; `issued=True` marks it issued."""

    class Meta:
        model = Certificate

    code = factory.LazyFunction(code_generate)
    enrolment = factory.SubFactory(EnrolmentFactory)
    user = factory.LazyAttribute(lambda o: o.enrolment.user)
    course = factory.LazyAttribute(lambda o: o.enrolment.course)
    cycle = 1
    status = Certificate.Status.PENDING
    holder_name = factory.LazyAttribute(lambda o: o.user.full_name)
    course_title = factory.LazyAttribute(lambda o: o.course.title)
    hours_by_category = factory.LazyFunction(lambda: [{"category": "One-to-one", "minutes": 120}])
    total_minutes = 120
    supervisor_names = factory.LazyFunction(lambda: ["Meera Iyer"])
    certified_at = factory.LazyFunction(timezone.now)
    issued_on = factory.LazyFunction(timezone.localdate)
    wording = factory.SubFactory(CertificateWordingFactory)
    wording_version = factory.LazyAttribute(lambda o: o.wording.version)
    issuer_name = "Peer Support Academy"
    last_queued_at = factory.LazyFunction(timezone.now)

    class Params:
        # An issued certificate always names its PDF (a database constraint); the file
        # itself is written only by tests that read it.
        issued = factory.Trait(
            status=Certificate.Status.ISSUED,
            issued_at=factory.LazyFunction(timezone.now),
            pdf=factory.LazyAttribute(lambda o: f"certificates/factory/{o.code}.pdf"),
            pdf_revision=1,
        )


@dataclass
class Certifiable:
    tree: CourseTree
    enrolment: Enrolment
    supervisor: object
    quiz: object
    category: object
    competency: object
    ethics: CodeOfEthics


def certifiable_build(
    *,
    user=None,
    modules: int = 2,
    lessons: int = 2,
    required_minutes: int = 120,
    enrolled_days_ago: int = 30,
) -> Certifiable:
    """An enrolment that meets every rule, on a new course with one quiz on the first module,
    one practice category and one competency, supervised and signed off by one supervisor."""
    tree = course_tree_build(modules=modules, lessons=lessons)
    user = user or UserFactory(role=roles.TRAINEE)
    enrolment = EnrolmentFactory(user=user, course=tree.course)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - timedelta(days=enrolled_days_ago)
    )
    supervisor = UserFactory(role=roles.SUPERVISOR, full_name="Meera Iyer")
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    for lesson in tree.lessons:
        LessonCompletion.objects.create(enrolment=enrolment, lesson=lesson)
    quiz = quiz_build(module=tree.modules[0], questions=[SingleChoiceQuestionFactory()])
    finished_attempts_build(quiz=quiz, scores=[[1]], enrolments=[enrolment])
    category = PracticeCategoryFactory(
        course=tree.course, name="One-to-one peer support", required_minutes=required_minutes
    )
    log = PracticeLogFactory(
        enrolment=enrolment, category=category, duration_minutes=required_minutes, approved=True
    )
    practice_sign_off(log=log, supervisor=supervisor)
    competency = CompetencyFactory(course=tree.course, name="Holds boundaries under pressure")
    competency_sign_off_build(enrolment=enrolment, competency=competency, supervisor=supervisor)
    ethics = CodeOfEthicsFactory(course=tree.course)
    EthicsAcceptanceFactory(enrolment=enrolment, ethics=ethics)
    enrolment.refresh_from_db()
    return Certifiable(
        tree=tree,
        enrolment=enrolment,
        supervisor=supervisor,
        quiz=quiz,
        category=category,
        competency=competency,
        ethics=ethics,
    )


def practice_sign_off(*, log, supervisor) -> SignOff:
    return SignOff.objects.create(
        log=log,
        decided_by=supervisor,
        decided_at=timezone.now(),
        decision=SignOff.Decision.APPROVED,
        attestation="I supervised this practice.",
        signature=supervisor.full_name,
        content_digest="0" * 64,
        log_version=log.version,
    )


def competency_sign_off_build(*, enrolment, competency, supervisor) -> CompetencySignOff:
    return CompetencySignOff.objects.create(
        enrolment=enrolment,
        competency=competency,
        decided_by=supervisor,
        decided_at=timezone.now(),
        attestation="I saw this more than once.",
        signature=supervisor.full_name,
        content_digest="0" * 64,
    )
