"""The five role groups and `manage.py create_user`, the operator's way to add people."""

from io import StringIO
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from lms import roles
from lms.services import roles_sync
from tests.factories import UserFactory

User = get_user_model()

STRONG_PASSWORD = "lantern-orchard-97"


def create_user(*args):
    out = StringIO()
    call_command("create_user", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def perms(group_name):
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=group_name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


# --- Roles ------------------------------------------------------------------------------------


def test_setup_site_created_the_five_role_groups(db):
    names = set(Group.objects.values_list("name", flat=True))

    assert {
        "Trainee",
        "Supervisor",
        "Content editor",
        "Clinical reviewer",
        "Programme admin",
    } <= names


@pytest.mark.parametrize("role", roles.ROLES)
def test_each_role_holds_at_least_the_permissions_roles_py_lists(db, role):
    assert set(roles.ROLE_PERMISSIONS[role]) <= perms(role)


@pytest.mark.parametrize("role", [roles.TRAINEE, roles.SUPERVISOR])
def test_trainees_and_supervisors_never_hold_admin_access(db, role):
    user = UserFactory(role=role)

    assert "wagtailadmin.access_admin" not in perms(role)
    assert not user.has_perm("wagtailadmin.access_admin")


@pytest.mark.parametrize("role", sorted(roles.ADMIN_ROLES))
def test_editing_roles_hold_admin_access(db, role):
    assert UserFactory(role=role).has_perm("wagtailadmin.access_admin")


def test_factory_puts_user_in_the_role_group_with_a_verified_email(db, password):
    user = UserFactory(role=roles.CONTENT_EDITOR)

    assert list(user.groups.values_list("name", flat=True)) == [roles.CONTENT_EDITOR]
    assert user.has_perm("wagtailadmin.access_admin")
    assert EmailAddress.objects.filter(user=user, email=user.email, verified=True).exists()
    assert user.check_password(password)


def test_roles_sync_is_idempotent_and_keeps_permissions_granted_by_hand(db):
    extra = Permission.objects.get(content_type__app_label="lms", codename="delete_user")
    trainee_group = Group.objects.get(name=roles.TRAINEE)
    trainee_group.permissions.add(extra)
    groups_before = Group.objects.count()

    roles_sync()
    roles_sync()

    assert Group.objects.count() == groups_before
    assert "lms.delete_user" in perms(roles.TRAINEE)


def test_roles_sync_restores_a_removed_role_permission(db):
    Group.objects.get(name=roles.CONTENT_EDITOR).permissions.clear()

    roles_sync()

    assert set(roles.ROLE_PERMISSIONS[roles.CONTENT_EDITOR]) <= perms(roles.CONTENT_EDITOR)


# --- manage.py create_user ------------------------------------------------------------------


def test_create_user_makes_a_verified_user_in_the_role_who_can_log_in(
    client, db, settings, tmp_path
):
    settings.STATIC_ROOT = str(tmp_path)  # WhiteNoise warns when it does not exist.

    output = create_user(
        "--email",
        "Supervisor.New@Example.org",
        "--full-name",
        "  Ravi   Kumar ",
        "--role",
        "Supervisor",
        "--password",
        STRONG_PASSWORD,
    )

    assert "Created supervisor.new@example.org (Supervisor)." in output
    user = User.objects.get(email="supervisor.new@example.org")
    assert user.full_name == "Ravi Kumar"
    assert list(user.groups.values_list("name", flat=True)) == ["Supervisor"]
    assert user.check_password(STRONG_PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.primary, address.verified) == (
        "supervisor.new@example.org",
        True,
        True,
    )
    response = client.post(
        "/accounts/login/", {"login": "supervisor.new@example.org", "password": STRONG_PASSWORD}
    )
    assert response["Location"] == reverse("supervise:home")  # a supervisor lands on the queue


def test_create_user_without_password_makes_an_account_that_cannot_log_in_yet(db):
    create_user(
        "--email",
        "nopass@example.org",
        "--full-name",
        "No Pass",
        "--role",
        "Trainee",
        "--no-password",
    )

    user = User.objects.get(email="nopass@example.org")
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == ["Trainee"]
    assert EmailAddress.objects.get(user=user).verified


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--email", "x@example.org", "--full-name", "X Y", "--role", "Wizard"],
            "invalid choice: 'Wizard'",
        ),
        (
            ["--email", "not-an-email", "--full-name", "X Y", "--role", "Trainee"],
            "Enter a valid email address.",
        ),
        (
            ["--email", "TRAINEE.T@EXAMPLE.ORG", "--full-name", "X Y", "--role", "Trainee"],
            "User with this Email address already exists.",
        ),
        (
            ["--email", "x@example.org", "--full-name", "   ", "--role", "Trainee"],
            "The full name is empty: give it as printed on certificates.",
        ),
        (
            ["--email", "x@example.org", "--full-name", "x" * 151, "--role", "Trainee"],
            "Ensure this value has at most 150 characters (it has 151).",
        ),
    ],
)
def test_create_user_with_bad_input_raises_a_clear_error_and_creates_nothing(
    trainee, args, message
):
    users_before = User.objects.count()
    addresses_before = EmailAddress.objects.count()

    with pytest.raises(CommandError) as error:
        create_user(*args, "--password", STRONG_PASSWORD)

    assert message in str(error.value)
    assert User.objects.count() == users_before
    assert EmailAddress.objects.count() == addresses_before


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password", "This password is too common."),
        ("short1", "This password is too short. It must contain at least 10 characters."),
        ("4817293650", "This password is entirely numeric."),
    ],
)
def test_create_user_with_weak_password_raises_and_creates_nothing(db, password, message):
    users_before = User.objects.count()

    with pytest.raises(CommandError) as error:
        create_user(
            "--email",
            "weak@example.org",
            "--full-name",
            "Weak Password",
            "--role",
            "Trainee",
            "--password",
            password,
        )

    assert message in str(error.value)
    assert User.objects.count() == users_before
    assert not EmailAddress.objects.filter(email="weak@example.org").exists()


def test_create_user_refuses_password_and_no_password_together(db):
    with pytest.raises(CommandError, match="not allowed with argument"):
        create_user(
            "--email",
            "both@example.org",
            "--full-name",
            "Both",
            "--role",
            "Trainee",
            "--password",
            STRONG_PASSWORD,
            "--no-password",
        )

    assert not User.objects.filter(email="both@example.org").exists()


def test_create_user_without_a_terminal_asks_for_password_or_no_password(db):
    with (
        mock.patch("sys.stdin.isatty", return_value=False),
        pytest.raises(CommandError, match="Give --password or --no-password"),
    ):
        create_user("--email", "tty@example.org", "--full-name", "No Tty", "--role", "Trainee")

    assert not User.objects.filter(email="tty@example.org").exists()


def test_create_user_prompts_for_the_password_twice_in_a_terminal(db):
    with (
        mock.patch("sys.stdin.isatty", return_value=True),
        mock.patch("getpass.getpass", side_effect=[STRONG_PASSWORD, STRONG_PASSWORD]),
    ):
        create_user("--email", "tty@example.org", "--full-name", "In Tty", "--role", "Trainee")

    assert User.objects.get(email="tty@example.org").check_password(STRONG_PASSWORD)


def test_create_user_refuses_prompted_passwords_that_differ(db):
    with (
        mock.patch("sys.stdin.isatty", return_value=True),
        mock.patch("getpass.getpass", side_effect=[STRONG_PASSWORD, STRONG_PASSWORD + "x"]),
        pytest.raises(CommandError, match="The two passwords did not match."),
    ):
        create_user("--email", "tty@example.org", "--full-name", "In Tty", "--role", "Trainee")

    assert not User.objects.filter(email="tty@example.org").exists()
