"""Notices inside the site (issue 17, part 6; lms.notices): a trainee sees decisions on their
practice logs, graded essays and a ready certificate as unread notices, and a supervisor sees
work sent to them; a count in the header, marked read when opened.

Each notice is written in the transaction of its event, beside the email's outbox message,
so a dead broker loses none; it holds ids, dates and counts, never anyone's words; its title
is built when shown, in the reader's language; the header's count costs no query."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerUnavailable

from assessments import notices as assessment_notices
from assessments.models import SignOff
from assessments.practice.services import (
    practice_log_decide,
    practice_log_submit,
    practice_logs_approve_many,
)
from assessments.quizzes import services as quiz_services
from certificates import notices as certificate_notices
from certificates import pdf
from certificates import services as certificate_services
from courses.models import Enrolment
from lms import notices, roles
from lms.models import Notice, OutboxMessage, User
from lms.outbox import broker_state_reset, outbox_deliver
from tests.factories import (
    EnrolmentFactory,
    EssayQuestionFactory,
    PracticeCategoryFactory,
    PracticeLogFactory,
    SupervisionFactory,
    TrueFalseQuestionFactory,
    UserFactory,
    course_tree_build,
    quiz_build,
)
from tests.factories.certificates import certifiable_build

pytestmark = pytest.mark.django_db

ATTEST = "I supervised this practice and the entry is accurate."
# Private words that must never reach a notice or the notices page.
DESCRIPTION = "zqxNoticeDescription Sat with a peer who spoke of their brother."
REFLECTION = "zqxNoticeReflection It brought back my own hospital stay."
COMMENT = "zqxNoticeComment Please remove the detail about the brother."
ESSAY = "zqxNoticeEssay When I shared my story I kept it short."
GRADER_COMMENT = "zqxNoticeGraderComment You returned the focus to them."
PRIVATE = (DESCRIPTION, REFLECTION, COMMENT, ESSAY, GRADER_COMMENT)


@pytest.fixture
def enrolment(trainee, supervisor):
    tree = course_tree_build(modules=1, lessons=1)
    enrolment = EnrolmentFactory(user=trainee, course=tree.course)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - timedelta(days=60)
    )
    enrolment.refresh_from_db()
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    enrolment.tree = tree
    return enrolment


def _log(enrolment, days_ago=3, **fields):
    return PracticeLogFactory(
        enrolment=enrolment,
        category=PracticeCategoryFactory(course=enrolment.course, name="One-to-one"),
        description=DESCRIPTION,
        reflection=REFLECTION,
        started_at=timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
        - timedelta(days=days_ago),
        **fields,
    )


def _decide(log, supervisor, decision, comment=""):
    return practice_log_decide(
        log=log,
        supervisor=supervisor,
        decision=decision,
        comment=comment,
        attestation=ATTEST,
        signature="S. Supervisor",
        expected_version=log.version,
    )


def _titles(user, language="en") -> list[str]:
    with translation.override(language):
        return [item.title for item in notices.notices_describe(notices.notices_for(user))]


def _unread(user) -> int:
    return User.objects.get(pk=user.pk).notices_unread


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Where notices come from ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "comment", "title"),
    [
        (SignOff.Decision.APPROVED, "", "Your practice log of {day} was approved"),
        (
            SignOff.Decision.CHANGES_REQUESTED,
            COMMENT,
            "Your supervisor asked for changes to your practice log of {day}",
        ),
        (SignOff.Decision.REJECTED, COMMENT, "Your practice log of {day} was not accepted"),
    ],
)
def test_a_decision_gives_the_trainee_a_notice_that_opens_the_log(
    enrolment, supervisor, decision, comment, title
):
    log = _log(enrolment, submitted=True)
    _decide(log, supervisor, decision, comment)

    [notice] = Notice.objects.all()
    assert notice.recipient_id == enrolment.user_id
    assert notice.link == reverse("practice:log", args=[log.pk])
    day = timezone.localtime(log.started_at).strftime("%-d %b %Y")
    assert _titles(enrolment.user) == [title.format(day=day)]
    assert _unread(enrolment.user) == 1
    assert not supervisor.notices.exists()


def test_the_title_is_written_when_shown_in_the_readers_language(enrolment, supervisor):
    log = _log(enrolment, submitted=True)
    _decide(log, supervisor, SignOff.Decision.APPROVED)
    notice = Notice.objects.get()
    # Stored: the kind, ids and the moment, not English words.
    assert set(notice.details) == {"decision", "started_at"}
    assert notice.details["decision"] == "approved"
    [hindi] = _titles(enrolment.user, "hi")
    month = {"en": timezone.localtime(log.started_at).strftime("%b")}
    assert month["en"] not in hindi  # the date is in Hindi (Django's own month names)
    with translation.override("hi"):
        from django.utils.formats import date_format

        assert date_format(timezone.localtime(log.started_at).date(), "j M Y") in hindi


def test_approving_a_selection_gives_one_notice_per_trainee(enrolment, supervisor):
    # On different days: PostgreSQL refuses a trainee's overlapping sessions.
    logs = [_log(enrolment, days_ago=3 + n, submitted=True) for n in range(3)]
    practice_logs_approve_many(
        logs=[(log, log.version) for log in logs],
        supervisor=supervisor,
        attestation=ATTEST,
        signature="S. Supervisor",
    )
    [notice] = Notice.objects.all()
    assert notice.link == reverse("practice:overview")
    assert _titles(enrolment.user) == ["3 of your practice logs were approved"]
    assert _unread(enrolment.user) == 1


def test_logs_sent_to_a_supervisor_roll_up_into_one_notice_until_it_is_read(enrolment, supervisor):
    trainee = enrolment.user
    first, second, third = (_log(enrolment, days_ago=3 + n) for n in range(3))
    practice_log_submit(log=first, by=trainee)
    practice_log_submit(log=second, by=trainee)

    [notice] = Notice.objects.filter(recipient=supervisor)
    assert notice.link == reverse("supervise:practice_queue")
    assert _titles(supervisor) == ["2 practice logs were sent for your review"]
    assert _unread(supervisor) == 1

    notices.notice_open(user=supervisor, notice_id=notice.pk)
    practice_log_submit(log=third, by=trainee)
    assert _titles(supervisor) == [
        "1 practice log was sent for your review",
        "2 practice logs were sent for your review",
    ]
    assert _unread(supervisor) == 1
    assert not trainee.notices.exists()


def test_essays_go_to_the_supervisor_and_the_grade_back_to_the_trainee(enrolment, supervisor):
    trainee = enrolment.user
    quiz = quiz_build(
        module=enrolment.tree.modules[0],
        title="Sharing your story",
        questions=[TrueFalseQuestionFactory(), EssayQuestionFactory(points=Decimal(4))],
        pass_mark=Decimal(50),
    )
    attempt = quiz_services.attempt_start(user=trainee, quiz=quiz)
    quiz_services.answer_save(attempt=attempt, position=1, response=False, sequence=0)
    quiz_services.answer_save(attempt=attempt, position=2, response=ESSAY, sequence=0)
    quiz_services.attempt_submit(attempt=attempt)

    [waiting] = Notice.objects.filter(recipient=supervisor)
    assert waiting.link == reverse("supervise:home")
    assert _titles(supervisor) == ["1 essay was sent to you for grading"]
    assert not trainee.notices.exists()

    quiz_services.essay_grade(
        answer=attempt.answers.get(position=2),
        grader=supervisor,
        points="3",
        comment=GRADER_COMMENT,
    )
    [graded] = Notice.objects.filter(recipient=trainee)
    assert graded.link == reverse("assessments:attempt_result", args=[attempt.uuid])
    assert _titles(trainee) == ["Your essay in Sharing your story was graded"]
    assert _unread(trainee) == 1


def test_a_ready_certificate_gives_one_notice_however_often_it_renders(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(pdf, "certificate_pdf_render", lambda data: b"%PDF-1.7 stand-in")
    built = certifiable_build()
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_services.certificate_evaluate(enrolment=built.enrolment)
    certificate.refresh_from_db()
    certificate_services.certificate_issue_render(certificate_id=certificate.pk)  # again

    [notice] = Notice.objects.filter(kind=certificate_notices.CERTIFICATE_READY)
    assert notice.recipient_id == built.enrolment.user_id
    assert notice.link == reverse("certificates:mine")
    assert _titles(built.enrolment.user) == [
        f"Your certificate for {certificate.course_title} is ready"
    ]
    assert _unread(built.enrolment.user) == 1


def test_a_dead_broker_keeps_the_notice_with_the_decision(
    enrolment, supervisor, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    """The broker refuses every message: the decision stands, its notice is there at once,
    and the email waits in the outbox for deliver_outbox."""
    from lms import outbox
    from lms.tasks import outbox_message_task

    def refused(*args, **kwargs):
        raise BrokerUnavailable("Connection refused")

    monkeypatch.setattr(outbox, "_eager", lambda: False)
    monkeypatch.setattr(outbox_message_task, "apply_async", refused)
    broker_state_reset()
    log = _log(enrolment, submitted=True)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _decide(log, supervisor, SignOff.Decision.APPROVED)
    finally:
        broker_state_reset()

    assert mailoutbox == []
    waiting = OutboxMessage.objects.filter(done_at__isnull=True)
    assert waiting.filter(task="assessments.practice_decisions_email").count() == 1
    assert Notice.objects.filter(recipient=enrolment.user).count() == 1
    assert _unread(enrolment.user) == 1

    monkeypatch.undo()
    outbox_deliver(now=timezone.now() + timedelta(minutes=2))
    assert len(mailoutbox) == 1
    assert Notice.objects.filter(recipient=enrolment.user).count() == 1


def test_a_rolled_back_decision_leaves_no_notice(enrolment, supervisor):
    log = _log(enrolment, submitted=True)

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        _decide(log, supervisor, SignOff.Decision.APPROVED)
        raise Abandon
    assert not Notice.objects.exists()
    assert _unread(enrolment.user) == 0


# --- The header's count, opening, someone else's --------------------------------------------


def test_the_header_shows_the_count_with_a_label_and_costs_no_query(trainee):
    client = _client(trainee)
    client.get(reverse("courses:dashboard"))  # warm the per-process parts
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as none:
        page = client.get(reverse("courses:dashboard")).content.decode()
    assert 'class="notices-count"' not in page
    assert f'href="{reverse("notices")}"' in page

    for _ in range(3):
        notices.notice_add(recipient_id=trainee.pk, kind="tests.kind", link="/learn/", details={})
    with CaptureQueriesContext(connection) as three:
        page = client.get(reverse("courses:dashboard")).content.decode()
    assert 'aria-label="Notices, 3 unread"' in page
    assert '<span class="notices-count" aria-hidden="true">3</span>' in page
    assert len(three) == len(none)


def test_a_lesson_page_from_its_cached_skeleton_shows_the_count_at_once(trainee):
    from courses import lesson_skeleton
    from courses.services import enrolment_create

    tree = course_tree_build(modules=1, lessons=1)
    enrolment_create(user=trainee, course=tree.course)
    client = _client(trainee)
    url = tree.lessons[0].url
    pages = [client.get(url).content.decode() for _ in range(2)]
    assert all("notices-count" not in page for page in pages)

    notices.notice_add(recipient_id=trainee.pk, kind="tests.kind", link="/learn/")
    renders = []
    real = lesson_skeleton._skeleton_render

    def counted(*args, **kwargs):
        renders.append(1)
        return real(*args, **kwargs)

    with mock.patch.object(lesson_skeleton, "_skeleton_render", counted):
        page = client.get(url).content.decode()
        assert 'aria-label="Notices, 1 unread"' in page
        assert renders == [1]  # a skeleton of its own: the count is part of the key
        page = client.get(url).content.decode()
        assert 'aria-label="Notices, 1 unread"' in page
        assert renders == [1]


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(trainee):
    first = notices.notice_add(recipient_id=trainee.pk, kind="tests.kind", link="/learn/")
    notices.notice_add(recipient_id=trainee.pk, kind="tests.kind", link="/learn/practice/")
    client = _client(trainee)

    page = client.get(reverse("notices")).content.decode()
    assert "You have 2 unread notices." in page
    response = client.get(reverse("notice_open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == "/learn/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert _unread(trainee) == 1
    # Opening it again changes nothing.
    client.get(reverse("notice_open", args=[first.pk]))
    assert _unread(trainee) == 1

    response = client.post(reverse("notices_read_all"))
    assert response.status_code == 302
    assert _unread(trainee) == 0
    assert not Notice.objects.filter(read_at__isnull=True).exists()
    page = client.get(reverse("courses:dashboard")).content.decode()
    assert "notices-count" not in page


def test_someone_elses_notice_is_not_found_and_stays_unread(trainee):
    notice = notices.notice_add(recipient_id=trainee.pk, kind="tests.kind", link="/learn/")
    other = UserFactory(role=roles.TRAINEE)
    client = _client(other)
    assert client.get(reverse("notice_open", args=[notice.pk])).status_code == 404
    client.post(reverse("notices_read_all"))
    notice.refresh_from_db()
    assert notice.read_at is None and _unread(trainee) == 1
    assert "tests.kind" not in client.get(reverse("notices")).content.decode()
    assert Client().get(reverse("notices")).status_code == 302  # to sign in


def test_the_list_is_newest_first_paginated_and_corrects_a_count_that_is_off(trainee):
    for number in range(25):
        notices.notice_add(recipient_id=trainee.pk, kind="tests.kind", link=f"/learn/?n={number}")
    User.objects.filter(pk=trainee.pk).update(notices_unread=7)
    client = _client(trainee)
    page = client.get(reverse("notices")).content.decode()
    assert "You have 25 unread notices." in page
    assert "Page 1 of 2" in page
    assert page.count('class="notice-item notice-item--unread"') == 20
    assert _unread(trainee) == 25
    newest = Notice.objects.order_by("-pk").first()
    assert page.index(reverse("notice_open", args=[newest.pk])) < page.index("Page 1 of 2")


# --- What a notice may hold and link to -----------------------------------------------------


def test_no_private_words_reach_a_notice_or_the_notices_page(enrolment, supervisor):
    trainee = enrolment.user
    log = _log(enrolment)
    practice_log_submit(log=log, by=trainee)
    log.refresh_from_db()
    _decide(log, supervisor, SignOff.Decision.CHANGES_REQUESTED, COMMENT)
    quiz = quiz_build(
        module=enrolment.tree.modules[0], questions=[EssayQuestionFactory(points=Decimal(2))]
    )
    attempt = quiz_services.attempt_start(user=trainee, quiz=quiz)
    quiz_services.answer_save(attempt=attempt, position=1, response=ESSAY, sequence=0)
    quiz_services.attempt_submit(attempt=attempt)
    quiz_services.essay_grade(
        answer=attempt.answers.get(), grader=supervisor, points="2", comment=GRADER_COMMENT
    )
    assert Notice.objects.count() == 4
    stored = repr(list(Notice.objects.values()))
    for user in (trainee, supervisor):
        page = _client(user).get(reverse("notices")).content.decode()
        for words in PRIVATE:
            marker = words.split()[0]
            assert marker not in stored
            assert marker not in page


@pytest.mark.parametrize(
    "link",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "learn/", "/a\nb", ""],
)
def test_a_notice_links_only_to_this_site(trainee, link):
    with pytest.raises(ValueError):
        notices.notice_add(recipient_id=trainee.pk, kind="tests.kind", link=link)
    assert not Notice.objects.exists()


def test_a_stored_link_that_is_not_local_opens_the_notices_page(trainee):
    notice = Notice.objects.create(recipient=trainee, kind="tests.kind", link="/\\evil.example")
    response = _client(trainee).get(reverse("notice_open", args=[notice.pk]))
    assert response["Location"] == reverse("notices")


def test_saving_a_whole_user_never_writes_back_an_old_count(trainee):
    stale = User.objects.get(pk=trainee.pk)
    notices.notice_add(recipient_id=trainee.pk, kind="tests.kind", link="/learn/")
    stale.full_name = "Asha Rao"
    stale.save()
    fresh = User.objects.get(pk=trainee.pk)
    assert fresh.full_name == "Asha Rao" and fresh.notices_unread == 1


def test_an_unknown_kind_still_shows_a_plain_title(trainee):
    notices.notice_add(recipient_id=trainee.pk, kind="gone.kind", link="/learn/")
    assert _titles(trainee) == ["You have a new notice."]
    assert assessment_notices.PRACTICE_DECISION.startswith("assessments.")
