"""Issue 6, point 7: a trainee hears of each decision by email once the decision commits, and
each supervisor gets a daily digest of what waited too long. No email ever carries a
description, a reflection or the supervisor's comment."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from assessments.models import Attempt, AttemptAnswer, SignOff
from assessments.practice import notifications
from assessments.practice.services import (
    PracticeError,
    practice_log_decide,
    practice_logs_approve_many,
)
from assessments.supervise import digest
from assessments.tasks import practice_decision_email_task
from courses.models import Enrolment, Supervision
from lms import jobs, roles
from lms.models import OutboxMessage
from lms.outbox import outbox_deliver, outbox_run
from tests.factories import (
    EnrolmentFactory,
    EssayQuestionFactory,
    PracticeCategoryFactory,
    PracticeLogFactory,
    SupervisionFactory,
    UserFactory,
    quiz_build,
)
from tests.factories.attempts import AttemptFactory

pytestmark = pytest.mark.django_db

ATTEST = "I supervised this practice and the entry is accurate."
DESCRIPTION = "Sat with a peer who talked about their brother's diagnosis."
REFLECTION = "It brought back my own hospital stay."
COMMENT = "Please remove the detail about the brother's diagnosis."


def _enrolment(supervisor, name="Asha Rao", course=None):
    user = UserFactory(role=roles.TRAINEE, full_name=name)
    enrolment = EnrolmentFactory(user=user, **({"course": course} if course else {}))
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - timedelta(days=60)
    )
    enrolment.refresh_from_db()
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    return enrolment


def _submitted(enrolment, *, days_ago=0, **fields):
    fields.setdefault(
        "category",
        PracticeCategoryFactory(course=enrolment.course, name="One-to-one peer support"),
    )
    return PracticeLogFactory(
        enrolment=enrolment,
        submitted=True,
        submitted_at=timezone.now() - timedelta(days=days_ago),
        description=DESCRIPTION,
        reflection=REFLECTION,
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


def _everything(message) -> str:
    parts = [message.subject, message.body] + [body for body, _ in message.alternatives]
    return "\n".join(parts)


# --- Decisions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "comment", "subject", "sentence"),
    [
        (SignOff.Decision.APPROVED, "", "Your practice log was approved", "approved your"),
        (
            SignOff.Decision.CHANGES_REQUESTED,
            COMMENT,
            "Your supervisor asked for changes to a practice log",
            "submit it again",
        ),
        (
            SignOff.Decision.REJECTED,
            COMMENT,
            "A practice log was not accepted",
            "does not count towards your hours",
        ),
    ],
)
def test_the_trainee_is_emailed_each_decision_after_commit_without_private_text(
    supervisor, django_capture_on_commit_callbacks, decision, comment, subject, sentence
):
    enrolment = _enrolment(supervisor)
    log = _submitted(enrolment)

    with django_capture_on_commit_callbacks(execute=True):
        _decide(log, supervisor, decision, comment)
        assert mail.outbox == []  # nothing is sent before the decision commits

    [message] = mail.outbox  # one email, after commit
    assert message.to == [enrolment.user.email]
    assert message.subject == subject
    text = _everything(message)
    assert sentence in message.body
    assert "One-to-one peer support" in text
    assert f"http://testserver/learn/practice/logs/{log.pk}/" in text
    for private in (DESCRIPTION, REFLECTION, COMMENT, "brother", "hospital"):
        assert private not in text
    assert ("read on the log's page" in message.body) == bool(comment)


def test_a_retried_decision_email_is_not_sent_twice(supervisor, django_capture_on_commit_callbacks):
    log = _submitted(_enrolment(supervisor))
    with django_capture_on_commit_callbacks(execute=True):
        sign_off = _decide(log, supervisor, SignOff.Decision.APPROVED)
    assert len(mail.outbox) == 1

    # The broker delivers the message again, and a task queued before the outbox existed
    # arrives for the same decision: the outbox row (in the database) makes both a no-op.
    message = OutboxMessage.objects.get(key=f"practice-decision:{sign_off.pk}")
    assert outbox_run(message.pk) == "skipped"
    with django_capture_on_commit_callbacks(execute=True):
        practice_decision_email_task.delay(sign_off.pk)
    assert len(mail.outbox) == 1


def test_a_missing_sign_off_is_skipped_and_a_failed_send_is_retried_by_the_outbox(
    supervisor, monkeypatch, django_capture_on_commit_callbacks
):
    log = _submitted(_enrolment(supervisor))
    assert notifications.practice_decisions_notify([987654])["missing"] == 1

    def refuse(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(notifications.EmailMultiAlternatives, "send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        sign_off = _decide(log, supervisor, SignOff.Decision.APPROVED)
    assert mail.outbox == []
    message = OutboxMessage.objects.get(key=f"practice-decision:{sign_off.pk}")
    assert (message.done_at, message.attempts, message.last_error) == (
        None,
        1,
        "ConnectionError",
    )
    monkeypatch.undo()
    assert outbox_deliver(now=message.available_at)["delivered"] == 1
    assert outbox_deliver(now=message.available_at + timedelta(hours=1))["delivered"] == 0
    assert len(mail.outbox) == 1


def test_approving_a_selection_sends_each_trainee_one_email(
    supervisor, django_capture_on_commit_callbacks
):
    asha = _enrolment(supervisor, name="Asha Rao")
    ben = _enrolment(supervisor, name="Ben Ito", course=asha.course)
    logs = [_submitted(asha), _submitted(asha), _submitted(ben)]

    with django_capture_on_commit_callbacks(execute=True):
        practice_logs_approve_many(
            logs=[(log, log.version) for log in logs],
            supervisor=supervisor,
            attestation=ATTEST,
            signature="S. Supervisor",
        )

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_recipient) == sorted([asha.user.email, ben.user.email])
    to_asha = by_recipient[asha.user.email]
    assert to_asha.subject == "Your supervisor decided on 2 practice logs"
    for log in logs[:2]:
        assert f"/learn/practice/logs/{log.pk}/" in to_asha.body
    assert DESCRIPTION not in _everything(to_asha)
    assert by_recipient[ben.user.email].subject == "Your practice log was approved"


def test_nothing_is_sent_when_a_selection_is_refused(
    supervisor, django_capture_on_commit_callbacks
):
    enrolment = _enrolment(supervisor)
    good, draft = _submitted(enrolment), PracticeLogFactory(enrolment=enrolment)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PracticeError):
        practice_logs_approve_many(
            logs=[(good, good.version), (draft, draft.version)],
            supervisor=supervisor,
            attestation=ATTEST,
            signature="S. Supervisor",
        )
    assert mail.outbox == []


# --- The daily digest -----------------------------------------------------------------------


def _essay_waiting(enrolment, *, days_ago):
    module = enrolment.course.get_children().first().specific
    quiz = quiz_build(questions=[EssayQuestionFactory()], module=module)
    attempt = AttemptFactory(
        quiz=quiz,
        enrolment=enrolment,
        status=Attempt.Status.AWAITING_GRADING,
        submitted_at=timezone.now() - timedelta(days=days_ago),
    )
    question = quiz.quiz_questions.get().question
    return AttemptAnswer.objects.create(
        attempt=attempt,
        position=1,
        question=question,
        snapshot=question.get_real_instance().snapshot(),
        needs_grading=True,
    )


@pytest.fixture
def digest_world(supervisor, settings):
    """Two supervisors with overdue work, one without; PRACTICE_DIGEST_AFTER_DAYS = 3."""
    settings.PRACTICE_DIGEST_AFTER_DAYS = 3
    asha = _enrolment(supervisor, name="Asha Rao")
    for days in (4, 6, 10):
        _submitted(asha, days_ago=days)
    _submitted(asha, days_ago=1)  # not overdue yet
    ben = _enrolment(supervisor, name="Ben Ito", course=asha.course)
    _submitted(ben, days_ago=5)
    _essay_waiting(ben, days_ago=8)

    other = UserFactory(role=roles.SUPERVISOR, full_name="Other Supervisor")
    chitra = _enrolment(other, name="Chitra Das", course=asha.course)
    _essay_waiting(chitra, days_ago=4)

    relaxed = UserFactory(role=roles.SUPERVISOR, full_name="Relaxed Supervisor")
    dev = _enrolment(relaxed, name="Dev Mehta", course=asha.course)
    _submitted(dev, days_ago=1)
    PracticeLogFactory(enrolment=dev, approved=True)

    # A reassigned trainee's overdue log counts for the new supervisor only.
    moved = _enrolment(relaxed, name="Esha Nair", course=asha.course)
    _submitted(moved, days_ago=7)
    Supervision.objects.filter(enrolment=moved, ended_at=None).update(ended_at=timezone.now())
    SupervisionFactory(enrolment=moved, supervisor=other)
    return {"supervisor": supervisor, "other": other, "relaxed": relaxed}


def test_digest_lists_overdue_counts_per_trainee_in_four_queries(
    digest_world, django_assert_num_queries
):
    with django_assert_num_queries(4):
        digests = digest.practice_digests_due()

    summary = {
        d.supervisor.full_name: [(t.trainee, t.logs, t.essays) for t in d.trainees] for d in digests
    }
    assert summary == {
        # Oldest wait first: Asha's log of 10 days ago, then Ben's essay of 8.
        digest_world["supervisor"].full_name: [("Asha Rao", 3, 0), ("Ben Ito", 1, 1)],
        "Other Supervisor": [("Esha Nair", 1, 0), ("Chitra Das", 0, 1)],
    }
    asha = digests[[d.supervisor for d in digests].index(digest_world["supervisor"])].trainees[0]
    assert (
        asha.oldest_date
        == (timezone.now() - timedelta(days=10)).astimezone(asha.oldest.tzinfo).date()
    )


def test_digest_goes_only_to_supervisors_with_overdue_items(digest_world):
    call_command("send_practice_digest", verbosity=0)

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_recipient) == sorted(
        [digest_world["supervisor"].email, digest_world["other"].email]
    )
    message = by_recipient[digest_world["supervisor"].email]
    assert message.subject == "Work from 2 trainees is waiting for your review"
    assert "Asha Rao" in message.body and "3 practice logs" in message.body
    assert "1 practice log, 1 essay to grade" in message.body
    assert "more than 3 days" in message.body
    assert "http://testserver/supervise/" in message.body
    assert "Dev Mehta" not in _everything(message)
    assert DESCRIPTION not in _everything(message) and REFLECTION not in _everything(message)


def test_a_second_digest_the_same_day_is_not_sent_unless_forced(digest_world):
    call_command("send_practice_digest", verbosity=0)
    call_command("send_practice_digest", verbosity=0)
    assert len(mail.outbox) == 2

    call_command("send_practice_digest", "--force", verbosity=0)
    assert len(mail.outbox) == 4


def test_the_waiting_period_comes_from_the_setting(digest_world, settings):
    settings.PRACTICE_DIGEST_AFTER_DAYS = 9
    digests = digest.practice_digests_due()

    assert [(d.supervisor.full_name, [t.trainee for t in d.trainees]) for d in digests] == [
        (digest_world["supervisor"].full_name, ["Asha Rao"])
    ]


def test_no_digest_when_nothing_is_overdue(supervisor):
    _submitted(_enrolment(supervisor), days_ago=1)
    call_command("send_practice_digest", verbosity=0)
    assert mail.outbox == []


def test_the_digest_is_a_daily_job():
    job = jobs.get_job("send_practice_digest")
    assert (job.command, job.every) == ("send_practice_digest", timedelta(days=1))
