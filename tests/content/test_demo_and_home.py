"""The demo loader's accounts (`lms`'s load_demo command; the demo course is tested in
tests/courses/test_demo_curriculum.py) and the home page."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from content.models import HomePage
from courses.models import CoursePage
from lms import roles

DEMO_EMAILS = {
    "trainee@example.org": roles.TRAINEE,
    "supervisor@example.org": roles.SUPERVISOR,
    "editor@example.org": roles.CONTENT_EDITOR,
    "reviewer@example.org": roles.CLINICAL_REVIEWER,
    "admin@example.org": roles.PROGRAMME_ADMIN,
}


def _load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_loader_creates_one_account_per_role_that_can_sign_in(client):
    output = _load_demo()

    users = get_user_model().objects.filter(email__in=DEMO_EMAILS)
    assert {u.email: u.groups.get().name for u in users} == DEMO_EMAILS
    for email in DEMO_EMAILS:
        assert email in output
    assert "peer-support-demo" in output
    response = client.post(
        "/accounts/login/", {"login": "trainee@example.org", "password": "peer-support-demo"}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].email == "trainee@example.org"


@pytest.mark.django_db
def test_demo_loader_twice_changes_nothing():
    _load_demo()
    User = get_user_model()
    before = list(User.objects.order_by("pk").values_list("pk", "password"))

    output = _load_demo()

    assert "0 account(s) created" in output
    assert list(User.objects.order_by("pk").values_list("pk", "password")) == before


@pytest.mark.django_db
def test_demo_loader_refuses_production(settings):
    settings.LMS_ENVIRONMENT = "production"

    with pytest.raises(CommandError, match="not for production"):
        _load_demo()

    assert not get_user_model().objects.filter(email__in=DEMO_EMAILS).exists()
    assert not CoursePage.objects.exists()


@pytest.mark.django_db
def test_home_page_invites_visitors_to_sign_up(client):
    page = client.get("/").content.decode()

    assert HomePage.objects.get().title in page
    assert 'href="/accounts/signup/"' in page
    assert 'href="/accounts/login/"' in page
    assert "14416" in page  # the crisis-support footer is on every page


@pytest.mark.django_db
def test_home_page_greets_a_signed_in_trainee_without_an_editing_link(client, trainee):
    client.force_login(trainee)

    page = client.get("/").content.decode()

    assert f"Welcome back, {trainee.get_short_name()}" in page
    assert "Editing area" not in page


@pytest.mark.django_db
def test_home_page_links_editors_to_the_editing_area(client, editor):
    client.force_login(editor)

    assert "Editing area" in client.get("/").content.decode()


@pytest.mark.django_db
def test_home_page_query_count_is_small_and_fixed(client, trainee, django_assert_max_num_queries):
    client.force_login(trainee)
    client.get("/")
    with django_assert_max_num_queries(10):
        assert client.get("/").status_code == 200
