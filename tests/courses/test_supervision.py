"""Supervision history: one current supervisor per enrolment, reassignment keeps who and when."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment, Supervision
from courses.services import CourseError, enrolment_create, supervision_assign
from lms import roles
from tests.factories import CohortFactory, SupervisorFactory, UserFactory


@pytest.fixture
def cohort(db):
    return CohortFactory()


@pytest.fixture
def enrolment(cohort, trainee):
    return enrolment_create(user=trainee, course=cohort.course, cohort=cohort)


def test_reassignment_closes_the_current_row_and_keeps_history(enrolment, programme_admin):
    first, second = SupervisorFactory(), SupervisorFactory()
    one = supervision_assign(enrolment=enrolment, supervisor=first, by=programme_admin)
    two = supervision_assign(enrolment=enrolment, supervisor=second, by=programme_admin)
    one.refresh_from_db()
    assert one.ended_at is not None and one.ended_at >= one.started_at
    assert two.ended_at is None and two.supervisor == second
    assert Supervision.objects.filter(enrolment=enrolment).count() == 2
    assert Supervision.objects.filter(enrolment=enrolment, ended_at__isnull=True).get() == two


def test_assigning_the_same_supervisor_again_changes_nothing(enrolment):
    supervisor = SupervisorFactory()
    one = supervision_assign(enrolment=enrolment, supervisor=supervisor)
    again = supervision_assign(enrolment=enrolment, supervisor=supervisor)
    assert again == one
    assert Supervision.objects.filter(enrolment=enrolment).count() == 1


def test_two_assignments_at_once_leave_one_current(enrolment):
    """Two admins assign at the same moment: the row lock queues them, and whatever happens
    the partial unique constraint allows one current supervision."""
    first, second = SupervisorFactory(), SupervisorFactory()
    supervision_assign(enrolment=enrolment, supervisor=first)
    supervision_assign(enrolment=enrolment, supervisor=second)
    assert Supervision.objects.filter(enrolment=enrolment, ended_at__isnull=True).count() == 1

    # A writer that skips the service (or loses a race) is stopped by the database.
    with pytest.raises(IntegrityError), transaction.atomic():
        Supervision.objects.create(enrolment=enrolment, supervisor=first, started_at=timezone.now())
    assert Supervision.objects.filter(enrolment=enrolment, ended_at__isnull=True).count() == 1


def test_only_supervisors_may_supervise(enrolment, trainee):
    plain = UserFactory(role=roles.TRAINEE)
    with pytest.raises(CourseError, match="does not have the Supervisor role"):
        supervision_assign(enrolment=enrolment, supervisor=plain)
    assert not Supervision.objects.exists()


# --- In the admin ---------------------------------------------------------------------------


def test_admin_assigns_and_the_edit_page_shows_history(client, enrolment, programme_admin):
    first = SupervisorFactory(full_name="Meera Iyer")
    second = SupervisorFactory(full_name="Ravi Kumar")
    client.force_login(programme_admin)
    url = reverse("enrolment:assign", args=[enrolment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"supervisor": first.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("enrolment:edit", args=[enrolment.pk])
    client.post(url, {"supervisor": second.pk})
    page = client.get(reverse("enrolment:edit", args=[enrolment.pk])).content.decode()
    assert "Supervision history" in page
    assert "Meera Iyer" in page and "Ravi Kumar" in page and "Current" in page
    assert Supervision.objects.get(ended_at__isnull=True).supervisor == second


def test_admin_assign_refuses_non_supervisors_and_garbage(client, enrolment, programme_admin):
    client.force_login(programme_admin)
    url = reverse("enrolment:assign", args=[enrolment.pk])
    for value in [UserFactory(role=roles.TRAINEE).pk, "abc", "", 999999]:
        response = client.post(url, {"supervisor": value})
        assert response.status_code == 400
    assert client.post(reverse("enrolment:assign", args=[999999]), {}).status_code == 404
    assert not Supervision.objects.exists()


def test_needs_a_supervisor_lists_enrolments_without_one(client, programme_admin, cohort):
    course = cohort.course
    waiting = enrolment_create(
        user=UserFactory(role=roles.TRAINEE, full_name="Self Enrolled"),
        course=course,
        source=Enrolment.Source.SELF,
    )
    supervised = enrolment_create(
        user=UserFactory(role=roles.TRAINEE, full_name="Has Someone"),
        course=course,
        supervisor=SupervisorFactory(),
    )
    ended = enrolment_create(
        user=UserFactory(role=roles.TRAINEE, full_name="Lost Theirs"),
        course=course,
        supervisor=SupervisorFactory(),
    )
    Supervision.objects.filter(enrolment=ended).update(ended_at=timezone.now())
    supervisor = SupervisorFactory(full_name="Asha Menon")
    client.force_login(programme_admin)
    url = reverse("needs_supervisor:index")
    page = client.get(url).content.decode()
    assert "Self Enrolled" in page and "Lost Theirs" in page
    assert "Has Someone" not in page
    assert "Asha Menon" in page  # offered in each row's form

    response = client.post(
        reverse("enrolment:assign", args=[waiting.pk]),
        {"supervisor": supervisor.pk, "next": url},
    )
    assert response.status_code == 302 and response["Location"] == url
    assert "Self Enrolled" in client.get(url).content.decode()  # in the success message
    page = client.get(url).content.decode()
    assert "Self Enrolled" not in page
    assert supervised.supervisions.count() == 1


def test_needs_a_supervisor_queries_do_not_grow(
    client, programme_admin, cohort, django_assert_max_num_queries
):
    client.force_login(programme_admin)
    for _ in range(3):
        enrolment_create(user=UserFactory(role=roles.TRAINEE), course=cohort.course)
    SupervisorFactory()
    client.get(reverse("needs_supervisor:index"))  # warm caches
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("needs_supervisor:index"))
    for _ in range(15):
        enrolment_create(user=UserFactory(role=roles.TRAINEE), course=cohort.course)
        SupervisorFactory()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("needs_supervisor:index"))
