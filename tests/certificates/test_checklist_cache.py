"""Issue 15: the course page's checklist reads each module's live quiz and the course's codes
of ethics from a cache per course, content version and language (certificates.rules
.checklist_structure). Quizzes and codes of ethics change the content version when saved or
deleted, so an editor's change shows on a warm course page at once, even with the cache's
deletes lost; a version scheduled for later comes into force when its time comes, with no
edit at all. And the page stays within its ceiling of queries on a course that has them."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Attempt, Quiz
from certificates.models import CodeOfEthics, EthicsAcceptance
from certificates.rules import current_ethics, rule_facts
from certificates.selectors import (
    certification_cycle_due,
    latest_certificate,
    latest_certificate_and_acceptance,
)
from tests.courses.test_query_counts import COURSE_PAGE_MAX
from tests.factories import course_tree_build
from tests.factories.assessments import SingleChoiceQuestionFactory, quiz_build
from tests.factories.certificates import (
    CertificateFactory,
    CodeOfEthicsFactory,
    EthicsAcceptanceFactory,
    certifiable_build,
)
from tests.factories.courses import EnrolmentFactory

pytestmark = pytest.mark.django_db

NO_ETHICS = "The course has not published its code of ethics yet"
NO_QUIZZES = "This course has no module quizzes"


@pytest.fixture
def enrolled(trainee):
    tree = course_tree_build(modules=2, lessons=2)
    enrolment = EnrolmentFactory(user=trainee, course=tree.course)
    enrolment.tree = tree
    return enrolment


def _panel(client, course) -> str:
    page = client.get(course.url).content.decode()
    start = page.index('<section class="certificate-panel"')
    return page[start : page.index("</section>", start)]


@pytest.fixture(params=["deletes kept", "deletes lost"])
def deletes(request):
    """Every change twice: as it is, and with every cache delete lost (Redis away)."""
    if request.param == "deletes lost":
        with (
            mock.patch.object(cache, "delete", lambda *a, **k: None),
            mock.patch.object(cache, "delete_many", lambda *a, **k: None),
        ):
            yield request.param
    else:
        yield request.param


def test_a_code_of_ethics_published_edited_and_deleted_shows_at_once(
    client, trainee, enrolled, deletes
):
    client.force_login(trainee)
    assert NO_ETHICS in _panel(client, enrolled.course)  # warm
    ethics = CodeOfEthicsFactory(course=enrolled.course)
    EthicsAcceptanceFactory(enrolment=enrolled, ethics=ethics)
    assert "Code of ethics version 1 accepted" in _panel(client, enrolled.course)
    CodeOfEthicsFactory(course=enrolled.course)  # version 2, not accepted yet
    assert "Accept the code of ethics" in _panel(client, enrolled.course)
    CodeOfEthics.objects.filter(version=2).first().delete()
    assert "Code of ethics version 1 accepted" in _panel(client, enrolled.course)


def test_a_version_scheduled_for_later_comes_into_force_on_its_time(client, trainee, enrolled):
    first = CodeOfEthicsFactory(course=enrolled.course)
    EthicsAcceptanceFactory(enrolment=enrolled, ethics=first)
    CodeOfEthicsFactory(course=enrolled.course, published_at=timezone.now() + timedelta(hours=1))
    client.force_login(trainee)
    assert "Code of ethics version 1 accepted" in _panel(client, enrolled.course)
    assert "Code of ethics version 1 accepted" in _panel(client, enrolled.course)  # warm
    later = timezone.now() + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Accept the code of ethics" in _panel(client, enrolled.course)


def test_a_module_quiz_published_unpublished_and_deleted_shows_at_once(
    client, trainee, enrolled, deletes
):
    client.force_login(trainee)
    assert NO_QUIZZES in _panel(client, enrolled.course)  # warm
    module = enrolled.tree.modules[1]
    quiz = quiz_build(module=module, questions=[SingleChoiceQuestionFactory()])
    assert f"Pass the quiz of {module.title}" in _panel(client, enrolled.course)
    quiz.unpublish()
    assert NO_QUIZZES in _panel(client, enrolled.course)
    quiz.save_revision().publish()
    assert f"Pass the quiz of {module.title}" in _panel(client, enrolled.course)
    quiz.delete()
    assert NO_QUIZZES in _panel(client, enrolled.course)


def test_a_moved_module_takes_its_quiz_with_it(client, trainee, enrolled):
    """A quiz on a module moved to another course leaves this course's checklist."""
    module = enrolled.tree.modules[1]
    quiz_build(module=module, questions=[SingleChoiceQuestionFactory()])
    client.force_login(trainee)
    assert f"Pass the quiz of {module.title}" in _panel(client, enrolled.course)
    other = course_tree_build(modules=1, lessons=1)
    module.move(other.course, pos="last-child")
    assert NO_QUIZZES in _panel(client, enrolled.course)


def test_a_course_with_every_rule_keeps_the_page_within_its_ceiling(client):
    """A quiz, a code of ethics accepted, practice hours and a competency signed off."""
    certifiable = certifiable_build()
    client.force_login(certifiable.enrolment.user)
    course = certifiable.tree.course
    client.get(course.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(course.url)
    assert response.status_code == 200
    # One more than the ceiling: the trainee's attempts at the module quiz.
    assert len(queries) <= COURSE_PAGE_MAX + 1, [q["sql"][:120] for q in queries]


def test_the_pages_one_read_of_certificate_and_acceptance_agrees_with_the_rules(trainee, enrolled):
    """latest_certificate_and_acceptance (one query for the course page) answers as the rules'
    own reads do: no certificate, accepted or not; an issued one whose renewal is due, with the
    code accepted again after it was certified or only before; another version in force."""
    first = CodeOfEthicsFactory(course=enrolled.course)

    def agree() -> None:
        latest = latest_certificate(enrolled)
        cycle = 1 if latest is None else certification_cycle_due(enrolled, latest=latest)
        ethics = current_ethics(enrolled.course_id)
        read, accepted = latest_certificate_and_acceptance(enrolled, ethics and ethics.pk)
        assert read == latest
        if cycle is not None:
            assert accepted == rule_facts(enrolled, cycle=cycle).ethics_accepted

    agree()  # nothing accepted, no certificate
    EthicsAcceptanceFactory(enrolment=enrolled, ethics=first, cycle=1)
    agree()
    today = timezone.localdate()
    certificate = CertificateFactory(
        enrolment=enrolled,
        issued=True,
        issued_on=today - timedelta(days=360),
        expires_on=today + timedelta(days=5),
    )
    assert certification_cycle_due(enrolled, latest=certificate) == 2
    EthicsAcceptanceFactory(
        enrolment=enrolled,
        ethics=first,
        cycle=2,
        accepted_at=certificate.certified_at - timedelta(days=1),
    )
    agree()  # accepted for cycle 2, but before the certificate: not again
    EthicsAcceptance.objects.filter(cycle=2).update(accepted_at=timezone.now())
    agree()
    CodeOfEthicsFactory(course=enrolled.course)  # version 2 in force, never accepted
    agree()
    read, accepted = latest_certificate_and_acceptance(enrolled, None)
    assert read == certificate and accepted is False


def test_a_required_quiz_is_read_once_for_the_locks_and_the_checklist(client):
    """The locks and the checklist both ask which quizzes the trainee passed: one read of
    their attempts serves both, so a required quiz costs the page nothing more, and both
    still answer right once the quiz is passed."""
    certifiable = certifiable_build(modules=2)
    quiz = Quiz.objects.get(pk=certifiable.quiz.pk)
    quiz.required_to_continue = True
    quiz.save_revision().publish()
    client.force_login(certifiable.enrolment.user)
    course = certifiable.tree.course
    client.get(course.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(course.url)
    assert len(queries) <= COURSE_PAGE_MAX + 1, [q["sql"][:120] for q in queries]
    attempt_reads = [q for q in queries if 'FROM "assessments_attempt"' in q["sql"]]
    assert len(attempt_reads) == 1
    page = response.content.decode()
    assert "Pass the quiz" not in page  # passed: no lock, no unmet quiz rule
    Attempt.objects.filter(enrolment=certifiable.enrolment).update(passed=False)
    page = client.get(course.url).content.decode()
    assert f"Pass the quiz “{quiz.title}” first." in page  # the next module's lock
    assert f"Pass the quiz of {certifiable.tree.modules[0].title}" in page  # the checklist
