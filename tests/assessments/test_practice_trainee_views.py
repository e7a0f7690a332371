"""Issue 6, points 1, 2 and 6 from the trainee's side: logging practice, keeping drafts,
submitting and resubmitting, seeing hours against the requirements, the sign-off history and
the competencies, and downloading the hours statement. Every refusal reaches the page with
what was typed kept and nothing written; another person's log is a 404."""

import csv
import html
import io
from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    CompetencyObservation,
    CompetencySignOff,
    PracticeLog,
    PracticeSettings,
    SignOff,
)
from assessments.practice.services import (
    practice_log_create,
    practice_log_decide,
    practice_log_submit,
)
from courses.models import Enrolment
from lms import roles
from lms.timezones import user_today
from tests.factories import (
    CompetencyFactory,
    EnrolmentFactory,
    PracticeCategoryFactory,
    PracticeLogFactory,
    SupervisionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ATTEST = "I supervised this practice and the entry is accurate."
DESCRIPTION = "Listened to a peer talk through a hard week at work; agreed to meet again."
REFLECTION = "I noticed the urge to fix things and sat with it instead."


def _enrol(user, *, supervisor=None, days_ago=30):
    enrolment = EnrolmentFactory(user=user)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - timedelta(days=days_ago)
    )
    enrolment.refresh_from_db()
    if supervisor is not None:
        SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    return enrolment


@pytest.fixture
def enrolment(trainee, supervisor):
    trainee.time_zone = "Asia/Kolkata"
    trainee.save()
    return _enrol(trainee, supervisor=supervisor)


@pytest.fixture
def category(enrolment):
    category = PracticeCategoryFactory(course=enrolment.course, name="One-to-one peer support")
    category.required_minutes = 600
    category.save()
    return category


@pytest.fixture
def trainee_client(client, trainee):
    client.force_login(trainee)
    return client


def _yesterday(user):
    return user_today(user) - timedelta(days=1)


def _post_data(cat, user, **overrides):
    data = {
        "day": _yesterday(user).isoformat(),
        "start": "10:00",
        "hours": "1",
        "minutes": "30",
        "category": str(cat.pk),
        "mode": PracticeLog.Mode.IN_PERSON,
        "description": DESCRIPTION,
        "reflection": REFLECTION,
        "action": "draft",
    }
    data.update(overrides)
    return data


def _log_via_services(enrolment, category, *, day=None, start=time(9, 0), minutes=60, **kw):
    return practice_log_create(
        enrolment=enrolment,
        by=enrolment.user,
        category=category,
        day=day or _yesterday(enrolment.user),
        start=start,
        duration_minutes=minutes,
        mode=PracticeLog.Mode.PHONE,
        description=kw.get("description", DESCRIPTION),
        reflection=kw.get("reflection", REFLECTION),
    )


def _decide(log, supervisor, decision, comment="", signature="Sam Supervisor"):
    log.refresh_from_db()
    return practice_log_decide(
        log=log,
        supervisor=supervisor,
        decision=decision,
        comment=comment,
        attestation=ATTEST,
        signature=signature,
        expected_version=log.version,
    )


def _text(response) -> str:
    return html.unescape(response.content.decode())


# --- A new log ------------------------------------------------------------------------------


def test_new_log_form_says_what_to_leave_out_and_who_reads_what(trainee_client, category):
    response = trainee_client.get(reverse("practice:log_new", args=[category.course_id]))
    assert response.status_code == 200
    text = _text(response)
    # The de-identification rule sits between the description's label and its box.
    label = text.index("What you did")
    rule = text.index("no names, phone numbers or email addresses")
    box = text.index('name="description"')
    assert label < rule < box
    assert "Only you see this. Your supervisor does not" in text
    assert 'value="draft"' in text and 'value="submit"' in text
    # Only this course's categories are offered.
    other = PracticeCategoryFactory(course=EnrolmentFactory().course, name="Elsewhere")
    assert other.name not in text
    assert category.name in text


def test_saving_a_draft_keeps_everything_and_leads_to_the_log(trainee_client, enrolment, category):
    response = trainee_client.post(
        reverse("practice:log_new", args=[enrolment.course_id]),
        _post_data(category, enrolment.user),
    )
    log = PracticeLog.objects.get(enrolment=enrolment)
    assert response.status_code == 302
    assert response["Location"] == f"/learn/practice/logs/{log.pk}/"
    assert log.status == PracticeLog.Status.DRAFT
    assert log.duration_minutes == 90
    assert log.reflection == REFLECTION
    # The start is the trainee's local 10:00 in Kolkata.
    local = log.started_at.astimezone(ZoneInfo("Asia/Kolkata"))
    assert (local.date(), local.hour, local.minute) == (_yesterday(enrolment.user), 10, 0)

    page = _text(trainee_client.get(response["Location"]))
    assert "Your log is saved as a draft." in page
    assert DESCRIPTION in page and REFLECTION in page
    assert "1 hour 30 minutes" in page
    assert "Submit to your supervisor" in page


def test_save_and_submit_sends_it_to_the_supervisor(trainee_client, enrolment, category):
    response = trainee_client.post(
        reverse("practice:log_new", args=[enrolment.course_id]),
        _post_data(category, enrolment.user, action="submit"),
        follow=True,
    )
    log = PracticeLog.objects.get(enrolment=enrolment)
    assert log.status == PracticeLog.Status.SUBMITTED
    assert "Your log is saved and sent to your supervisor." in _text(response)
    assert "Waiting for your supervisor" in _text(response)


def test_without_a_supervisor_the_log_stays_a_draft_and_the_page_says_why(client):
    trainee = UserFactory(role=roles.TRAINEE)
    enrolment = _enrol(trainee)
    category = PracticeCategoryFactory(course=enrolment.course, name="Shadowing")
    client.force_login(trainee)

    form = _text(client.get(reverse("practice:log_new", args=[enrolment.course_id])))
    assert "You do not have a supervisor yet" in form
    assert 'value="submit"' not in form  # no button that can only be refused

    response = client.post(
        reverse("practice:log_new", args=[enrolment.course_id]),
        _post_data(category, trainee, action="submit"),
        follow=True,
    )
    log = PracticeLog.objects.get(enrolment=enrolment)
    assert log.status == PracticeLog.Status.DRAFT
    text = _text(response)
    assert "Your log is saved, but it was not submitted" in text
    assert "You have no supervisor yet, so this log stays a draft" in text

    overview = _text(client.get(reverse("practice:overview")))
    assert "You do not have a supervisor yet" in overview
    assert "keep it as drafts" in overview


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"day": "future"}, "The date cannot be in the future."),
        ({"day": "before_enrolment"}, "The date cannot be before you enrolled in the course."),
        ({"hours": "13", "minutes": "0"}, "The duration must be between 15 and 720 minutes."),
        ({"hours": "0", "minutes": "5"}, "The duration must be between 15 and 720 minutes."),
        (
            {"description": "Rang them back on 98765 43210 the next day."},
            "The description must be de-identified",
        ),
        (
            {"description": "Sent notes to someone@example.org afterwards."},
            "The description must be de-identified",
        ),
        ({"minutes": "ninety"}, "Enter the minutes as a whole number"),
        ({"day": "14/03/2026"}, "Enter the date as year-month-day"),
        ({"start": ""}, "Enter the time the practice started."),
        ({"mode": "carrier pigeon"}, "Select a valid choice"),
        ({"description": "   "}, "Describe the practice (without identifying anyone)."),
    ],
)
def test_refusals_reach_the_page_with_what_was_typed_kept(
    trainee_client, enrolment, category, overrides, message
):
    user = enrolment.user
    if overrides.get("day") == "future":
        overrides["day"] = (user_today(user) + timedelta(days=1)).isoformat()
    elif overrides.get("day") == "before_enrolment":
        overrides["day"] = (user_today(user) - timedelta(days=40)).isoformat()
    data = _post_data(category, user, **overrides)

    response = trainee_client.post(reverse("practice:log_new", args=[enrolment.course_id]), data)

    assert response.status_code == 400
    text = _text(response)
    assert message in text
    assert "Your log was not saved" in text
    assert not PracticeLog.objects.filter(enrolment=enrolment).exists()
    # What was typed is still in the form, reflection included.
    assert REFLECTION in text
    if data["description"].strip():
        assert data["description"] in text
    assert f'value="{data["start"]}"' in text
    assert f'value="{data["hours"]}"' in text


def test_an_overlapping_log_is_refused_with_the_form_kept(trainee_client, enrolment, category):
    _log_via_services(enrolment, category, start=time(10, 30), minutes=60)
    response = trainee_client.post(
        reverse("practice:log_new", args=[enrolment.course_id]),
        _post_data(category, enrolment.user, description="A second, overlapping session."),
    )
    assert response.status_code == 400
    text = _text(response)
    assert "This time overlaps another of your practice logs." in text
    assert "A second, overlapping session." in text
    assert PracticeLog.objects.filter(enrolment=enrolment).count() == 1


def test_a_category_of_another_course_is_refused(trainee_client, enrolment, category):
    foreign = PracticeCategoryFactory(course=EnrolmentFactory().course, name="Foreign")
    response = trainee_client.post(
        reverse("practice:log_new", args=[enrolment.course_id]),
        _post_data(category, enrolment.user, category=str(foreign.pk)),
    )
    assert response.status_code == 400
    assert "Choose one of this course's activities." in _text(response)
    assert DESCRIPTION in _text(response)
    assert not PracticeLog.objects.exists()


def test_course_bounds_come_from_the_course_settings(trainee_client, enrolment, category):
    PracticeSettings.objects.create(course=enrolment.course, min_minutes=30, max_minutes=120)
    form = _text(trainee_client.get(reverse("practice:log_new", args=[enrolment.course_id])))
    assert "Between 30 minutes and 2 hours." in form
    response = trainee_client.post(
        reverse("practice:log_new", args=[enrolment.course_id]),
        _post_data(category, enrolment.user, hours="2", minutes="15"),
    )
    assert "The duration must be between 30 and 120 minutes." in _text(response)


def test_new_log_needs_an_active_enrolment_in_that_course(client, trainee, enrolment, category):
    client.force_login(trainee)
    other_course = EnrolmentFactory().course
    assert client.get(reverse("practice:log_new", args=[other_course.pk])).status_code == 404
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)
    url = reverse("practice:log_new", args=[enrolment.course_id])
    assert client.post(url, _post_data(category, trainee)).status_code == 404
    assert not PracticeLog.objects.exists()


def test_pages_need_a_sign_in(client, enrolment, category):
    log = _log_via_services(enrolment, category)
    for url in (
        reverse("practice:overview"),
        reverse("practice:log", args=[log.pk]),
        reverse("practice:statement", args=[enrolment.course_id]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


# --- One log: detail, edit, submit ----------------------------------------------------------


def test_the_log_page_has_its_emailed_path_and_shows_the_whole_history(
    trainee_client, enrolment, category, supervisor
):
    log = _log_via_services(enrolment, category)
    practice_log_submit(log=log, by=enrolment.user)
    _decide(log, supervisor, SignOff.Decision.CHANGES_REQUESTED, comment="Say which setting.")
    log.refresh_from_db()
    practice_log_submit(log=log, by=enrolment.user)
    _decide(log, supervisor, SignOff.Decision.APPROVED, comment="Thank you, clear now.")

    response = trainee_client.get(f"/learn/practice/logs/{log.pk}/")
    assert response.status_code == 200
    text = _text(response)
    assert "Approved: these hours count" in text
    assert "Say which setting." in text and "Thank you, clear now." in text
    assert text.index("Changes requested") < text.index("Say which setting.")
    assert text.count(f"by {supervisor.full_name} on") == 2
    assert ATTEST in text
    # Approved is final: no edit, no submit, and never a decision of the trainee's own.
    assert reverse("practice:log_edit", args=[log.pk]) not in text
    assert reverse("practice:log_submit", args=[log.pk]) not in text
    assert "/supervise/" not in text
    assert 'name="decision"' not in text
    assert "Request changes" not in text


def test_a_log_of_someone_else_is_not_found(client, enrolment, category, supervisor):
    log = _log_via_services(enrolment, category)
    other_trainee = UserFactory(role=roles.TRAINEE)
    _enrol(other_trainee, supervisor=supervisor)
    urls = [
        reverse("practice:log", args=[log.pk]),
        reverse("practice:log_edit", args=[log.pk]),
    ]
    for user in (other_trainee, supervisor):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404
        assert client.post(reverse("practice:log_submit", args=[log.pk])).status_code == 404
        response = client.post(
            reverse("practice:log_edit", args=[log.pk]),
            _post_data(category, enrolment.user, description="Overwritten by someone else."),
        )
        assert response.status_code == 404
    log.refresh_from_db()
    assert log.status == PracticeLog.Status.DRAFT
    assert log.description == DESCRIPTION


def test_editing_a_draft_bumps_its_version_and_keeps_it_in_the_trainee_zone(
    trainee_client, enrolment, category
):
    log = _log_via_services(enrolment, category, start=time(18, 45))
    url = reverse("practice:log_edit", args=[log.pk])
    form = _text(trainee_client.get(url))
    assert 'value="18:45"' in form  # Kolkata time, not UTC
    assert DESCRIPTION in form and REFLECTION in form

    response = trainee_client.post(
        url,
        _post_data(
            category,
            enrolment.user,
            start="18:45",
            description="Sat with a peer after group.",
            version=str(log.version),
        ),
    )
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.version == 2
    assert log.description == "Sat with a peer after group."
    assert log.duration_minutes == 90
    assert log.status == PracticeLog.Status.DRAFT


def test_an_edit_over_a_newer_version_is_refused(trainee_client, enrolment, category):
    log = _log_via_services(enrolment, category)
    response = trainee_client.post(
        reverse("practice:log_edit", args=[log.pk]),
        _post_data(category, enrolment.user, description="From an old tab.", version="7"),
    )
    assert response.status_code == 400
    assert "This log changed since you opened it" in _text(response)
    assert "From an old tab." in _text(response)
    log.refresh_from_db()
    assert log.description == DESCRIPTION and log.version == 1


def test_a_returned_log_is_fixed_and_resubmitted_with_the_comment_in_view(
    trainee_client, enrolment, category, supervisor
):
    log = _log_via_services(enrolment, category)
    practice_log_submit(log=log, by=enrolment.user)
    _decide(log, supervisor, SignOff.Decision.CHANGES_REQUESTED, comment="Add how long you met.")

    overview = _text(trainee_client.get(reverse("practice:overview")))
    assert "Changes requested" in overview
    assert "Add how long you met." in overview

    detail = _text(trainee_client.get(reverse("practice:log", args=[log.pk])))
    assert "Submit again" in detail
    log.refresh_from_db()
    response = trainee_client.post(
        reverse("practice:log_edit", args=[log.pk]),
        _post_data(
            category,
            enrolment.user,
            start="09:00",
            description="Met for ninety minutes in a quiet cafe.",
            version=str(log.version),
            action="submit",
        ),
        follow=True,
    )
    log.refresh_from_db()
    assert log.status == PracticeLog.Status.SUBMITTED
    assert log.version == 2
    assert "Your log is saved and sent to your supervisor." in _text(response)


def test_submitted_and_approved_logs_cannot_be_edited(trainee_client, enrolment, category):
    log = PracticeLogFactory(enrolment=enrolment, category=category, submitted=True)
    url = reverse("practice:log_edit", args=[log.pk])
    response = trainee_client.post(
        url, _post_data(category, enrolment.user, description="Sneaky."), follow=True
    )
    assert "Only drafts and logs returned for changes can be edited." in _text(response)
    log.refresh_from_db()
    assert log.description != "Sneaky." and log.version == 1
    detail = _text(trainee_client.get(reverse("practice:log", args=[log.pk])))
    assert url not in detail


def test_submit_button_on_the_log_page(trainee_client, enrolment, category):
    log = _log_via_services(enrolment, category)
    response = trainee_client.post(reverse("practice:log_submit", args=[log.pk]), follow=True)
    log.refresh_from_db()
    assert log.status == PracticeLog.Status.SUBMITTED
    assert "Your log is sent to your supervisor." in _text(response)
    # A second submit is refused with the service's words, not an error page.
    again = trainee_client.post(reverse("practice:log_submit", args=[log.pk]), follow=True)
    assert "Only drafts and logs returned for changes can be submitted." in _text(again)


def test_submit_only_by_post(trainee_client, enrolment, category):
    log = _log_via_services(enrolment, category)
    assert trainee_client.get(reverse("practice:log_submit", args=[log.pk])).status_code == 405


def test_what_the_trainee_wrote_is_escaped(trainee_client, enrolment, category):
    log = _log_via_services(
        enrolment, category, description="<script>alert(1)</script> talked", reflection="<b>me</b>"
    )
    body = trainee_client.get(reverse("practice:log", args=[log.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
    assert "<b>me</b>" not in body


# --- The overview ---------------------------------------------------------------------------


def test_overview_shows_hours_against_requirements_logs_and_competencies(
    trainee_client, enrolment, category, supervisor
):
    group = PracticeCategoryFactory(course=enrolment.course, name="Group facilitation")
    approved = _log_via_services(enrolment, category, start=time(8, 0), minutes=120)
    practice_log_submit(log=approved, by=enrolment.user)
    _decide(approved, supervisor, SignOff.Decision.APPROVED)
    waiting = _log_via_services(enrolment, category, start=time(12, 0), minutes=45)
    practice_log_submit(log=waiting, by=enrolment.user)
    _log_via_services(enrolment, group, start=time(15, 0), minutes=30)

    signed = CompetencyFactory(course=enrolment.course, name="Holds boundaries under pressure")
    observed = CompetencyFactory(course=enrolment.course, name="Looks after their own wellbeing")
    CompetencyFactory(course=enrolment.course, name="Uses self-disclosure with purpose")
    for competency, rating in ((observed, 2), (observed, 3)):
        CompetencyObservation.objects.create(
            enrolment=enrolment,
            competency=competency,
            observed_on=_yesterday(enrolment.user),
            rating=rating,
            evidence="Seen in a group session.",
            recorded_by=supervisor,
            recorded_at=timezone.now(),
        )
    CompetencySignOff.objects.create(
        enrolment=enrolment,
        competency=signed,
        decided_by=supervisor,
        decided_at=timezone.now(),
        attestation=ATTEST,
        signature="Sam",
        content_digest="0" * 64,
    )

    response = trainee_client.get(reverse("practice:overview"))
    assert response.status_code == 200
    text = _text(response)
    assert f"Your supervisor is {supervisor.full_name}." in text
    assert "In total: 2 hours of the 10 hours required (20%)" in text
    assert 'max="600" value="120"' in text
    assert "45 minutes waiting for your supervisor" in text
    assert "One-to-one peer support" in text and "Group facilitation" in text
    assert "None set" in text  # group facilitation has no requirement
    # Logs, newest first, with dates in the trainee's zone and their status.
    assert text.index("15:00") < text.index("12:00") < text.index("08:00")
    assert "Approved" in text and "Submitted" in text and "Draft" in text
    assert DESCRIPTION not in text and REFLECTION not in text
    # Competencies with their status.
    assert "Signed off" in text
    assert "Observed, not yet signed off" in text
    assert "2 observations" in text
    assert "latest rating: Developing" in text
    assert "Not yet observed" in text
    assert "Seen in a group session." not in text


def test_overview_queries_do_not_grow_with_the_number_of_logs(
    trainee_client, enrolment, category, django_assert_num_queries
):
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=1)

    def add_logs(first, count):
        for n in range(first, first + count):
            log = PracticeLogFactory(
                enrolment=enrolment,
                category=category,
                started_at=start - timedelta(hours=2 * n),
                status=PracticeLog.Status.SUBMITTED,
            )
            if n % 2:
                SignOff.objects.create(
                    log=log,
                    decided_by=enrolment.supervisions.get().supervisor,
                    decided_at=timezone.now(),
                    decision=SignOff.Decision.CHANGES_REQUESTED,
                    comment=f"Comment {n}",
                    attestation=ATTEST,
                    signature="Sam",
                    content_digest="0" * 64,
                    log_version=1,
                )
                PracticeLog.objects.filter(pk=log.pk).update(
                    status=PracticeLog.Status.CHANGES_REQUESTED
                )

    add_logs(0, 5)
    url = reverse("practice:overview")
    trainee_client.get(url)
    with CaptureQueriesContext(connection) as few:
        response = trainee_client.get(url)
    assert _text(response).count("Comment ") == 2

    add_logs(5, 45)
    with django_assert_num_queries(len(few.captured_queries)):
        response = trainee_client.get(url)
    # One page of the 50: the 25 newest, of which 12 were returned with a comment.
    assert response.content.count(b'href="/learn/practice/logs/') == 25
    assert _text(response).count("Comment ") == 12


def test_overview_without_enrolments(client):
    client.force_login(UserFactory(role=roles.TRAINEE))
    text = _text(client.get(reverse("practice:overview")))
    assert "You are not enrolled in a course with supervised practice." in text


def test_a_course_the_trainee_left_keeps_only_its_statements_on_the_overview(
    trainee_client, enrolment, category
):
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)
    course = enrolment.course

    response = trainee_client.get(reverse("practice:overview"))
    page = response.content.decode()
    text = _text(response)

    assert "Courses you have left" in text
    assert reverse("practice:statement", args=[course.pk]) in page
    assert reverse("certificates:statement_pdf", args=[course.pk]) in page
    assert reverse("practice:log_new", args=[course.pk]) not in page  # no new logs there
    assert "You are not enrolled in a course with supervised practice." in text


# --- The hours statement --------------------------------------------------------------------


def test_statement_csv_lists_approved_entries_safely(
    trainee_client, enrolment, category, supervisor
):
    approved = _log_via_services(enrolment, category, start=time(8, 0), minutes=120)
    practice_log_submit(log=approved, by=enrolment.user)
    _decide(approved, supervisor, SignOff.Decision.APPROVED, signature='=HYPERLINK("x")')
    _log_via_services(enrolment, category, start=time(12, 0), minutes=45)  # a draft: left out

    response = trainee_client.get(reverse("practice:statement", args=[enrolment.course_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = user_today(enrolment.user).isoformat()
    slug = enrolment.course.slug
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="hours-statement-{slug}-{today}.csv"'
    )
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert REFLECTION not in text
    assert DESCRIPTION not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Log"
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Minutes"] == "120"
    assert row["Activity"] == "One-to-one peer support"
    assert row["Approved by"] == supervisor.full_name
    assert row["Signature"] == '\'=HYPERLINK("x")'  # guarded against formula injection


def test_statement_of_another_course_is_not_found(trainee_client, enrolment):
    other = EnrolmentFactory().course
    assert trainee_client.get(reverse("practice:statement", args=[other.pk])).status_code == 404


def test_statement_cells_that_start_a_formula_are_neutralised():
    from lms.spreadsheets import csv_cell as csv_safe

    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert csv_safe(value) == "'" + value
    assert csv_safe("Plain") == "Plain"
    assert csv_safe(-5) == -5


# --- The dashboard and the course page ------------------------------------------------------


def test_dashboard_and_course_page_link_to_practice_with_hours(
    trainee_client, enrolment, category, supervisor
):
    log = _log_via_services(enrolment, category, minutes=90)
    practice_log_submit(log=log, by=enrolment.user)
    _decide(log, supervisor, SignOff.Decision.APPROVED)

    dashboard = _text(trainee_client.get(reverse("courses:dashboard")))
    assert "Supervised practice" in dashboard
    assert 'href="/learn/practice/"' in dashboard

    course_page = _text(trainee_client.get(enrolment.course.url))
    assert "1 hour 30 minutes of the 10 hours required (15%)" in course_page
    assert f'href="/learn/practice/{enrolment.course_id}/new/"' in course_page


def test_no_practice_panel_on_a_course_without_practice(trainee_client, enrolment):
    # The certificate checklist may name the practice rule; the practice panel is absent.
    assert 'class="practice-panel"' not in trainee_client.get(enrolment.course.url).content.decode()


def test_no_practice_link_on_the_dashboard_without_enrolments(client):
    client.force_login(UserFactory(role=roles.TRAINEE))
    assert "Supervised practice" not in _text(client.get(reverse("courses:dashboard")))


def test_the_log_list_is_paged_newest_first(trainee_client, enrolment, category):
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=1)
    for n in range(30):
        PracticeLogFactory(
            enrolment=enrolment, category=category, started_at=start - timedelta(hours=2 * n)
        )
    url = reverse("practice:overview")
    first = trainee_client.get(url).content.decode()
    assert first.count("open this log") == 25
    assert "Older logs" in first and "Page 1 of 2" in first
    second = trainee_client.get(f"{url}?page-{enrolment.pk}=2").content.decode()
    assert second.count("open this log") == 5
    assert "Newer logs" in second
    assert trainee_client.get(f"{url}?page-{enrolment.pk}=abc").status_code == 200
