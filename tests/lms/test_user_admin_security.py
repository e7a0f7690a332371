"""User administration that cannot escalate, and the account audit log.

A programme admin manages trainee and supervisor accounts and nothing above them; nobody sets
another person's password; every change of roles, administrator flag, active flag or email
is recorded with ids only and shown on the person's page.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from lms import roles
from tests.factories import UserFactory

User = get_user_model()

NEW_PASSWORD = "copper-meadow-4412"


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    """WhiteNoise warns (an error under pytest) when STATIC_ROOT does not exist yet."""
    settings.STATIC_ROOT = str(tmp_path)


@pytest.fixture
def superuser(db):
    return UserFactory(email="root.r@example.org", full_name="Root Admin", is_superuser=True)


@pytest.fixture
def person(request, db):
    """The user fixture named by an indirect parameter: person="programme_admin"."""
    return request.getfixturevalue(request.param)


def group_ids(*names):
    return [Group.objects.get(name=name).pk for name in names]


def groups_of(user):
    return sorted(user.groups.values_list("name", flat=True))


# --- Finding 1: "Copy" rewrote the account it copied -----------------------------------------


@pytest.mark.parametrize("target", ["superuser", "programme_admin", "trainee"])
def test_copy_user_is_not_offered_and_changes_no_account(
    client, programme_admin, superuser, trainee, password, target
):
    victim = {"superuser": superuser, "programme_admin": programme_admin, "trainee": trainee}[
        target
    ]
    email_before = victim.email
    groups_before = groups_of(victim)
    users_before = User.objects.count()
    client.force_login(programme_admin)

    response = client.post(
        f"/admin/users/copy/{victim.pk}/",
        {
            "email": "attacker@example.org",
            "full_name": "Attacker",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "is_superuser": "on",
            "is_active": "on",
            "groups": group_ids(roles.PROGRAMME_ADMIN),
        },
    )

    assert response.status_code == 404
    victim.refresh_from_db()
    assert victim.email == email_before
    assert victim.check_password(password)
    assert groups_of(victim) == groups_before
    assert victim.is_superuser == (target == "superuser")
    assert User.objects.count() == users_before


def test_copy_button_is_not_shown(client, superuser, trainee):
    client.force_login(superuser)

    index = client.get(reverse("wagtailusers_users:index")).content.decode()
    edit = client.get(reverse("wagtailusers_users:edit", args=[trainee.pk])).content.decode()

    assert "/admin/users/copy/" not in index
    assert "/admin/users/copy/" not in edit


# --- Finding 2: a programme admin could set anyone's password ---------------------------------


@pytest.mark.parametrize("person", ["programme_admin", "superuser"], indirect=True)
def test_user_forms_have_no_password_fields(client, person, trainee):
    client.force_login(person)

    add = client.get(reverse("wagtailusers_users:add")).content.decode()
    edit = client.get(reverse("wagtailusers_users:edit", args=[trainee.pk])).content.decode()

    for content in (add, edit):
        assert 'name="password1"' not in content
        assert 'name="password2"' not in content
        assert 'type="password"' not in content


@pytest.mark.parametrize("person", ["programme_admin", "superuser"], indirect=True)
def test_posting_a_password_on_the_edit_page_does_not_set_it(client, person, trainee, password):
    client.force_login(person)

    client.post(
        reverse("wagtailusers_users:edit", args=[trainee.pk]),
        {
            "email": trainee.email,
            "full_name": trainee.full_name,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "is_active": "on",
            "groups": group_ids(roles.TRAINEE),
        },
    )
    client.logout()

    trainee.refresh_from_db()
    assert trainee.check_password(password)
    assert not trainee.check_password(NEW_PASSWORD)
    response = client.post("/accounts/login/", {"login": trainee.email, "password": NEW_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
