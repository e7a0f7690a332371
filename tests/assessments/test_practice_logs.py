"""Issue 6, parts 1, 2 and 4: practice logs are validated with clear messages and nothing
written on refusal, move through their statuses only as allowed, and every decision leaves an
append-only sign-off that pins what was signed. Overlap and racing decisions are refused by
PostgreSQL itself, proven with raw writes and two real concurrent transactions."""

import threading
from datetime import time, timedelta

import pytest
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from assessments.models import PracticeLog, PracticeSettings, SignOff, SignOffError
from assessments.practice import services as practice
from assessments.practice.selectors import practice_hours_summary, practice_log_digest
from assessments.practice.services import (
    PracticeError,
    practice_log_create,
    practice_log_decide,
    practice_log_submit,
    practice_log_update,
    practice_logs_approve_many,
)
from courses.models import Enrolment, Supervision
from lms import roles
from lms.timezones import user_today, user_zone
from tests.factories import (
    EnrolmentFactory,
    PracticeCategoryFactory,
    PracticeLogFactory,
    SupervisionFactory,
    UserFactory,
    course_tree_build,
)

pytestmark = pytest.mark.django_db

ATTEST = "I supervised this practice and the entry is accurate."


@pytest.fixture
def enrolment(trainee, supervisor):
    trainee.time_zone = "Asia/Kolkata"
    trainee.save()
    enrolment = EnrolmentFactory(user=trainee)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - timedelta(days=30)
    )
    enrolment.refresh_from_db()
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    return enrolment


@pytest.fixture
def category(enrolment):
    return PracticeCategoryFactory(course=enrolment.course, name="One-to-one peer support")


def _yesterday(user):
    return user_today(user) - timedelta(days=1)


def _fields(enrolment, category, **overrides):
    values = {
        "enrolment": enrolment,
        "by": enrolment.user,
        "category": category,
        "day": _yesterday(enrolment.user),
        "start": time(10, 0),
        "duration_minutes": 60,
        "mode": PracticeLog.Mode.IN_PERSON,
        "description": "Listened to a peer talk through a hard week at work.",
        "reflection": "I noticed I wanted to fix things.",
    }
    values.update(overrides)
    return values


def _edit(enrolment, category, **overrides):
    values = _fields(enrolment, category, **overrides)
    del values["enrolment"]
    return values


def _create(enrolment, category, **overrides):
    return practice_log_create(**_fields(enrolment, category, **overrides))


def _submitted(enrolment, category, **overrides):
    log = _create(enrolment, category, **overrides)
    return practice_log_submit(log=log, by=enrolment.user)


def _decide(log, supervisor, decision=SignOff.Decision.APPROVED, comment="", version=None):
    return practice_log_decide(
        log=log,
        supervisor=supervisor,
        decision=decision,
        comment=comment,
        attestation=ATTEST,
        signature=supervisor.full_name or "S. Supervisor",
        expected_version=log.version if version is None else version,
    )


# --- Creating and validating ----------------------------------------------------------------


def test_create_stores_the_start_in_the_trainees_zone_as_a_draft(enrolment, category):
    log = _create(enrolment, category)

    local = timezone.localtime(log.started_at, user_zone(enrolment.user))
    assert (local.date(), local.time()) == (_yesterday(enrolment.user), time(10, 0))
    assert log.started_at.utcoffset() is not None
    assert (log.status, log.version) == (PracticeLog.Status.DRAFT, 1)


def _other_course_category():
    return PracticeCategoryFactory(course=course_tree_build(modules=1, lessons=1).course)


BAD_INPUT = [
    ({"duration_minutes": 0}, "between 15 and 720 minutes"),
    ({"duration_minutes": -30}, "between 15 and 720 minutes"),
    ({"duration_minutes": 14}, "between 15 and 720 minutes"),
    ({"duration_minutes": 25 * 60}, "between 15 and 720 minutes"),
    ({"mode": "carrier-pigeon"}, "how the practice took place"),
    ({"description": "   "}, "Describe the practice"),
    ({"description": "Call her back on 0412 345 678 tomorrow."}, "de-identified"),
    ({"description": "Her number is +44 20-7946-0958."}, "de-identified"),
    ({"description": "Follow up at sam.peer@example.com please."}, "de-identified"),
    ({"description": "x" * 2001}, "at most 2000 characters"),
    ({"reflection": "y" * 5001}, "at most 5000 characters"),
]


@pytest.mark.parametrize(("overrides", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_a_message_and_nothing_written(
    enrolment, category, overrides, message
):
    with pytest.raises(PracticeError, match=message):
        _create(enrolment, category, **overrides)
    assert not PracticeLog.objects.exists()


def test_future_date_in_the_trainees_zone_is_refused(enrolment, category):
    tomorrow = user_today(enrolment.user) + timedelta(days=1)
    with pytest.raises(PracticeError, match="cannot be in the future"):
        _create(enrolment, category, day=tomorrow)
    assert not PracticeLog.objects.exists()


def test_date_before_the_enrolment_began_is_refused(enrolment, category):
    with pytest.raises(PracticeError, match="before you enrolled"):
        _create(enrolment, category, day=user_today(enrolment.user) - timedelta(days=40))
    assert not PracticeLog.objects.exists()


def test_category_of_another_course_is_refused(enrolment, category):
    with pytest.raises(PracticeError, match="belongs to another course"):
        practice_log_create(**_fields(enrolment, _other_course_category()))
    assert not PracticeLog.objects.exists()


def test_course_settings_change_the_duration_bounds(enrolment, category):
    PracticeSettings.objects.create(course=enrolment.course, min_minutes=30, max_minutes=120)
    with pytest.raises(PracticeError, match="between 30 and 120 minutes"):
        _create(enrolment, category, duration_minutes=20)
    assert _create(enrolment, category, duration_minutes=120).duration_minutes == 120


def test_someone_else_cannot_create_a_log_for_a_trainee(enrolment, category, supervisor):
    with pytest.raises(PracticeError, match="Only the trainee"):
        _create(enrolment, category, by=supervisor)
    assert not PracticeLog.objects.exists()


def test_overlapping_log_is_refused_by_the_service(enrolment, category):
    _create(enrolment, category, start=time(10, 0), duration_minutes=60)

    with pytest.raises(PracticeError, match="overlaps another"):
        _create(enrolment, category, start=time(10, 30), duration_minutes=60)
    with pytest.raises(PracticeError, match="overlaps another"):
        _create(enrolment, category, start=time(9, 0), duration_minutes=120)
    assert PracticeLog.objects.count() == 1
    # Touching ends do not overlap.
    _create(enrolment, category, start=time(11, 0), duration_minutes=30)
    assert PracticeLog.objects.count() == 2


def test_a_rejected_log_does_not_block_its_time(enrolment, category, supervisor):
    log = _submitted(enrolment, category)
    _decide(log, supervisor, SignOff.Decision.REJECTED, comment="This was not practice.")

    assert _create(enrolment, category).status == PracticeLog.Status.DRAFT


def test_update_refuses_overlap_and_leaves_the_log_unchanged(enrolment, category):
    _create(enrolment, category, start=time(8, 0))
    log = _create(enrolment, category, start=time(12, 0))

    with pytest.raises(PracticeError, match="overlaps another"):
        practice_log_update(log=log, **_edit(enrolment, category, start=time(8, 30)))
    log.refresh_from_db()
    assert (
        log.version,
        timezone.localtime(log.started_at, user_zone(log.enrolment.user)).hour,
    ) == (
        1,
        12,
    )


# --- Status transitions ---------------------------------------------------------------------


def test_without_a_current_supervisor_a_trainee_keeps_drafts_but_cannot_submit(enrolment, category):
    Supervision.objects.filter(enrolment=enrolment).update(ended_at=timezone.now())
    log = _create(enrolment, category)

    with pytest.raises(PracticeError, match="no supervisor yet"):
        practice_log_submit(log=log, by=enrolment.user)
    log.refresh_from_db()
    assert log.status == PracticeLog.Status.DRAFT and log.submitted_at is None


def test_full_journey_changes_requested_then_fixed_then_approved(enrolment, category, supervisor):
    log = _submitted(enrolment, category)
    assert log.status == PracticeLog.Status.SUBMITTED and log.submitted_at is not None

    with pytest.raises(PracticeError, match="Only drafts and logs returned"):
        practice_log_update(log=log, **_edit(enrolment, category, duration_minutes=90))

    with pytest.raises(PracticeError, match="Say what needs to change"):
        _decide(log, supervisor, SignOff.Decision.CHANGES_REQUESTED)
    assert not SignOff.objects.exists()

    _decide(log, supervisor, SignOff.Decision.CHANGES_REQUESTED, comment="Add the setting.")
    assert log.status == PracticeLog.Status.CHANGES_REQUESTED

    practice_log_update(
        log=log,
        expected_version=1,
        **_edit(enrolment, category, description="Peer support at a drop-in group."),
    )
    assert log.version == 2
    practice_log_submit(log=log, by=enrolment.user)
    sign_off = _decide(log, supervisor)

    assert log.status == PracticeLog.Status.APPROVED
    assert list(log.sign_offs.values_list("decision", "log_version")) == [
        (SignOff.Decision.CHANGES_REQUESTED, 1),
        (SignOff.Decision.APPROVED, 2),
    ]
    assert sign_off.content_digest == practice_log_digest(log)


def test_resubmitting_unchanged_after_changes_requested_gives_a_new_version_to_decide(
    enrolment, category, supervisor
):
    log = _submitted(enrolment, category)
    _decide(log, supervisor, SignOff.Decision.CHANGES_REQUESTED, comment="Add the setting.")

    practice_log_submit(log=log, by=enrolment.user)
    assert (log.status, log.version) == (PracticeLog.Status.SUBMITTED, 2)
    _decide(log, supervisor)
    assert list(log.sign_offs.values_list("log_version", flat=True)) == [1, 2]


def test_approved_is_final(enrolment, category, supervisor):
    log = _submitted(enrolment, category)
    _decide(log, supervisor)

    with pytest.raises(PracticeError, match="Only drafts and logs returned"):
        practice_log_update(log=log, **_edit(enrolment, category))
    with pytest.raises(PracticeError, match="Only drafts and logs returned"):
        practice_log_submit(log=log, by=enrolment.user)
    with pytest.raises(PracticeError, match="already decided"):
        _decide(log, supervisor, SignOff.Decision.REJECTED, comment="Changed my mind.")
    log.refresh_from_db()
    assert log.status == PracticeLog.Status.APPROVED
    assert SignOff.objects.count() == 1


def test_reject_needs_a_comment(enrolment, category, supervisor):
    log = _submitted(enrolment, category)
    with pytest.raises(PracticeError, match="Say what needs to change, or why"):
        _decide(log, supervisor, SignOff.Decision.REJECTED, comment="  ")
    log.refresh_from_db()
    assert log.status == PracticeLog.Status.SUBMITTED and not SignOff.objects.exists()


def test_trainee_cannot_decide_their_own_log(enrolment, category):
    log = _submitted(enrolment, category)
    with pytest.raises(PracticeError, match="your own practice log"):
        _decide(log, enrolment.user)
    assert not SignOff.objects.exists()


def test_only_the_current_supervisor_decides_and_pending_items_move_with_reassignment(
    enrolment, category, supervisor
):
    log = _submitted(enrolment, category)
    stranger = UserFactory(role=roles.SUPERVISOR)
    with pytest.raises(PracticeError, match="current supervisor"):
        _decide(log, stranger)

    Supervision.objects.filter(enrolment=enrolment).update(ended_at=timezone.now())
    SupervisionFactory(enrolment=enrolment, supervisor=stranger)
    with pytest.raises(PracticeError, match="current supervisor"):
        _decide(log, supervisor)
    assert not SignOff.objects.exists()

    _decide(log, stranger)
    assert log.status == PracticeLog.Status.APPROVED


def test_decision_on_a_version_the_supervisor_did_not_read_is_refused(
    enrolment, category, supervisor
):
    log = _submitted(enrolment, category)
    with pytest.raises(PracticeError, match="changed or was already decided"):
        _decide(log, supervisor, version=log.version + 1)
    assert not SignOff.objects.exists()


def test_approve_many_is_all_or_nothing_with_a_sign_off_each(enrolment, category, supervisor):
    first = _submitted(enrolment, category, start=time(8, 0))
    second = _submitted(enrolment, category, start=time(12, 0))
    draft = _create(enrolment, category, start=time(16, 0))

    with pytest.raises(PracticeError, match=f"Nothing was approved. Log {draft.pk}"):
        practice_logs_approve_many(
            logs=[(first, 1), (second, 1), (draft, 1)],
            supervisor=supervisor,
            attestation=ATTEST,
            signature="S. Supervisor",
        )
    assert not SignOff.objects.exists()
    assert set(PracticeLog.objects.values_list("status", flat=True)) == {"submitted", "draft"}

    sign_offs = practice_logs_approve_many(
        logs=[(first, 1), (second, 1)],
        supervisor=supervisor,
        attestation=ATTEST,
        signature="S. Supervisor",
    )
    assert [s.log_id for s in sign_offs] == [first.pk, second.pk]
    assert PracticeLog.objects.filter(status=PracticeLog.Status.APPROVED).count() == 2


# --- Sign-offs as evidence ------------------------------------------------------------------


def test_digest_changes_with_content_but_not_with_the_private_reflection(enrolment, category):
    log = _create(enrolment, category)
    before = practice_log_digest(log)

    log.reflection = "Something else entirely."
    assert practice_log_digest(log) == before
    log.description = "A different description."
    assert practice_log_digest(log) != before
    log.description, log.duration_minutes = log.description, 61
    assert len(practice_log_digest(log)) == 64


def test_sign_offs_cannot_be_changed_or_deleted(enrolment, category, supervisor):
    log = _submitted(enrolment, category)
    sign_off = _decide(log, supervisor)

    sign_off.comment = "Rewritten later."
    with pytest.raises(SignOffError):
        sign_off.save()
    with pytest.raises(SignOffError):
        sign_off.delete()
    assert SignOff.objects.get().comment == ""


def test_one_sign_off_per_log_version_in_the_database(enrolment, category, supervisor):
    log = _submitted(enrolment, category)
    sign_off = _decide(log, supervisor)

    duplicate = SignOff(
        log=log,
        decided_by=supervisor,
        decided_at=timezone.now(),
        decision=SignOff.Decision.REJECTED,
        attestation=ATTEST,
        signature="x",
        content_digest=sign_off.content_digest,
        log_version=sign_off.log_version,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    # The service turns that same collision into a message for the supervisor.
    with pytest.raises(PracticeError, match="already decided|changed"):
        practice._validated_save(
            duplicate, constraint_messages=practice.SIGN_OFF_CONSTRAINT_MESSAGES
        )


# --- Reads ----------------------------------------------------------------------------------


def test_hours_summary_counts_approved_and_pending_per_category_in_one_query(
    enrolment, category, django_assert_num_queries
):
    group = PracticeCategoryFactory(course=enrolment.course, name="Group facilitation")
    for _ in range(3):
        PracticeLogFactory(enrolment=enrolment, category=category, approved=True)
    PracticeLogFactory(enrolment=enrolment, category=group, submitted=True, duration_minutes=45)
    PracticeLogFactory(enrolment=enrolment, category=group, duration_minutes=30)  # draft
    PracticeLogFactory(enrolment=enrolment, category=group, status=PracticeLog.Status.REJECTED)

    with django_assert_num_queries(1):
        summary = practice_hours_summary(enrolment)

    by_name = {c.name: (c.approved_minutes, c.pending_minutes) for c in summary.categories}
    assert by_name == {"One-to-one peer support": (180, 0), "Group facilitation": (0, 45)}
    assert (summary.approved_minutes, summary.pending_minutes) == (180, 45)


# --- PostgreSQL: the database itself refuses --------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_postgres_exclusion_constraint_refuses_overlap_even_without_the_service(
    postgres, enrolment, category
):
    first = PracticeLogFactory(enrolment=enrolment, category=category, duration_minutes=60)

    with (
        pytest.raises(IntegrityError, match="assessments_practicelog_no_overlap"),
        transaction.atomic(),
    ):
        PracticeLogFactory(
            enrolment=enrolment,
            category=category,
            started_at=first.started_at + timedelta(minutes=30),
        )
    # Rejected logs do not hold their time.
    PracticeLogFactory(
        enrolment=enrolment,
        category=category,
        started_at=first.started_at + timedelta(minutes=30),
        status=PracticeLog.Status.REJECTED,
    )
    assert PracticeLog.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_postgres_trigger_refuses_updating_or_deleting_sign_offs(
    postgres, enrolment, category, supervisor
):
    log = _submitted(enrolment, category)
    _decide(log, supervisor)

    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        SignOff.objects.update(comment="Rewritten")
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        SignOff.objects.all()._raw_delete(SignOff.objects.db)
    assert SignOff.objects.get().comment == ""


@pytest.mark.django_db(transaction=True)
def test_postgres_two_supervisors_deciding_at_once_exactly_one_wins(
    postgres, enrolment, category, supervisor
):
    """Two real transactions on separate connections race for the same submitted version.

    The second reassigns nothing: both call as the current supervisor (the realistic race is
    a double click or two tabs); the row lock serialises them, and the loser sees the log
    already decided."""
    log = _submitted(enrolment, category)
    barrier = threading.Barrier(2)
    results = []

    def decide(decision, comment):
        try:
            barrier.wait(timeout=10)
            sign_off = practice_log_decide(
                log=PracticeLog.objects.get(pk=log.pk),
                supervisor=supervisor,
                decision=decision,
                comment=comment,
                attestation=ATTEST,
                signature="S. Supervisor",
                expected_version=1,
            )
            results.append(("ok", sign_off.decision))
        except PracticeError as error:
            results.append(("refused", error.message))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(SignOff.Decision.APPROVED, "")),
        threading.Thread(target=decide, args=(SignOff.Decision.REJECTED, "Not practice.")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(kind for kind, _ in results) == ["ok", "refused"]
    refused = next(message for kind, message in results if kind == "refused")
    assert "changed or was already decided" in refused
    winner = next(decision for kind, decision in results if kind == "ok")
    assert SignOff.objects.get().decision == winner
    assert PracticeLog.objects.get().status == winner


def test_an_approval_announces_progress_after_commit(
    enrolment, category, supervisor, django_capture_on_commit_callbacks
):
    from courses.signals import enrolment_progressed

    heard = []

    def listener(sender, enrolment_id, **kwargs):
        heard.append(enrolment_id)

    enrolment_progressed.connect(listener)
    try:
        log = _submitted(enrolment, category)
        with django_capture_on_commit_callbacks(execute=True):
            practice_log_decide(
                log=log,
                supervisor=supervisor,
                decision=SignOff.Decision.APPROVED,
                attestation=ATTEST,
                signature="S. Supervisor",
                expected_version=1,
                notify=False,
            )
    finally:
        enrolment_progressed.disconnect(listener)
    assert heard == [enrolment.pk]
