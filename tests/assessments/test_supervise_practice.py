"""Issue 6, points 3 to 5, in the supervisor's area: the practice queue (filters, pages, bulk
approval), deciding one log, and the trainees' hours and competencies. Each denial, each form
error, and that the trainee's private reflection never reaches a supervisor's page."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    CompetencyObservation,
    CompetencySignOff,
    PracticeLog,
    SignOff,
)
from assessments.practice import services as practice
from assessments.practice.forms import COMPETENCY_ATTESTATION, PRACTICE_ATTESTATION
from assessments.practice.selectors import practice_log_digest
from courses.models import Enrolment, Supervision
from lms import roles
from lms.timezones import user_today
from tests.factories import (
    CompetencyFactory,
    EnrolmentFactory,
    PracticeCategoryFactory,
    PracticeLogFactory,
    SupervisionFactory,
    UserFactory,
    course_tree_build,
)

pytestmark = pytest.mark.django_db

REFLECTION = "PRIVATE-REFLECTION: I felt out of my depth"
DESCRIPTION = "Listened to a peer <b>talk</b> through a hard week."

QUEUE = reverse("supervise:practice_queue")
TRAINEES = reverse("supervise:trainee_list")


def decide_url(log):
    return reverse("supervise:practice_decide", args=[log.pk])


def trainee_url(enrolment):
    return reverse("supervise:trainee_detail", args=[enrolment.pk])


def _enrol(user, course, supervisor):
    enrolment = EnrolmentFactory(user=user, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - timedelta(days=60)
    )
    enrolment.refresh_from_db()
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    return enrolment


@pytest.fixture
def course():
    return course_tree_build(modules=1, lessons=1, title="Peer support in practice").course


@pytest.fixture
def enrolment(trainee, supervisor, course):
    trainee.full_name = "Asha Trainee"
    trainee.save()
    return _enrol(trainee, course, supervisor)


@pytest.fixture
def category(course):
    return PracticeCategoryFactory(course=course, name="One-to-one", required_minutes=600)


@pytest.fixture
def log(enrolment, category):
    return PracticeLogFactory(
        enrolment=enrolment,
        category=category,
        submitted=True,
        description=DESCRIPTION,
        reflection=REFLECTION,
        started_at=datetime(2026, 3, 1, 4, 0, tzinfo=UTC),
    )


@pytest.fixture
def other_supervisor():
    return UserFactory(role=roles.SUPERVISOR, full_name="Other Supervisor")


def logged_in(client, user):
    client.force_login(user)
    return client


def bulk_data(logs, *, attest=True, signature="Sam Supervisor", versions=None):
    data = {"log": [str(each.pk) for each in logs], "signature": signature}
    for each in logs:
        data[f"version-{each.pk}"] = str((versions or {}).get(each.pk, each.version))
    if attest:
        data["attest"] = "on"
    return data


def decision_data(log, **overrides):
    data = {
        "decision": SignOff.Decision.APPROVED,
        "comment": "",
        "attest": "on",
        "signature": "Sam Supervisor",
        "version": str(log.version),
    }
    data.update(overrides)
    return data


def text(response) -> str:
    return response.content.decode()


# --- Who may enter --------------------------------------------------------------------------


def test_strangers_are_sent_to_sign_in(client, log):
    for url in (QUEUE, decide_url(log), TRAINEES, trainee_url(log.enrolment)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_trainee_is_refused_every_supervisor_page(client, log, trainee):
    logged_in(client, trainee)
    enrolment = log.enrolment
    for url in (QUEUE, decide_url(log), TRAINEES, trainee_url(enrolment)):
        assert client.get(url).status_code == 403
    # Not even their own log: a trainee never decides on it.
    assert client.post(decide_url(log), decision_data(log)).status_code == 403
    assert client.post(QUEUE, bulk_data([log])).status_code == 403
    observe = reverse("supervise:observation_record", args=[enrolment.pk])
    assert client.post(observe, {}).status_code == 403
    log.refresh_from_db()
    assert log.status == PracticeLog.Status.SUBMITTED and not SignOff.objects.exists()


def test_another_supervisors_trainee_is_not_found(client, log, other_supervisor, course):
    competency = CompetencyFactory(course=course, name="Holds boundaries under pressure")
    logged_in(client, other_supervisor)
    assert client.get(decide_url(log)).status_code == 404
    assert client.post(decide_url(log), decision_data(log)).status_code == 404
    assert client.get(trainee_url(log.enrolment)).status_code == 404
    observe = reverse("supervise:observation_record", args=[log.enrolment.pk])
    response = client.post(
        observe,
        {
            "observe-competency": competency.pk,
            "observe-observed_on": user_today(other_supervisor).isoformat(),
            "observe-rating": "2",
            "observe-evidence": "Kept to the agreed time.",
        },
    )
    assert response.status_code == 404
    assert decide_url(log) not in text(client.get(QUEUE))
    log.refresh_from_db()
    assert log.status == PracticeLog.Status.SUBMITTED
    assert not SignOff.objects.exists() and not CompetencyObservation.objects.exists()


def test_a_former_supervisor_loses_the_log_when_the_trainee_moves_on(
    client, log, supervisor, other_supervisor
):
    Supervision.objects.filter(enrolment=log.enrolment).update(ended_at=timezone.now())
    SupervisionFactory(enrolment=log.enrolment, supervisor=other_supervisor)
    logged_in(client, supervisor)
    assert client.get(decide_url(log)).status_code == 404
    assert decide_url(log) not in text(client.get(QUEUE))
    logged_in(client, other_supervisor)
    assert decide_url(log) in text(client.get(QUEUE))


def test_a_draft_stays_the_trainees_own(client, enrolment, category, supervisor):
    draft = PracticeLogFactory(enrolment=enrolment, category=category)
    logged_in(client, supervisor)
    assert client.get(decide_url(draft)).status_code == 404


# --- The queue ------------------------------------------------------------------------------


def test_the_queue_lists_submitted_logs_oldest_first_in_the_supervisors_zone(
    client, enrolment, category, supervisor
):
    supervisor.time_zone = "Asia/Kolkata"
    supervisor.save()
    newer = PracticeLogFactory(
        enrolment=enrolment,
        category=category,
        submitted=True,
        started_at=datetime(2026, 3, 2, 4, 0, tzinfo=UTC),
        duration_minutes=90,
    )
    older = PracticeLogFactory(
        enrolment=enrolment,
        category=category,
        submitted=True,
        started_at=datetime(2026, 3, 1, 4, 0, tzinfo=UTC),
        mode=PracticeLog.Mode.PHONE,
    )
    PracticeLog.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - timedelta(days=2))
    approved = PracticeLogFactory(enrolment=enrolment, category=category, approved=True)
    draft = PracticeLogFactory(enrolment=enrolment, category=category)
    html = text(logged_in(client, supervisor).get(QUEUE))
    assert html.index(decide_url(older)) < html.index(decide_url(newer))
    assert decide_url(approved) not in html and decide_url(draft) not in html
    assert "1 Mar 2026, 09:30" in html  # 04:00 UTC in India
    assert "1 h 30 min" in html and "Phone" in html and "Asha Trainee" in html
    assert "2 logs waiting" in html


def test_an_empty_queue_says_so_kindly(client, supervisor):
    html = text(logged_in(client, supervisor).get(QUEUE))
    assert "No practice logs are waiting for you." in html


def test_the_queue_filters_by_trainee_and_by_category(client, log, supervisor, course, category):
    other = _enrol(UserFactory(role=roles.TRAINEE, full_name="Ravi Other"), course, supervisor)
    group = PracticeCategoryFactory(course=course, name="Group facilitation")
    theirs = PracticeLogFactory(enrolment=other, category=group, submitted=True)
    logged_in(client, supervisor)

    html = text(client.get(QUEUE, {"trainee": other.user_id}))
    assert decide_url(theirs) in html and decide_url(log) not in html
    assert f'<option value="{other.user_id}" selected>Ravi Other</option>' in html

    html = text(client.get(QUEUE, {"category": category.pk}))
    assert decide_url(log) in html and decide_url(theirs) not in html

    html = text(client.get(QUEUE, {"trainee": other.user_id, "category": category.pk}))
    assert "No logs match these filters." in html


@pytest.mark.parametrize("query", [{"trainee": "abc"}, {"category": "99999999"}, {"page": "x"}])
def test_a_stale_or_odd_filter_still_shows_the_queue(client, log, supervisor, query):
    response = logged_in(client, supervisor).get(QUEUE, query)
    assert response.status_code == 200
    assert decide_url(log) in text(response)


def test_the_queue_is_paginated_and_keeps_the_filter_on_each_page(
    client, enrolment, category, supervisor
):
    logs = PracticeLogFactory.create_batch(
        30, enrolment=enrolment, category=category, submitted=True
    )
    logged_in(client, supervisor)
    first = text(client.get(QUEUE, {"category": category.pk}))
    assert first.count('name="log"') == 25
    assert "Page 1 of 2" in first
    assert f"?category={category.pk}&amp;page=2" in first
    second = text(client.get(QUEUE, {"category": category.pk, "page": 2}))
    assert second.count('name="log"') == 5
    shown = set(map(int, re.findall(r'name="log" value="(\d+)"', first + second)))
    assert shown == {each.pk for each in logs}


def _supervisor_with(*, trainees: int, logs: int):
    """A supervisor of `trainees` trainees on a fresh course, with `logs` submitted logs."""
    course = course_tree_build(modules=1, lessons=1).course
    supervisor = UserFactory(role=roles.SUPERVISOR)
    category = PracticeCategoryFactory(course=course, name="One-to-one")
    enrolments = [
        _enrol(UserFactory(role=roles.TRAINEE), course, supervisor) for _ in range(trainees)
    ]
    for n in range(logs):
        PracticeLogFactory(enrolment=enrolments[n % trainees], category=category, submitted=True)
    return supervisor


def _queries(client, url) -> int:
    client.get(url)  # the session and permission caches are warm, as on any later visit
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_queue_costs_the_same_queries_for_5_or_50_logs(client, django_assert_num_queries):
    few = _queries(logged_in(client, _supervisor_with(trainees=2, logs=5)), QUEUE)
    logged_in(client, _supervisor_with(trainees=10, logs=50))
    client.get(QUEUE)
    with django_assert_num_queries(few):
        response = client.get(QUEUE)
    assert text(response).count('name="log"') == 25
    assert text(response).count("<option") == 10 + 1 + 1 + 1  # trainees, all, one category, all


# --- Approving several ----------------------------------------------------------------------


def test_approving_selected_logs_signs_each_at_the_version_shown(
    client, enrolment, category, supervisor
):
    chosen = PracticeLogFactory.create_batch(
        2, enrolment=enrolment, category=category, submitted=True
    )
    left = PracticeLogFactory(enrolment=enrolment, category=category, submitted=True)
    logged_in(client, supervisor)
    response = client.post(QUEUE + "?page=1", bulk_data(chosen))
    assert response.status_code == 302 and response.url == QUEUE + "?page=1"
    for each in chosen:
        each.refresh_from_db()
        assert each.status == PracticeLog.Status.APPROVED
        sign_off = each.sign_offs.get()
        assert sign_off.attestation == str(PRACTICE_ATTESTATION)
        assert sign_off.signature == "Sam Supervisor" and sign_off.decided_by == supervisor
        assert sign_off.content_digest == practice_log_digest(each)
    left.refresh_from_db()
    assert left.status == PracticeLog.Status.SUBMITTED
    html = text(client.get(QUEUE))
    assert "You approved 2 logs. Thank you." in html


def test_a_changed_log_in_the_selection_approves_nothing(client, enrolment, category, supervisor):
    fine, changed = PracticeLogFactory.create_batch(
        2, enrolment=enrolment, category=category, submitted=True
    )
    PracticeLog.objects.filter(pk=changed.pk).update(version=2)  # edited and resubmitted
    response = logged_in(client, supervisor).post(QUEUE, bulk_data([fine, changed]))
    assert response.status_code == 400
    html = text(response)
    assert f"Nothing was approved. Log {changed.pk}:" in html
    assert "This log changed or was already decided." in html
    assert not SignOff.objects.exists()
    assert set(PracticeLog.objects.values_list("status", flat=True)) == {"submitted"}
    # The ticks survive, so the supervisor can untick the changed one and try again.
    assert f'value="{fine.pk}" id="select-{fine.pk}" checked' in html


def test_a_log_no_longer_in_the_queue_approves_nothing(
    client, log, enrolment, category, supervisor, other_supervisor, course
):
    stranger = _enrol(UserFactory(role=roles.TRAINEE), course, other_supervisor)
    theirs = PracticeLogFactory(enrolment=stranger, category=category, submitted=True)
    response = logged_in(client, supervisor).post(QUEUE, bulk_data([log, theirs]))
    assert response.status_code == 400
    assert f"Log {theirs.pk} is no longer waiting for you" in text(response)
    assert not SignOff.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"attest": False}, "Tick the box to agree to this statement."),
        ({"signature": "  "}, "Type your name as your signature."),
        ({"no_logs": True}, "Select at least one log to approve."),
        ({"bad_version": True}, "This page is out of date."),
    ],
)
def test_bulk_approval_form_errors_write_nothing(client, log, supervisor, change, message):
    data = bulk_data(
        [] if change.get("no_logs") else [log],
        attest=change.get("attest", True),
        signature=change.get("signature", "Sam Supervisor"),
    )
    if change.get("bad_version"):
        data[f"version-{log.pk}"] = "one"
    response = logged_in(client, supervisor).post(QUEUE, data)
    assert response.status_code == 400
    assert message in text(response)
    log.refresh_from_db()
    assert log.status == PracticeLog.Status.SUBMITTED and not SignOff.objects.exists()


# --- Deciding one log -----------------------------------------------------------------------


def test_the_decide_page_shows_the_log_escaped_and_never_the_reflection(client, log, supervisor):
    html = text(logged_in(client, supervisor).get(decide_url(log)))
    assert "Listened to a peer &lt;b&gt;talk&lt;/b&gt; through a hard week." in html
    assert "<b>talk</b>" not in html
    assert "PRIVATE-REFLECTION" not in html
    assert str(PRACTICE_ATTESTATION) in html
    assert f'name="version" value="{log.version}"' in html
    assert "No decisions yet." in html


def test_no_supervisor_page_ever_shows_the_reflection(client, log, supervisor, course):
    CompetencyFactory(course=course, name="Looks after their own wellbeing")
    logged_in(client, supervisor)
    for url in (reverse("supervise:home"), QUEUE, decide_url(log), TRAINEES):
        assert "PRIVATE-REFLECTION" not in text(client.get(url))
    assert "PRIVATE-REFLECTION" not in text(client.get(trainee_url(log.enrolment)))


def test_approving_one_log_stores_the_attestation_shown(client, log, supervisor, trainee):
    response = logged_in(client, supervisor).post(decide_url(log), decision_data(log))
    assert response.status_code == 302 and response.url == QUEUE
    log.refresh_from_db()
    assert log.status == PracticeLog.Status.APPROVED
    sign_off = log.sign_offs.get()
    assert sign_off.attestation == str(PRACTICE_ATTESTATION)
    assert sign_off.log_version == 1 and sign_off.signature == "Sam Supervisor"
    html = text(client.get(decide_url(log)))
    assert "Approved" in html and "by " in html and "Sam Supervisor" in html
    assert "This log is not waiting for a decision." in html and "Save my decision" not in html


def test_requesting_changes_keeps_the_comment_for_the_trainee(client, log, supervisor):
    data = decision_data(
        log, decision=SignOff.Decision.CHANGES_REQUESTED, comment="Add how long it lasted."
    )
    logged_in(client, supervisor).post(decide_url(log), data)
    log.refresh_from_db()
    assert log.status == PracticeLog.Status.CHANGES_REQUESTED
    assert log.sign_offs.get().comment == "Add how long it lasted."
    assert "Add how long it lasted." in text(client.get(decide_url(log)))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"decision": SignOff.Decision.REJECTED, "comment": ""},
            "Say what needs to change, or why the log is rejected.",
        ),
        (
            {"decision": SignOff.Decision.CHANGES_REQUESTED, "comment": "  "},
            "Say what needs to change, or why the log is rejected.",
        ),
        ({"attest": ""}, "Tick the box to agree to this statement."),
        ({"signature": ""}, "Type your name as your signature."),
        ({"decision": "delete"}, "Select a valid choice."),
        ({"decision": ""}, "Choose approve, request changes or reject."),
        ({"version": "x"}, "This page is out of date. Reload the log and decide again."),
    ],
)
def test_decision_errors_are_shown_and_nothing_is_written(
    client, log, supervisor, overrides, message
):
    data = decision_data(log, **overrides)
    if data["attest"] == "":
        del data["attest"]
    response = logged_in(client, supervisor).post(decide_url(log), data)
    assert response.status_code == 400
    assert message in text(response)
    log.refresh_from_db()
    assert log.status == PracticeLog.Status.SUBMITTED and not SignOff.objects.exists()


def test_a_stale_version_is_refused_with_the_services_message(client, log, supervisor):
    PracticeLog.objects.filter(pk=log.pk).update(version=3)
    response = logged_in(client, supervisor).post(decide_url(log), decision_data(log, version=1))
    assert response.status_code == 400
    assert "This log changed or was already decided." in text(response)
    assert not SignOff.objects.exists()


def test_a_log_decided_in_the_meantime_is_refused_and_shows_its_state(client, log, supervisor):
    practice.practice_log_decide(
        log=PracticeLog.objects.get(pk=log.pk),
        supervisor=supervisor,
        decision=SignOff.Decision.APPROVED,
        attestation="I confirm.",
        signature="In another tab",
        expected_version=1,
    )
    response = logged_in(client, supervisor).post(
        decide_url(log), decision_data(log, decision=SignOff.Decision.REJECTED, comment="No.")
    )
    assert response.status_code == 400
    html = text(response)
    assert "This log changed or was already decided." in html
    assert "In another tab" in html  # the history shows the decision that won
    assert SignOff.objects.count() == 1
    log.refresh_from_db()
    assert log.status == PracticeLog.Status.APPROVED


# --- Home -----------------------------------------------------------------------------------


def test_home_counts_logs_to_review_and_trainees(client, log, supervisor, enrolment, category):
    PracticeLogFactory(enrolment=enrolment, category=category, submitted=True)
    html = text(logged_in(client, supervisor).get(reverse("supervise:home")))
    assert "Practice logs to review" in html and "2 logs are waiting for your decision." in html
    assert "You supervise 1 trainee." in html
    assert QUEUE in html and TRAINEES in html
    assert "Essays to grade" in html


# --- Trainees -------------------------------------------------------------------------------


def test_the_trainees_page_shows_hours_and_pending_counts(client, log, supervisor, category):
    PracticeLogFactory(
        enrolment=log.enrolment, category=category, approved=True, duration_minutes=150
    )
    html = text(logged_in(client, supervisor).get(TRAINEES))
    assert trainee_url(log.enrolment) in html and "Asha Trainee" in html
    row = html[html.index("Asha Trainee") :]
    assert "2 h 30 min" in row  # approved
    assert "1 h" in row  # waiting for review
    assert "10 h" in row  # required
    assert f"?trainee={log.enrolment.user_id}" in row


def test_the_trainees_page_costs_the_same_queries_for_2_or_10_trainees(
    client, django_assert_num_queries
):
    few = _queries(logged_in(client, _supervisor_with(trainees=2, logs=5)), TRAINEES)
    logged_in(client, _supervisor_with(trainees=10, logs=50))
    client.get(TRAINEES)
    with django_assert_num_queries(few):
        html = text(client.get(TRAINEES))
    assert html.count('<th scope="row">') == 10


@pytest.fixture
def competency(course):
    return CompetencyFactory(course=course, name="Holds boundaries under pressure")


def observe(client, enrolment, competency, **overrides):
    data = {
        "observe-competency": str(competency.pk),
        "observe-observed_on": (user_today(enrolment.user) - timedelta(days=1)).isoformat(),
        "observe-rating": "3",
        "observe-evidence": "Kept to the agreed time and said so <kindly>.",
    }
    data.update(overrides)
    return client.post(reverse("supervise:observation_record", args=[enrolment.pk]), data)


def test_the_trainee_page_shows_hours_competencies_and_the_scale(
    client, log, enrolment, competency, supervisor
):
    html = text(logged_in(client, supervisor).get(trainee_url(enrolment)))
    assert "Practice hours" in html and "One-to-one" in html and "10 h" in html
    assert "Holds boundaries under pressure" in html and "Not yet observed" in html
    for level in ("Not yet shown", "Beginning", "Developing", "Shown consistently"):
        assert f">{level}</label>" in html
    assert "de-identified" in html


def test_recording_an_observation_shows_it_with_its_rating_label(
    client, enrolment, competency, supervisor
):
    response = observe(logged_in(client, supervisor), enrolment, competency)
    assert response.status_code == 302 and response.url == trainee_url(enrolment)
    observation = CompetencyObservation.objects.get()
    assert observation.rating == 3 and observation.recorded_by == supervisor
    html = text(client.get(trainee_url(enrolment)))
    assert "Developing" in html and "Observed, not yet signed off" in html
    assert "said so &lt;kindly&gt;." in html and "Your observation is saved." in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"observe-rating": ""}, "Choose a rating."),
        ({"observe-rating": "9"}, "Select a valid choice."),
        ({"observe-evidence": ""}, "Describe what you saw."),
        ({"observe-observed_on": "yesterday"}, "Enter a date, such as"),
        ({"observe-observed_on": "2999-01-01"}, "The date cannot be in the future."),
        ({"observe-evidence": "Call her on 98765 43210"}, "must be de-identified"),
        ({"observe-competency": "0"}, "Select a valid choice."),
    ],
)
def test_observation_errors_are_shown_and_nothing_is_written(
    client, enrolment, competency, supervisor, overrides, message
):
    response = observe(logged_in(client, supervisor), enrolment, competency, **overrides)
    assert response.status_code == 400
    assert message in text(response)
    assert not CompetencyObservation.objects.exists()


def sign_off(client, enrolment, competency, **overrides):
    data = {
        "sign_off-competency": str(competency.pk),
        "sign_off-comment": "Steady and kind.",
        "sign_off-attest": "on",
        "sign_off-signature": "Sam Supervisor",
    }
    data.update(overrides)
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(reverse("supervise:competency_sign_off", args=[enrolment.pk]), data)


def test_signing_off_a_competency_stores_the_attestation_shown(
    client, enrolment, competency, supervisor
):
    logged_in(client, supervisor)
    observe(client, enrolment, competency)
    response = sign_off(client, enrolment, competency)
    assert response.status_code == 302
    record = CompetencySignOff.objects.get()
    assert record.attestation == str(COMPETENCY_ATTESTATION)
    assert record.signature == "Sam Supervisor" and record.comment == "Steady and kind."
    html = text(client.get(trainee_url(enrolment)))
    assert "Signed off by" in html and "Every competency of this course is signed off." in html


@pytest.mark.parametrize(
    ("overrides", "observed", "message"),
    [
        ({}, False, "Record at least one observation before signing off."),
        ({"sign_off-attest": None}, True, "Tick the box to agree to this statement."),
        ({"sign_off-signature": ""}, True, "Type your name as your signature."),
    ],
)
def test_sign_off_errors_are_shown_and_nothing_is_written(
    client, enrolment, competency, supervisor, overrides, observed, message
):
    logged_in(client, supervisor)
    if observed:
        observe(client, enrolment, competency)
    response = sign_off(client, enrolment, competency, **overrides)
    assert response.status_code == 400
    assert message in text(response)
    assert not CompetencySignOff.objects.exists()


def test_a_signed_off_competency_cannot_be_signed_again(client, enrolment, competency, supervisor):
    logged_in(client, supervisor)
    observe(client, enrolment, competency)
    sign_off(client, enrolment, competency)
    response = sign_off(client, enrolment, competency)
    assert response.status_code == 400
    assert "This competency is already signed off." in text(response)
    assert CompetencySignOff.objects.count() == 1
