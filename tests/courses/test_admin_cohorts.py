"""Programme admins run cohorts and enrolments in the Wagtail admin; nobody else can."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from courses.models import Cohort, Enrolment, Supervision
from courses.services import enrolment_create
from lms import roles
from lms.models import Invitation
from tests.factories import CohortFactory, SupervisorFactory, UserFactory, course_tree_build

User = get_user_model()
ADMIN_HOME = "/admin/"


@pytest.fixture
def course(db):
    return course_tree_build(modules=1, lessons=1, title="Foundations").course


@pytest.fixture
def admin_client(client, programme_admin):
    client.force_login(programme_admin)
    return client


def cohort_data(course, /, **overrides):
    data = {
        "course": course.pk,
        "name": "Pune, March",
        "starts_on": "2026-03-02",
        "ends_on": "2026-06-30",
    }
    data.update(overrides)
    return data


# --- Cohorts --------------------------------------------------------------------------------


def test_programme_admin_creates_a_cohort_with_supervisors(admin_client, course):
    meera = SupervisorFactory(full_name="Meera Iyer")
    page = admin_client.get(reverse("cohort:add")).content.decode()
    assert "Meera Iyer" in page and "Foundations" in page
    response = admin_client.post(
        reverse("cohort:add"), {**cohort_data(course), "supervisors": [meera.pk]}
    )
    assert response.status_code == 302
    cohort = Cohort.objects.get()
    assert cohort.course.specific == course and cohort.name == "Pune, March"
    assert cohort.starts_on == datetime.date(2026, 3, 2)
    assert list(cohort.supervisors.all()) == [meera]


def test_cohort_must_end_after_it_starts(admin_client, course):
    response = admin_client.post(
        reverse("cohort:add"), cohort_data(course, starts_on="2026-06-01", ends_on="2026-05-01")
    )
    assert response.status_code == 200
    assert "must end on or after its start date (2026-06-01)" in response.content.decode()
    assert not Cohort.objects.exists()


def test_cohort_refuses_non_supervisors_unpublished_courses_and_duplicate_names(
    admin_client, course
):
    trainee = UserFactory(role=roles.TRAINEE, full_name="Not A Supervisor")
    assert "Not A Supervisor" not in admin_client.get(reverse("cohort:add")).content.decode()
    response = admin_client.post(
        reverse("cohort:add"), {**cohort_data(course), "supervisors": [trainee.pk]}
    )
    assert response.status_code == 200 and not Cohort.objects.exists()

    draft = course_tree_build(modules=1, lessons=1, title="Draft course")
    draft.course.unpublish()
    response = admin_client.post(reverse("cohort:add"), cohort_data(draft.course))
    assert response.status_code == 200 and not Cohort.objects.exists()

    CohortFactory(course=course, name="Pune, March")
    response = admin_client.post(reverse("cohort:add"), cohort_data(course, name="pune, march"))
    assert response.status_code == 200
    assert "already has a cohort called" in response.content.decode()
    assert Cohort.objects.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"starts_on": "not a date"},
        {"course": "abc"},
        {"course": "999999"},
        {"name": ""},
        {"name": "x" * 500},
        {"supervisors": ["abc"]},
    ],
)
def test_cohort_form_garbage_is_a_form_error(admin_client, course, overrides):
    response = admin_client.post(reverse("cohort:add"), cohort_data(course, **overrides))
    assert response.status_code == 200
    assert not Cohort.objects.exists()


def test_deleting_a_cohort_with_enrolments_is_refused_with_a_message(admin_client, trainee):
    cohort = CohortFactory()
    enrolment_create(user=trainee, course=cohort.course, cohort=cohort)
    response = admin_client.post(reverse("cohort:delete", args=[cohort.pk]), follow=True)
    assert response.status_code == 200
    assert "has enrolments, so it cannot be deleted" in response.content.decode()
    assert Cohort.objects.filter(pk=cohort.pk).exists()


def test_cohort_list_queries_do_not_grow_with_rows(admin_client, django_assert_max_num_queries):
    course = course_tree_build(modules=1, lessons=1).course
    supervisors = [SupervisorFactory() for _ in range(3)]
    CohortFactory(course=course, supervisors=supervisors)
    admin_client.get(reverse("cohort:index"))
    with django_assert_max_num_queries(40) as few:
        admin_client.get(reverse("cohort:index"))
    for _ in range(12):
        CohortFactory(course=course, supervisors=supervisors)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(reverse("cohort:index"))
    assert response.status_code == 200


# --- Enrolling one by one -------------------------------------------------------------------


def test_enrol_an_existing_person_with_a_supervisor(admin_client, course, trainee):
    cohort = CohortFactory(course=course)
    supervisor = SupervisorFactory()
    response = admin_client.post(
        reverse("enrolment:add"),
        {"email": trainee.email.upper(), "cohort": cohort.pk, "supervisor": supervisor.pk},
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(user=trainee)
    assert enrolment.cohort == cohort and enrolment.course_id == course.pk
    assert enrolment.supervisions.get().supervisor == supervisor
    assert mail.outbox == []


def test_enrol_a_new_person_creates_an_account_and_invites_them(
    admin_client, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("enrolment:add"),
            {"email": "new@example.org", "full_name": "New  Person", "course": course.pk},
        )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.full_name == "New Person" and not user.has_usable_password()
    assert user.groups.filter(name=roles.TRAINEE).exists()
    assert Enrolment.objects.filter(user=user, course=course, cohort=None).exists()
    assert Invitation.objects.filter(user=user).count() == 1
    assert len(mail.outbox) == 1


def test_enrol_form_errors(admin_client, course, trainee):
    url = reverse("enrolment:add")
    enrolment_create(user=trainee, course=course)
    plain = UserFactory(role=roles.TRAINEE)
    other_cohort = CohortFactory()
    cases = [
        ({"email": trainee.email, "course": course.pk}, "is already enrolled in Foundations"),
        ({"email": "nobody@example.org", "course": course.pk}, "Give the person&#x27;s full name"),
        ({"email": "not-an-email", "course": course.pk}, "valid email"),
        ({"email": plain.email}, "Choose a cohort or a course"),
        ({"email": plain.email, "course": course.pk, "supervisor": plain.pk}, "valid choice"),
        (
            {"email": plain.email, "course": course.pk, "cohort": other_cohort.pk},
            "belongs to another course",
        ),
        ({"email": plain.email, "course": "abc", "cohort": "xyz"}, "valid choice"),
    ]
    for data, message in cases:
        response = admin_client.post(url, data)
        assert response.status_code == 200, data
        assert message in response.content.decode(), data
    assert Enrolment.objects.count() == 1
    assert not User.objects.filter(email="nobody@example.org").exists()


def test_enrolment_list_queries_do_not_grow_with_rows(
    admin_client, course, django_assert_max_num_queries
):
    cohort = CohortFactory(course=course)
    supervisor = SupervisorFactory()
    enrolment_create(user=UserFactory(), course=course, cohort=cohort, supervisor=supervisor)
    url = reverse("enrolment:index")
    admin_client.get(url)
    with django_assert_max_num_queries(40) as few:
        admin_client.get(url)
    for _ in range(15):
        enrolment_create(user=UserFactory(), course=course, cohort=cohort, supervisor=supervisor)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(url)
    page = response.content.decode()
    assert supervisor.full_name in page and cohort.name in page


def test_enrolment_list_filters_and_search(admin_client, course):
    cohort = CohortFactory(course=course)
    asha = UserFactory(full_name="Asha Rao")
    ravi = UserFactory(full_name="Ravi Kumar")
    enrolment_create(user=asha, course=course, cohort=cohort, supervisor=SupervisorFactory())
    enrolment_create(user=ravi, course=course)
    url = reverse("enrolment:index")
    page = admin_client.get(url, {"has_supervisor": "false"}).content.decode()
    assert "Ravi Kumar" in page and "Asha Rao" not in page
    page = admin_client.get(url, {"cohort": cohort.pk}).content.decode()
    assert "Asha Rao" in page and "Ravi Kumar" not in page
    page = admin_client.get(url, {"q": "ravi"}).content.decode()
    assert "Ravi Kumar" in page and "Asha Rao" not in page
    assert admin_client.get(url, {"cohort": "abc", "course": "-1", "p": "zz"}).status_code == 200


def test_enrolment_edit_moves_cohort_within_the_course_only(admin_client, course, trainee):
    here, there = CohortFactory(course=course), CohortFactory(course=course)
    elsewhere = CohortFactory()
    enrolment = enrolment_create(user=trainee, course=course, cohort=here)
    url = reverse("enrolment:edit", args=[enrolment.pk])
    response = admin_client.post(url, {"cohort": elsewhere.pk, "status": "active"})
    assert response.status_code == 200
    enrolment.refresh_from_db()
    assert enrolment.cohort == here
    response = admin_client.post(url, {"cohort": there.pk, "status": "withdrawn"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.cohort == there and enrolment.status == Enrolment.Status.WITHDRAWN


# --- Who may see all this -------------------------------------------------------------------


def admin_urls(cohort, enrolment):
    return [
        reverse("cohort:index"),
        reverse("cohort:add"),
        reverse("cohort:edit", args=[cohort.pk]),
        reverse("cohort:delete", args=[cohort.pk]),
        reverse("enrolment:index"),
        reverse("enrolment:add"),
        reverse("enrolment:import"),
        reverse("enrolment:edit", args=[enrolment.pk]),
        reverse("enrolment:assign", args=[enrolment.pk]),
        reverse("needs_supervisor:index"),
    ]


def menu_labels(rf, user) -> dict[str, list[str]]:
    """The admin's main menu as this user sees it: label → submenu labels."""
    request = rf.get(ADMIN_HOME)
    request.user = user
    return {
        str(item.label): [str(sub.label) for sub in item.menu.menu_items_for_request(request)]
        if hasattr(item, "menu")
        else []
        for item in admin_menu.menu_items_for_request(request)
    }


@pytest.fixture
def records(trainee):
    cohort = CohortFactory()
    return cohort, enrolment_create(user=trainee, course=cohort.course, cohort=cohort)


@pytest.mark.parametrize("role", [roles.TRAINEE, roles.SUPERVISOR])
def test_trainees_and_supervisors_are_refused_the_admin(client, records, role):
    client.force_login(UserFactory(role=role))
    for url in admin_urls(*records):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    assert Supervision.objects.count() == 0


@pytest.mark.parametrize("role", [roles.CONTENT_EDITOR, roles.CLINICAL_REVIEWER])
def test_editors_and_reviewers_cannot_see_cohorts_or_enrolments(client, rf, records, role):
    cohort, enrolment = records
    user = UserFactory(role=role)
    client.force_login(user)
    for url in admin_urls(cohort, enrolment):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == ADMIN_HOME, url
        response = client.post(url, {"name": "Hijacked", "status": "withdrawn"})
        assert response.status_code == 302 and response["Location"] == ADMIN_HOME, url
    enrolment.refresh_from_db()
    cohort.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE and cohort.name != "Hijacked"
    assert "Courses & cohorts" not in menu_labels(rf, user)


def test_programme_admin_sees_the_menu_and_every_page(admin_client, rf, programme_admin, records):
    assert menu_labels(rf, programme_admin)["Courses & cohorts"] == [
        "Cohorts",
        "Enrolments",
        "Needs a supervisor",
    ]
    cohort, enrolment = records
    for url in admin_urls(cohort, enrolment):
        assert admin_client.get(url).status_code == 200, url
    listing = admin_client.get(reverse("cohort:index")).content.decode()
    assert f"{reverse('enrolment:import')}?cohort={cohort.pk}" in listing
    assert f"{reverse('enrolment:index')}?cohort={cohort.pk}" in listing
