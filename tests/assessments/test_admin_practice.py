"""Practice in the Wagtail admin: editors set up a course's categories (in hours), settings and
competencies with clear refusals; records that trainees' logs point at cannot be deleted or
moved; programme admins read a trainee's history with every sign-off (never the reflection),
download a cohort's hours as a guarded CSV, and reassign a supervisor so pending logs move."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import admin_menu

from assessments.models import (
    Competency,
    CompetencyObservation,
    PracticeCategory,
    PracticeLog,
    PracticeSettings,
    SignOff,
)
from assessments.practice.selectors import supervisor_queue
from assessments.practice.services import practice_log_decide
from courses.models import Enrolment, Supervision
from courses.services import enrolment_create
from lms import roles
from tests.factories import (
    CohortFactory,
    CompetencyFactory,
    PracticeCategoryFactory,
    PracticeLogFactory,
    SupervisorFactory,
    UserFactory,
    course_tree_build,
)

pytestmark = pytest.mark.django_db

ADMIN_HOME = "/admin/"
ATTEST = "I supervised this practice and the entry is accurate."
REFLECTION = "Private: it reminded me of my own hardest winter."


@pytest.fixture
def course(db):
    return course_tree_build(modules=1, lessons=1, title="Foundations").course


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def admin_client(client, programme_admin):
    client.force_login(programme_admin)
    return client


def _backdated(enrolment, days=30):
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - timedelta(days=days)
    )
    enrolment.refresh_from_db()
    return enrolment


def menu_labels(rf, user) -> dict[str, list[str]]:
    request = rf.get("/admin/")
    request.user = user
    return {
        str(item.label): [str(sub.label) for sub in item.menu.menu_items_for_request(request)]
        if hasattr(item, "menu")
        else []
        for item in admin_menu.menu_items_for_request(request)
    }


# --- Categories ------------------------------------------------------------------------------


def category_data(course, /, **overrides):
    data = {
        "course": course.pk,
        "name": "One-to-one peer support",
        "required_hours": "1.5",
        "sort_order": "0",
    }
    data.update(overrides)
    return data


def test_editor_adds_a_category_in_hours_and_it_is_kept_in_minutes(editor_client, course):
    response = editor_client.post(reverse("practice_category:add"), category_data(course))
    assert response.status_code == 302
    category = PracticeCategory.objects.get()
    assert (category.course_id, category.name, category.required_minutes) == (
        course.pk,
        "One-to-one peer support",
        90,
    )
    listing = editor_client.get(reverse("practice_category:index")).content.decode()
    assert "One-to-one peer support" in listing and "1.5" in listing
    form = editor_client.get(reverse("practice_category:edit", args=[category.pk]))
    assert form.context["form"]["required_hours"].value() == "1.5"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"required_hours": "-2"}, "greater than or equal to 0"),
        ({"required_hours": "lots"}, "Enter a number"),
        ({"required_hours": "20000"}, "less than or equal to 10000"),
        ({"name": ""}, "This field is required"),
        ({"course": "999999"}, "Select a valid choice"),
    ],
)
def test_category_form_refuses_bad_input_with_a_message(editor_client, course, overrides, message):
    response = editor_client.post(
        reverse("practice_category:add"), category_data(course, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PracticeCategory.objects.exists()


def test_a_course_cannot_have_two_categories_of_the_same_name(editor_client, course):
    PracticeCategoryFactory(course=course, name="Shadowing")
    response = editor_client.post(
        reverse("practice_category:add"), category_data(course, name="shadowing ")
    )
    assert response.status_code == 200
    assert "Foundations already has a category called “shadowing”." in response.content.decode()
    assert PracticeCategory.objects.count() == 1


def test_a_category_with_logs_is_not_deleted_nor_moved_to_another_course(editor_client, course):
    log = PracticeLogFactory(
        enrolment=_backdated(enrolment_create(user=UserFactory(), course=course))
    )
    category = log.category
    response = editor_client.post(reverse("practice_category:delete", args=[category.pk]))
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("trainees have practice logs in it" in m for m in messages)
    assert PracticeCategory.objects.filter(pk=category.pk).exists()

    other = course_tree_build(modules=1, lessons=1, title="Advanced").course
    response = editor_client.post(
        reverse("practice_category:edit", args=[category.pk]),
        category_data(other, name=category.name),
    )
    assert response.status_code == 200
    assert "stays in its course" in response.content.decode()
    category.refresh_from_db()
    assert category.course_id == course.pk


def test_an_unused_category_is_deleted(editor_client, course):
    category = PracticeCategoryFactory(course=course, name="Shadowing")
    response = editor_client.post(reverse("practice_category:delete", args=[category.pk]))
    assert response.status_code == 302
    assert not PracticeCategory.objects.exists()


# --- Settings --------------------------------------------------------------------------------


def settings_data(course, /, **overrides):
    data = {
        "course": course.pk,
        "min_minutes": "30",
        "max_minutes": "240",
        "rating_scale": "  Not yet \r\n\r\nSometimes\r\nConsistently  ",
    }
    data.update(overrides)
    return data


def test_editor_sets_a_course_s_bounds_and_rating_scale(editor_client, course):
    response = editor_client.post(reverse("practice_settings:add"), settings_data(course))
    assert response.status_code == 302
    saved = PracticeSettings.objects.get()
    assert (saved.course_id, saved.min_minutes, saved.max_minutes) == (course.pk, 30, 240)
    assert saved.rating_scale == "Not yet\nSometimes\nConsistently"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"min_minutes": "0"}, "at least 1 minute"),
        ({"min_minutes": "120", "max_minutes": "60"}, "cannot be shorter than the shortest"),
        ({"max_minutes": "1500"}, "at most 1440 minutes"),
        ({"max_minutes": "-5"}, "greater than or equal to 0"),
        ({"rating_scale": "Only one level"}, "at least two levels"),
        ({"rating_scale": "Good\ngood"}, "Each level must be different"),
        ({"rating_scale": "\n".join(f"Level {n}" for n in range(11))}, "at most 10 levels"),
        ({"rating_scale": "Fine\n" + "x" * 81}, "80 characters or fewer"),
    ],
)
def test_settings_form_refuses_bad_input_with_a_message(editor_client, course, overrides, message):
    response = editor_client.post(
        reverse("practice_settings:add"), settings_data(course, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PracticeSettings.objects.exists()


def test_a_second_settings_row_for_a_course_is_refused(editor_client, course):
    PracticeSettings.objects.create(course=course)
    response = editor_client.post(reverse("practice_settings:add"), settings_data(course))
    assert response.status_code == 200
    assert "Foundations already has practice settings: edit those instead." in (
        response.content.decode()
    )
    assert PracticeSettings.objects.count() == 1


def test_the_scale_cannot_shrink_below_ratings_already_given(editor_client, course, supervisor):
    settings = PracticeSettings.objects.create(course=course)
    enrolment = enrolment_create(user=UserFactory(), course=course)
    CompetencyObservation.objects.create(
        enrolment=enrolment,
        competency=CompetencyFactory(course=course, name="Holds boundaries"),
        observed_on=date.today(),
        rating=3,
        evidence="Kept to the agreed time kindly.",
        recorded_by=supervisor,
        recorded_at=timezone.now(),
    )
    url = reverse("practice_settings:edit", args=[settings.pk])
    response = editor_client.post(url, settings_data(course, rating_scale="Not yet\nShown"))
    assert response.status_code == 200
    assert "up to level 3" in response.content.decode()
    settings.refresh_from_db()
    assert settings.rating_scale == PracticeSettings.DEFAULT_RATING_SCALE
    # The course is fixed once chosen: posting another one changes nothing.
    other = course_tree_build(modules=1, lessons=1, title="Advanced").course
    response = editor_client.post(url, settings_data(other, rating_scale="A\nB\nC"))
    assert response.status_code == 302
    settings.refresh_from_db()
    assert (settings.course_id, settings.rating_scale) == (course.pk, "A\nB\nC")


# --- Competencies ----------------------------------------------------------------------------


def test_editor_adds_a_competency_and_duplicates_are_refused(editor_client, course):
    data = {
        "course": course.pk,
        "name": "Recognises risk and follows the referral protocol",
        "description": "Stays with the person and brings in help.",
        "sort_order": "1",
    }
    assert editor_client.post(reverse("competency:add"), data).status_code == 302
    response = editor_client.post(reverse("competency:add"), data)
    assert response.status_code == 200
    assert "already has a competency called" in response.content.decode()
    assert Competency.objects.count() == 1


def test_a_competency_with_observations_is_not_deleted(editor_client, course, supervisor):
    competency = CompetencyFactory(course=course, name="Holds boundaries")
    CompetencyObservation.objects.create(
        enrolment=enrolment_create(user=UserFactory(), course=course),
        competency=competency,
        observed_on=date.today(),
        rating=2,
        evidence="Named the limit of the call and kept to it.",
        recorded_by=supervisor,
        recorded_at=timezone.now(),
    )
    response = editor_client.post(reverse("competency:delete", args=[competency.pk]))
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("supervisors have recorded observations" in m for m in messages)
    assert Competency.objects.filter(pk=competency.pk).exists()


# --- Who reaches what ------------------------------------------------------------------------


def _setup_urls(course):
    category = PracticeCategoryFactory(course=course, name="Shadowing")
    settings = PracticeSettings.objects.create(course=course)
    competency = CompetencyFactory(course=course, name="Holds boundaries")
    return [
        reverse("practice_category:index"),
        reverse("practice_category:add"),
        reverse("practice_category:edit", args=[category.pk]),
        reverse("practice_category:delete", args=[category.pk]),
        reverse("practice_settings:index"),
        reverse("practice_settings:edit", args=[settings.pk]),
        reverse("competency:index"),
        reverse("competency:edit", args=[competency.pk]),
    ]


def _record_urls(course):
    cohort = CohortFactory(course=course)
    enrolment = enrolment_create(user=UserFactory(), course=course, cohort=cohort)
    return [
        reverse("practice_records:index"),
        reverse("practice_records:history", args=[enrolment.pk]),
        reverse("practice_records:cohort_csv", args=[cohort.pk]),
    ]


@pytest.mark.parametrize("role", [roles.TRAINEE, roles.SUPERVISOR])
def test_trainees_and_supervisors_are_refused_every_practice_admin_page(client, course, role):
    client.force_login(UserFactory(role=role))
    for url in _setup_urls(course) + _record_urls(course):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("practice_category:add"), category_data(course, name="New"))
    assert response.status_code == 403
    assert not PracticeCategory.objects.filter(name="New").exists()


@pytest.mark.parametrize("role", [roles.CLINICAL_REVIEWER, roles.PROGRAMME_ADMIN])
def test_only_editors_change_the_practice_set_up(client, course, role):
    client.force_login(UserFactory(role=role))
    for url in _setup_urls(course):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == ADMIN_HOME, url
    client.post(reverse("practice_category:add"), category_data(course, name="New"))
    assert not PracticeCategory.objects.filter(name="New").exists()


@pytest.mark.parametrize("role", [roles.CONTENT_EDITOR, roles.CLINICAL_REVIEWER])
def test_editors_and_reviewers_cannot_read_trainees_records(client, course, role):
    client.force_login(UserFactory(role=role))
    for url in _record_urls(course):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == ADMIN_HOME, url


def test_each_role_sees_its_part_of_the_practice_menu(rf, editor, programme_admin, reviewer):
    assert menu_labels(rf, editor)["Practice"] == [
        "Practice categories",
        "Practice settings",
        "Competencies",
    ]
    assert menu_labels(rf, programme_admin)["Practice"] == ["Practice records"]
    assert "Practice" not in menu_labels(rf, reviewer)


# --- Records, history and the cohort's hours -------------------------------------------------


@pytest.fixture
def supervised(course, supervisor):
    """A cohort with one trainee under `supervisor`, enrolled a month ago, and a category."""
    cohort = CohortFactory(course=course, name="Pune, March")
    trainee = UserFactory(role=roles.TRAINEE, full_name="Asha Verma", email="asha@example.org")
    enrolment = _backdated(
        enrolment_create(user=trainee, course=course, cohort=cohort, supervisor=supervisor)
    )
    category = PracticeCategoryFactory(
        course=course, name="One-to-one peer support", required_minutes=600
    )
    return cohort, enrolment, category


def _decided(enrolment, category, supervisor, decision, comment="", **log_fields):
    log = PracticeLogFactory(
        enrolment=enrolment, category=category, submitted=True, reflection=REFLECTION, **log_fields
    )
    sign_off = practice_log_decide(
        log=log,
        supervisor=supervisor,
        decision=decision,
        comment=comment,
        attestation=ATTEST,
        signature=supervisor.full_name,
        expected_version=log.version,
    )
    return log, sign_off


def test_history_shows_every_sign_off_but_never_the_reflection(
    admin_client, supervised, supervisor
):
    _cohort, enrolment, category = supervised
    returned, first = _decided(
        enrolment, category, supervisor, SignOff.Decision.CHANGES_REQUESTED, "Say who <b>led</b>."
    )
    approved, second = _decided(enrolment, category, supervisor, SignOff.Decision.APPROVED)
    PracticeLogFactory(enrolment=enrolment, category=category, reflection=REFLECTION)

    response = admin_client.get(reverse("practice_records:history", args=[enrolment.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert REFLECTION not in page and "hardest winter" not in page
    for sign_off in (first, second):
        assert sign_off.content_digest in page
    assert "Changes requested" in page and "Approved" in page
    assert "Say who &lt;b&gt;led&lt;/b&gt;." in page and "<b>led</b>" not in page
    assert f"Signed: {supervisor.full_name}" in page
    assert returned.description in page
    assert "No decision yet." in page


def test_records_list_costs_the_same_for_many_trainees(
    admin_client, supervised, supervisor, django_assert_num_queries
):
    cohort, enrolment, category = supervised
    _decided(enrolment, category, supervisor, SignOff.Decision.APPROVED, duration_minutes=90)
    url = reverse("practice_records:index") + f"?cohort={cohort.pk}"

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        return len(queries)

    few = count()
    for _n in range(6):
        other = enrolment_create(
            user=UserFactory(), course=cohort.course, cohort=cohort, supervisor=supervisor
        )
        PracticeLogFactory(enrolment=_backdated(other), category=category, submitted=True)
    with django_assert_num_queries(few):
        response = admin_client.get(url)
    page = response.content.decode()
    assert "Asha Verma" in page and "1.5" in page
    assert reverse("practice_records:cohort_csv", args=[cohort.pk]) in page


def _csv(response):
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_cohort_hours_csv_lists_each_trainee_and_category_and_guards_formulas(
    admin_client, supervised, supervisor
):
    cohort, enrolment, category = supervised
    PracticeCategoryFactory(course=cohort.course, name="=Group facilitation", required_minutes=120)
    _decided(enrolment, category, supervisor, SignOff.Decision.APPROVED, duration_minutes=90)
    PracticeLogFactory(enrolment=enrolment, category=category, submitted=True, duration_minutes=45)
    sly = enrolment_create(
        user=UserFactory(full_name='=HYPERLINK("http://x.example","x")', email="b@example.org"),
        course=cohort.course,
        cohort=cohort,
    )
    enrolment_create(user=UserFactory(), course=cohort.course)  # not in the cohort

    response = admin_client.get(reverse("practice_records:cohort_csv", args=[cohort.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="practice-hours-pune-march.csv"' in response["Content-Disposition"]
    rows = _csv(response)
    header, body = rows[0], rows[1:]
    assert header == [
        "Trainee",
        "Email",
        "Enrolment",
        "Activity",
        "Required minutes",
        "Approved minutes",
        "Pending minutes",
    ]
    asha = {row[3]: row for row in body if row[1] == "asha@example.org"}
    assert asha["One-to-one peer support"][4:] == ["600", "90", "45"]
    assert asha["'=Group facilitation"][4:] == ["120", "0", "0"]
    sly_rows = [row for row in body if row[1] == "b@example.org"]
    assert len(sly_rows) == 2 and all(row[0].startswith("'=HYPERLINK") for row in sly_rows)
    assert len(body) == 4 and sly.pk


def test_cohort_csv_of_a_missing_cohort_is_404(admin_client):
    assert (
        admin_client.get(reverse("practice_records:cohort_csv", args=[999999])).status_code == 404
    )
    assert admin_client.get(reverse("practice_records:history", args=[999999])).status_code == 404


def test_reassigning_moves_pending_logs_and_keeps_earlier_sign_offs(
    admin_client, supervised, supervisor
):
    _cohort, enrolment, category = supervised
    approved, sign_off = _decided(enrolment, category, supervisor, SignOff.Decision.APPROVED)
    pending = PracticeLogFactory(enrolment=enrolment, category=category, submitted=True)
    assert list(supervisor_queue(supervisor=supervisor)) == [pending]
    successor = SupervisorFactory(full_name="Ravi Menon")

    response = admin_client.post(
        reverse("enrolment:assign", args=[enrolment.pk]), {"supervisor": successor.pk}
    )
    assert response.status_code == 302

    assert list(supervisor_queue(supervisor=successor)) == [pending]
    assert list(supervisor_queue(supervisor=supervisor)) == []
    kept = SignOff.objects.get(pk=sign_off.pk)
    assert (kept.decided_by_id, kept.content_digest, kept.decision) == (
        supervisor.pk,
        sign_off.content_digest,
        SignOff.Decision.APPROVED,
    )
    approved.refresh_from_db()
    assert approved.status == PracticeLog.Status.APPROVED
    history = list(Supervision.objects.filter(enrolment=enrolment).order_by("started_at", "pk"))
    assert [(s.supervisor_id, s.ended_at is None) for s in history] == [
        (supervisor.pk, False),
        (successor.pk, True),
    ]
    # The new supervisor decides; the page shows both supervisors' sign-offs.
    practice_log_decide(
        log=pending,
        supervisor=successor,
        decision=SignOff.Decision.APPROVED,
        attestation=ATTEST,
        signature=successor.full_name,
        expected_version=pending.version,
    )
    page = admin_client.get(reverse("practice_records:history", args=[enrolment.pk]))
    assert page.content.decode().count("Signed: ") == 2
