"""Deleting a page that learners have records on is refused in the admin with advice to
unpublish it instead; a page without records deletes as usual."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from courses.models import Enrolment, LessonCompletion
from courses.services import enrolment_create, lesson_complete
from tests.factories import UserFactory, course_tree_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    """A Wagtail superuser: the only role that may delete pages at all."""
    client.force_login(
        UserFactory(email="super.user@example.org", is_superuser=True, is_staff=True)
    )
    return client


def _delete(client, page):
    url = reverse("wagtailadmin_pages:delete", args=[page.pk])
    return client.post(url, follow=True)


def _subtree_ids(page) -> list[int]:
    return list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


@pytest.fixture
def completed(tree, trainee):
    """A trainee who completed the first lesson."""
    enrolment_create(user=trainee, course=tree.course)
    lesson_complete(user=trainee, lesson=tree.lessons[0])
    return tree


@pytest.mark.parametrize("which", ["lesson", "module", "course"])
def test_deleting_a_page_with_learner_records_is_refused_with_advice(
    admin_client, completed, which
):
    page = {
        "lesson": completed.lessons[0],
        "module": completed.modules[0],
        "course": completed.course,
    }[which]
    before = _subtree_ids(page)

    response = _delete(admin_client, page)

    assert response.status_code == 200
    assert response.redirect_chain[0] == (reverse("wagtailadmin_pages:edit", args=[page.pk]), 302)
    text = response.content.decode()
    assert "cannot be deleted" in text
    assert "Unpublish it instead" in text
    assert _subtree_ids(page) == before
    assert LessonCompletion.objects.count() == 1


def test_an_enrolment_alone_protects_the_course(admin_client, tree, trainee):
    enrolment_create(user=trainee, course=tree.course)

    response = _delete(admin_client, tree.course)

    assert "Unpublish it instead" in response.content.decode()
    assert Page.objects.filter(pk=tree.course.pk).exists()
    assert Enrolment.objects.filter(course=tree.course).exists()


def test_the_confirmation_page_is_not_offered_either(admin_client, completed):
    url = reverse("wagtailadmin_pages:delete", args=[completed.lessons[0].pk])

    response = admin_client.get(url)

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[completed.lessons[0].pk])


def test_a_module_without_learner_records_deletes_normally(admin_client, completed):
    module = completed.modules[1]  # the trainee only completed a lesson in module 1
    ids = _subtree_ids(module)

    response = _delete(admin_client, module)

    assert response.status_code == 200
    assert "cannot be deleted" not in response.content.decode()
    assert not Page.objects.filter(pk__in=ids).exists()


def test_a_course_nobody_took_deletes_normally(admin_client):
    tree = course_tree_build(modules=1, lessons=2)
    ids = _subtree_ids(tree.course)

    _delete(admin_client, tree.course)

    assert not Page.objects.filter(pk__in=ids).exists()
