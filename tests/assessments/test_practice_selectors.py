"""Issue 6, points 3, 6, 8 and 9: the reads behind the trainee's hours, the supervisor's queue
and the exports. Each answers only for the current supervision, and each takes a number of
queries that does not grow with the data."""

from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from assessments.models import PracticeLog, SignOff
from assessments.practice.selectors import (
    COHORT_HOURS_COLUMNS,
    PRACTICE_STATEMENT_COLUMNS,
    cohort_hours_rows,
    percent_of_required,
    practice_hours_summary,
    practice_log_for_supervisor,
    practice_log_history,
    practice_statement_rows,
    supervisor_queue,
    supervisor_trainees,
)
from assessments.practice.services import practice_log_decide
from courses.models import Enrolment, Supervision
from lms import roles
from lms.timezones import user_zone
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    PracticeCategoryFactory,
    PracticeLogFactory,
    SupervisionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ATTEST = "I supervised this practice and the entry is accurate."


def _enrolment(supervisor, *, course=None, name=None, cohort=None):
    fields = {"course": course} if course is not None else {}
    if cohort is not None:
        fields.update(course=cohort.course, cohort=cohort)
    user = UserFactory(role=roles.TRAINEE, **({"full_name": name} if name else {}))
    enrolment = EnrolmentFactory(user=user, **fields)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - timedelta(days=60)
    )
    enrolment.refresh_from_db()
    if supervisor is not None:
        SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    return enrolment


def _pending(enrolment, *, days_ago, category=None, **fields):
    return PracticeLogFactory(
        enrolment=enrolment,
        submitted=True,
        submitted_at=timezone.now() - timedelta(days=days_ago),
        **({"category": category} if category else {}),
        **fields,
    )


def _reassign(enrolment, to):
    Supervision.objects.filter(enrolment=enrolment, ended_at=None).update(ended_at=timezone.now())
    SupervisionFactory(enrolment=enrolment, supervisor=to)


# --- Hours summary --------------------------------------------------------------------------


def test_hours_summary_carries_required_minutes_and_capped_percentages(
    supervisor, django_assert_num_queries
):
    enrolment = _enrolment(supervisor)
    one = PracticeCategoryFactory(course=enrolment.course, name="One-to-one", required_minutes=120)
    group = PracticeCategoryFactory(course=enrolment.course, name="Group", required_minutes=600)
    PracticeCategoryFactory(course=enrolment.course, name="Shadowing", required_minutes=0)
    for _ in range(3):
        PracticeLogFactory(enrolment=enrolment, category=one, approved=True)
    # Longer than the factory's two-hour spacing: placed days apart, or PostgreSQL's
    # no-overlap constraint refuses it.
    PracticeLogFactory(
        enrolment=enrolment,
        category=group,
        approved=True,
        duration_minutes=150,
        started_at=timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=5),
    )
    PracticeLogFactory(enrolment=enrolment, category=group, submitted=True, duration_minutes=30)

    with django_assert_num_queries(1):  # the categories with their two sums
        summary = practice_hours_summary(enrolment)

    by_name = {
        c.name: (c.approved_minutes, c.pending_minutes, c.required_minutes, c.approved_percent)
        for c in summary.categories
    }
    assert by_name == {
        "One-to-one": (180, 0, 120, 100),  # 150 % of the requirement shows as a full bar
        "Group": (150, 30, 600, 25),
        "Shadowing": (0, 0, 0, None),  # nothing required: no bar
    }
    assert summary.required_minutes == 720
    # The extra hour of one-to-one practice does not make up for missing group hours.
    assert (summary.counted_minutes, summary.approved_percent) == (270, 37)
    assert summary.approved_minutes == 330


def test_percent_of_required_is_whole_capped_and_none_without_a_requirement():
    assert percent_of_required(0, 60) == 0
    assert percent_of_required(59, 60) == 98
    assert percent_of_required(600, 60) == 100
    assert percent_of_required(30, 0) is None


# --- The supervisor's queue -----------------------------------------------------------------


def test_queue_holds_only_current_trainees_submitted_logs_oldest_first(supervisor):
    mine = _enrolment(supervisor, name="Asha Rao")
    newer = _pending(mine, days_ago=1)
    older = _pending(mine, days_ago=5)
    PracticeLogFactory(enrolment=mine)  # a draft
    PracticeLogFactory(enrolment=mine, approved=True)
    others = _enrolment(UserFactory(role=roles.SUPERVISOR))
    _pending(others, days_ago=9)
    unsupervised = _enrolment(None)
    _pending(unsupervised, days_ago=9)

    assert list(supervisor_queue(supervisor=supervisor)) == [older, newer]


def test_queue_filters_by_trainee_and_category(supervisor):
    asha = _enrolment(supervisor, name="Asha Rao")
    ben = _enrolment(supervisor, course=asha.course, name="Ben Ito")
    one = PracticeCategoryFactory(course=asha.course, name="One-to-one")
    group = PracticeCategoryFactory(course=asha.course, name="Group")
    asha_one = _pending(asha, days_ago=3, category=one)
    asha_group = _pending(asha, days_ago=2, category=group)
    ben_one = _pending(ben, days_ago=1, category=one)

    queue = supervisor_queue
    assert list(queue(supervisor=supervisor, trainee_id=asha.user_id)) == [asha_one, asha_group]
    assert list(queue(supervisor=supervisor, category_id=one.pk)) == [asha_one, ben_one]
    assert list(queue(supervisor=supervisor, trainee_id=ben.user_id, category_id=group.pk)) == []


def test_reassigned_trainees_pending_logs_move_to_the_new_supervisor(supervisor):
    enrolment = _enrolment(supervisor)
    log = _pending(enrolment, days_ago=2)
    successor = UserFactory(role=roles.SUPERVISOR)

    _reassign(enrolment, successor)

    assert list(supervisor_queue(supervisor=supervisor)) == []
    assert list(supervisor_queue(supervisor=successor)) == [log]
    with pytest.raises(PracticeLog.DoesNotExist):
        practice_log_for_supervisor(supervisor=supervisor, log_id=log.pk)
    assert practice_log_for_supervisor(supervisor=successor, log_id=log.pk) == log


def test_a_page_of_the_queue_takes_two_queries_however_long_it_is(
    supervisor, django_assert_num_queries
):
    for n in range(6):
        enrolment = _enrolment(supervisor)
        for days in range(4):
            _pending(enrolment, days_ago=days + n)

    with django_assert_num_queries(2):  # the count, then the page with its relations
        page = Paginator(supervisor_queue(supervisor=supervisor), 20).page(1)
        shown = [
            (log.enrolment.user.full_name, log.enrolment.course.title, log.category.name)
            for log in page
        ]
    assert len(shown) == 20 and page.paginator.count == 24


def test_queue_and_single_log_do_not_load_the_private_reflection(supervisor):
    enrolment = _enrolment(supervisor)
    log = _pending(enrolment, days_ago=1, reflection="Private to me.")

    assert "reflection" in supervisor_queue(supervisor=supervisor).first().get_deferred_fields()
    found = practice_log_for_supervisor(supervisor=supervisor, log_id=log.pk)
    assert "reflection" in found.get_deferred_fields()


def test_another_supervisors_log_and_a_missing_log_are_not_found(supervisor):
    stranger = UserFactory(role=roles.SUPERVISOR)
    log = _pending(_enrolment(stranger), days_ago=1)

    with pytest.raises(PracticeLog.DoesNotExist):
        practice_log_for_supervisor(supervisor=supervisor, log_id=log.pk)
    with pytest.raises(PracticeLog.DoesNotExist):
        practice_log_for_supervisor(supervisor=supervisor, log_id=log.pk + 1000)
    # A trainee is nobody's supervisor, not even for their own log.
    with pytest.raises(PracticeLog.DoesNotExist):
        practice_log_for_supervisor(supervisor=log.enrolment.user, log_id=log.pk)


def test_supervisor_trainees_lists_current_trainees_with_pending_counts_in_one_query(
    supervisor, django_assert_num_queries
):
    ben = _enrolment(supervisor, name="Ben Ito")
    asha = _enrolment(supervisor, name="Asha Rao")
    for days in (1, 2, 3):
        _pending(asha, days_ago=days)
    PracticeLogFactory(enrolment=asha, approved=True)
    former = _enrolment(supervisor, name="Chitra Das")
    _pending(former, days_ago=4)
    _reassign(former, UserFactory(role=roles.SUPERVISOR))
    _enrolment(UserFactory(role=roles.SUPERVISOR), name="Dev Mehta")

    with django_assert_num_queries(1):
        rows = [
            (e.user.full_name, e.course.title, e.pending_count)
            for e in supervisor_trainees(supervisor=supervisor)
        ]
    assert rows == [
        ("Asha Rao", asha.course.title, 3),
        ("Ben Ito", ben.course.title, 0),
    ]


# --- History and exports --------------------------------------------------------------------


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


def test_history_lists_every_decision_oldest_first_with_the_decider(supervisor):
    enrolment = _enrolment(supervisor)
    log = _pending(enrolment, days_ago=1)
    _decide(log, supervisor, SignOff.Decision.CHANGES_REQUESTED, comment="Add the setting.")
    PracticeLog.objects.filter(pk=log.pk).update(status=PracticeLog.Status.SUBMITTED, version=2)
    log.refresh_from_db()
    _decide(log, supervisor, SignOff.Decision.APPROVED)

    history = practice_log_history(log)

    assert [(s.decision, s.log_version, s.decided_by) for s in history] == [
        (SignOff.Decision.CHANGES_REQUESTED, 1, supervisor),
        (SignOff.Decision.APPROVED, 2, supervisor),
    ]


def test_statement_lists_approved_logs_with_their_sign_off_and_no_description(
    supervisor, django_assert_num_queries
):
    enrolment = _enrolment(supervisor)
    enrolment.user.time_zone = "Asia/Kolkata"
    enrolment.user.save()
    category = PracticeCategoryFactory(course=enrolment.course, name="One-to-one")
    approved = []
    for n in range(3):
        log = _pending(
            enrolment, days_ago=1, category=category, description=f"Sensitive story {n}."
        )
        approved.append((log, _decide(log, supervisor, SignOff.Decision.APPROVED)))
    waiting = _pending(enrolment, days_ago=1, category=category)
    rejected = _pending(enrolment, days_ago=1, category=category)
    _decide(rejected, supervisor, SignOff.Decision.REJECTED, comment="Not practice.")

    with django_assert_num_queries(2):  # the logs with categories, then their approvals
        rows = practice_statement_rows(enrolment)

    approved.sort(key=lambda pair: pair[0].started_at)  # the factory counts back in time
    assert [row["log_id"] for row in rows] == [log.pk for log, _ in approved]
    assert waiting.pk not in {row["log_id"] for row in rows}
    first_log, first_sign_off = approved[0]
    local = timezone.localtime(first_log.started_at, user_zone(enrolment.user))
    assert rows[0] == {
        "log_id": first_log.pk,
        "date": local.date().isoformat(),
        "start": local.strftime("%H:%M"),
        "duration_minutes": 60,
        "category": "One-to-one",
        "mode": "In person",
        "supervisor": supervisor.full_name,
        "signed_at": timezone.localtime(first_sign_off.decided_at, local.tzinfo).isoformat(
            timespec="minutes"
        ),
        "signature": "S. Supervisor",
        "content_digest": first_sign_off.content_digest,
    }
    assert "+05:30" in rows[0]["signed_at"]
    assert "Sensitive story" not in repr(rows)
    assert [key for key, _ in PRACTICE_STATEMENT_COLUMNS] == list(rows[0])


def test_cohort_hours_has_a_row_per_trainee_and_category_in_three_queries(
    supervisor, django_assert_num_queries
):
    cohort = CohortFactory()
    one = PracticeCategoryFactory(course=cohort.course, name="One-to-one", required_minutes=600)
    group = PracticeCategoryFactory(course=cohort.course, name="Group", required_minutes=300)
    asha = _enrolment(supervisor, cohort=cohort, name="Asha Rao")
    ben = _enrolment(supervisor, cohort=cohort, name="Ben Ito")
    PracticeLogFactory(enrolment=asha, category=one, approved=True, duration_minutes=90)
    PracticeLogFactory(enrolment=asha, category=one, approved=True, duration_minutes=30)
    _pending(asha, days_ago=1, category=group, duration_minutes=45)
    PracticeLogFactory(enrolment=ben, category=group)  # a draft counts nowhere
    outsider = _enrolment(supervisor, course=cohort.course, name="Chitra Das")  # no cohort
    PracticeLogFactory(enrolment=outsider, category=one, approved=True)

    with django_assert_num_queries(3):
        rows = cohort_hours_rows(cohort)

    summary = [
        (r["trainee"], r["category"], r["required_minutes"], r["approved_minutes"],
         r["pending_minutes"])
        for r in rows
    ]  # fmt: skip
    assert summary == [
        ("Asha Rao", "One-to-one", 600, 120, 0),
        ("Asha Rao", "Group", 300, 0, 45),
        ("Ben Ito", "One-to-one", 600, 0, 0),
        ("Ben Ito", "Group", 300, 0, 0),
    ]
    assert {key for key, _ in COHORT_HOURS_COLUMNS} <= set(rows[0])
    assert rows[0]["email"] == asha.user.email
