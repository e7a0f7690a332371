"""The demo course's supervised practice, as `load_demo` builds it from
content.curriculum.practice: loaded idempotently through the practice services, with the
demo supervisor's queue holding the trainee's submitted logs and the trainee's hours shown
against the course's requirements."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    Competency,
    CompetencyObservation,
    CompetencySignOff,
    PracticeCategory,
    PracticeLog,
    PracticeSettings,
    SignOff,
)
from assessments.practice.selectors import (
    practice_hours_summary,
    practice_log_digest,
    supervisor_queue,
)
from assessments.practice.services import EMAIL_RE, PHONE_RE, practice_logs_approve_many
from content.curriculum import COURSE
from content.curriculum import practice as data
from courses.models import Enrolment, Supervision
from courses.services import supervision_assign
from tests.factories import SupervisorFactory

pytestmark = pytest.mark.django_db

COUNTED = [
    PracticeSettings,
    PracticeCategory,
    Competency,
    PracticeLog,
    SignOff,
    CompetencyObservation,
    CompetencySignOff,
    Enrolment,
    Supervision,
]


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _people():
    User = get_user_model()
    return (
        User.objects.get(email="trainee@example.org"),
        User.objects.get(email="supervisor@example.org"),
    )


@pytest.fixture
def demo(mailoutbox, django_capture_on_commit_callbacks):
    # Run what would run after commit (decision emails among it), as a real load would.
    with django_capture_on_commit_callbacks(execute=True):
        first = _load()
    trainee, supervisor = _people()
    enrolment = Enrolment.objects.get(user=trainee, course__slug=COURSE["slug"])
    return first, enrolment, supervisor


def _expected(outcome: str) -> int:
    return sum(1 for entry in data.LOGS if entry["outcome"] == outcome)


def test_loading_twice_creates_nothing_more_and_changes_nothing(demo, mailoutbox):
    first, enrolment, _supervisor = demo
    assert "Demo practice: 4 categor(ies), 4 competenc(ies), 11 log(s)" in first
    before = _counts()
    logs_before = list(PracticeLog.objects.values_list("pk", "status", "version", "started_at"))
    enrolled_at = enrolment.enrolled_at

    second = _load()

    assert _counts() == before
    assert list(PracticeLog.objects.values_list("pk", "status", "version", "started_at")) == (
        logs_before
    )
    enrolment.refresh_from_db()
    assert enrolment.enrolled_at == enrolled_at
    assert "Demo practice: 0 categor(ies), 0 competenc(ies), 0 log(s)" in second
    assert before["PracticeLog"] == len(data.LOGS)
    assert before["CompetencyObservation"] == len(data.OBSERVATIONS)
    assert mailoutbox == []  # the demo's decisions email nobody


def test_the_supervisor_s_queue_holds_the_submitted_logs_oldest_first(demo):
    _first, enrolment, supervisor = demo
    queue = list(supervisor_queue(supervisor=supervisor))
    assert len(queue) == _expected("submitted") == 4
    assert all(log.enrolment_id == enrolment.pk for log in queue)
    assert [log.submitted_at for log in queue] == sorted(log.submitted_at for log in queue)
    assert {log.status for log in queue} == {PracticeLog.Status.SUBMITTED}

    # The demo supervisor can work through it: approving all of them at once succeeds.
    sign_offs = practice_logs_approve_many(
        logs=[(log, log.version) for log in queue],
        supervisor=supervisor,
        attestation="I supervised this practice.",
        signature=supervisor.full_name,
    )
    assert len(sign_offs) == 4
    assert list(supervisor_queue(supervisor=supervisor)) == []


def test_the_trainee_s_summary_shows_approved_hours_against_required(demo):
    _first, enrolment, _supervisor = demo
    summary = practice_hours_summary(enrolment)
    by_name = {category.name: category for category in summary.categories}
    assert {name: c.required_minutes for name, c in by_name.items()} == {
        category["name"]: category["required_hours"] * 60 for category in data.CATEGORIES
    }
    approved = {category["name"]: 0 for category in data.CATEGORIES}
    pending = dict(approved)
    for entry in data.LOGS:
        if entry["outcome"] == "approved":
            approved[entry["category"]] += entry["minutes"]
        if entry["outcome"] == "submitted":
            pending[entry["category"]] += entry["minutes"]
    assert {name: c.approved_minutes for name, c in by_name.items()} == approved
    assert {name: c.pending_minutes for name, c in by_name.items()} == pending
    # Part of the way there in every category, done in none: a demo worth looking at.
    assert all(0 < c.approved_minutes < c.required_minutes for c in summary.categories)


def test_the_records_are_what_the_services_would_write(demo):
    _first, enrolment, supervisor = demo
    logs = list(PracticeLog.objects.filter(enrolment=enrolment))
    statuses = [log.status for log in logs]
    assert statuses.count(PracticeLog.Status.APPROVED) == _expected("approved")
    assert statuses.count(PracticeLog.Status.CHANGES_REQUESTED) == 1
    assert statuses.count(PracticeLog.Status.DRAFT) == 1
    # Every log is dated after the (backdated) enrolment began, and none in the future.
    assert all(enrolment.enrolled_at <= log.started_at < timezone.now() for log in logs)
    assert enrolment.cohort.starts_on <= timezone.localdate(enrolment.enrolled_at)
    supervision = Supervision.objects.get(enrolment=enrolment)
    assert supervision.started_at <= min(log.started_at for log in logs)
    for log in logs:
        assert not PHONE_RE.search(log.description) and not EMAIL_RE.search(log.description)
    for sign_off in SignOff.objects.filter(log__enrolment=enrolment).select_related("log"):
        assert sign_off.decided_by_id == supervisor.pk
        assert sign_off.signature == supervisor.full_name and sign_off.attestation
        assert sign_off.content_digest == practice_log_digest(sign_off.log)
    returned = SignOff.objects.get(decision=SignOff.Decision.CHANGES_REQUESTED)
    assert "without names" in returned.comment
    signed = CompetencySignOff.objects.get(enrolment=enrolment)
    assert signed.competency.name == data.HOLDS_BOUNDARIES


def test_a_reassigned_demo_trainee_is_left_alone(demo):
    _first, enrolment, _supervisor = demo
    supervision_assign(enrolment=enrolment, supervisor=SupervisorFactory())
    before = _counts()
    out = _load()
    assert _counts() == before
    assert "the demo supervisor no longer supervises the demo trainee" in out


def test_the_demo_people_see_it_on_their_pages(demo, client):
    _first, enrolment, supervisor = demo
    client.force_login(supervisor)
    queue_page = client.get(reverse("supervise:practice_queue")).content.decode()
    for log in supervisor_queue(supervisor=supervisor):
        assert reverse("supervise:practice_decide", args=[log.pk]) in queue_page

    client.force_login(enrolment.user)
    hours_page = client.get(reverse("practice:overview")).content.decode()
    # One-to-one: 60 + 75 approved minutes of the 20 hours the demo course asks for.
    assert "2 hours 15 minutes" in hours_page and "20 hours" in hours_page
    for category in data.CATEGORIES:
        assert category["name"] in hours_page
