"""Who reaches the editing area, Wagtail's user admin with one full name, and error pages."""

import logging
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse

from lms import roles
from tests.factories import UserFactory

User = get_user_model()

NEW_PASSWORD = "copper-meadow-4412"


def _broken_view(request):
    raise RuntimeError("boom: something broke in a view")


def _forbidden_view(request):
    raise PermissionDenied


urlpatterns = [
    path("_test/broken/", _broken_view),
    path("_test/forbidden/", _forbidden_view),
    path("", include("lms.urls")),
]


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    """WhiteNoise warns (an error under pytest) when STATIC_ROOT does not exist yet."""
    settings.STATIC_ROOT = str(tmp_path)


@pytest.fixture
def superuser(db):
    return UserFactory(email="root.r@example.org", is_superuser=True, is_staff=True)


@pytest.fixture
def person(request, db):
    """The user fixture named by an indirect parameter: person="editor".

    Asking for `db` here, not only inside the named fixture, lets pytest-django see that the
    test uses the database and run it before the transactional tests that empty it.
    """
    return request.getfixturevalue(request.param)


def group_ids(*names):
    return [Group.objects.get(name=name).pk for name in names]


def add_user_data(**overrides):
    data = {
        "email": "new.person@example.org",
        "full_name": "New Person",
        "groups": group_ids(roles.SUPERVISOR),
    }
    data.update(overrides)
    return data


def edit_user_data(user, **overrides):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "is_active": "on",
        "groups": list(user.groups.values_list("pk", flat=True)),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def account_page_data(response, **overrides):
    """What the browser would send back from /admin/account/ untouched, plus overrides."""
    data = {}
    for panels in response.context["panels_by_tab"].values():
        for panel in panels:
            for field in panel.get_form():
                value = field.value()
                if value is None or field.widget_type == "clearablefile":
                    continue
                if isinstance(value, bool):
                    if value:
                        data[field.html_name] = "on"
                    continue
                data[field.html_name] = value
    data.update(overrides)
    return data


# --- Who reaches the editing area -----------------------------------------------------------


@pytest.mark.parametrize("person", ["editor", "reviewer", "programme_admin"], indirect=True)
def test_editing_roles_reach_the_admin(client, person):
    client.force_login(person)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "wagtailadmin" in response.templates[0].name


@pytest.mark.parametrize("person", ["trainee", "supervisor"], indirect=True)
@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/", "/admin/users/", "/admin/account/"])
def test_trainees_and_supervisors_get_a_clear_403_in_the_admin(client, person, url):
    client.force_login(person)

    response = client.get(url)

    assert response.status_code == 403
    content = response.content.decode()
    assert "The editing area is not available for your role" in content
    assert "Go to the home page" in content


def test_trainee_sees_no_link_to_the_editing_area(client, trainee, editor):
    client.force_login(trainee)
    assert "Editing area" not in client.get("/accounts/profile/").content.decode()

    client.force_login(editor)
    assert "Editing area" in client.get("/accounts/profile/").content.decode()


@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/"])
def test_anonymous_visitor_is_sent_to_the_site_login(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_admin_login_url_redirects_to_the_site_login_keeping_next(client, db):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


def test_editor_signing_in_through_the_site_login_lands_in_the_admin(client, editor, password):
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": editor.email, "password": password}
    )

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# --- Wagtail's user admin with one full name ----------------------------------------------


@pytest.mark.parametrize("person", ["programme_admin", "superuser"], indirect=True)
def test_user_add_form_asks_for_full_name_not_first_and_last(client, person):
    client.force_login(person)

    response = client.get(reverse("wagtailusers_users:add"))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="full_name"' in content
    assert 'name="first_name"' not in content
    assert 'name="last_name"' not in content
    assert 'name="username"' not in content


@pytest.mark.parametrize("person", ["programme_admin", "superuser"], indirect=True)
def test_admin_creates_a_user_with_full_name_and_role(client, person):
    client.force_login(person)
    users_before = User.objects.count()

    response = client.post(
        reverse("wagtailusers_users:add"),
        add_user_data(email="New.Person@Example.org", full_name="  New   Person "),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailusers_users:index")
    assert User.objects.count() == users_before + 1
    user = User.objects.get(email="new.person@example.org")
    assert user.full_name == "New Person"
    # Nobody sets another person's password: they set their own from the invitation.
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [roles.SUPERVISOR]
    assert not user.is_superuser


def test_user_created_in_the_admin_is_invited_and_sets_their_own_password(
    client, programme_admin, django_capture_on_commit_callbacks
):
    client.force_login(programme_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtailusers_users:add"), add_user_data())
    client.logout()

    assert mail.outbox[-1].to == ["new.person@example.org"]
    link = re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", mail.outbox[-1].body)
    response = client.post(
        link.group(1), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert EmailAddress.objects.filter(email="new.person@example.org", verified=True).exists()
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "new.person@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(
        User.objects.get(email="new.person@example.org").pk
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "This field is required."),
        (
            {"full_name": "x" * 151},
            "full_name",
            "Ensure this value has at most 150 characters (it has 151).",
        ),
        (
            {"email": "TRAINEE.T@example.org"},
            "email",
            "User with this Email address already exists.",
        ),
    ],
)
def test_admin_user_add_with_bad_input_shows_error_and_creates_nothing(
    client, programme_admin, trainee, overrides, field, message
):
    client.force_login(programme_admin)
    users_before = User.objects.count()

    response = client.post(reverse("wagtailusers_users:add"), add_user_data(**overrides))

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert User.objects.count() == users_before


def test_programme_admin_edits_a_users_full_name_and_role(client, programme_admin, trainee):
    client.force_login(programme_admin)
    edit_url = reverse("wagtailusers_users:edit", args=[trainee.pk])
    page = client.get(edit_url)
    assert page.status_code == 200
    assert f'value="{trainee.email}"' in page.content.decode()

    response = client.post(
        edit_url,
        edit_user_data(trainee, full_name="Renamed Trainee", groups=group_ids(roles.SUPERVISOR)),
    )

    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.full_name == "Renamed Trainee"
    assert list(trainee.groups.values_list("name", flat=True)) == [roles.SUPERVISOR]


def test_programme_admin_cannot_make_anyone_an_administrator(client, programme_admin, trainee):
    client.force_login(programme_admin)

    client.post(reverse("wagtailusers_users:add"), add_user_data(is_superuser="on"))
    client.post(
        reverse("wagtailusers_users:edit", args=[trainee.pk]),
        edit_user_data(trainee, is_superuser="on"),
    )

    assert not User.objects.get(email="new.person@example.org").is_superuser
    trainee.refresh_from_db()
    assert not trainee.is_superuser


def test_programme_admin_cannot_edit_an_administrators_account(
    client, programme_admin, superuser, password
):
    client.force_login(programme_admin)
    edit_url = reverse("wagtailusers_users:edit", args=[superuser.pk])

    # Wagtail turns PermissionDenied in its admin into a redirect home with a message.
    response = client.get(edit_url, follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert "Sorry, you do not have permission to access this area." in (response.content.decode())
    client.post(
        edit_url,
        edit_user_data(
            superuser,
            email="taken.over@example.org",
            password1=NEW_PASSWORD,
            password2=NEW_PASSWORD,
            is_superuser="on",
        ),
    )

    superuser.refresh_from_db()
    assert superuser.email == "root.r@example.org"
    assert superuser.check_password(password)


def test_superuser_can_make_an_administrator(client, superuser):
    client.force_login(superuser)

    client.post(reverse("wagtailusers_users:add"), add_user_data(is_superuser="on"))

    assert User.objects.get(email="new.person@example.org").is_superuser


@pytest.mark.parametrize("person", ["editor", "reviewer"], indirect=True)
def test_editors_and_reviewers_cannot_manage_users(client, person):
    client.force_login(person)
    users_before = User.objects.count()

    response = client.post(reverse("wagtailusers_users:add"), add_user_data())

    assert response.status_code in (302, 403)
    assert User.objects.count() == users_before


# --- The admin's own account page ---------------------------------------------------------


def test_admin_account_page_shows_the_full_name(client, editor):
    editor.full_name = "Priya Menon"
    editor.save()
    client.force_login(editor)

    response = client.get(reverse("wagtailadmin_account"))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="name_email-full_name"' in content
    assert 'value="Priya Menon"' in content
    assert "first_name" not in content


def test_admin_account_page_saves_the_full_name(client, editor):
    client.force_login(editor)
    page = client.get(reverse("wagtailadmin_account"))

    response = client.post(
        reverse("wagtailadmin_account"),
        account_page_data(page, **{"name_email-full_name": "  Priya   Menon "}),
    )

    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.full_name == "Priya Menon"


def test_admin_account_page_refuses_an_empty_full_name(client, editor):
    name_before = editor.full_name
    client.force_login(editor)
    page = client.get(reverse("wagtailadmin_account"))

    response = client.post(
        reverse("wagtailadmin_account"),
        account_page_data(page, **{"name_email-full_name": "   "}),
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    editor.refresh_from_db()
    assert editor.full_name == name_before


# --- Error pages ------------------------------------------------------------------------------


def test_unknown_url_gives_the_friendly_404_page(client, db):
    response = client.get("/no/such/page/here/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "We could not find that page" in content
    assert "Go to the home page" in content
    assert "Traceback" not in content


def test_permission_denied_outside_the_admin_gives_the_friendly_403_page(client, settings, trainee):
    settings.ROOT_URLCONF = __name__
    client.force_login(trainee)

    response = client.get("/_test/forbidden/")

    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


def test_error_in_a_view_gives_the_friendly_500_page_and_is_logged(client, settings, caplog, db):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/_test/broken/")

    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong on our side" in content
    assert "Traceback" not in content
    assert "boom" not in content
    errors = [
        record
        for record in caplog.records
        if record.name == "django.request" and record.levelno == logging.ERROR
    ]
    assert len(errors) == 1
    assert "/_test/broken/" in errors[0].getMessage()
    assert errors[0].exc_info[0] is RuntimeError
