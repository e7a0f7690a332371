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


@pytest.mark.parametrize("actor", ["programme_admin", "superuser"])
@pytest.mark.parametrize("target", ["superuser", "programme_admin", "trainee"])
def test_copy_user_is_not_offered_and_changes_no_account(
    client, programme_admin, superuser, trainee, password, target, actor
):
    people = {"superuser": superuser, "programme_admin": programme_admin, "trainee": trainee}
    victim = people[target]
    email_before = victim.email
    groups_before = groups_of(victim)
    users_before = User.objects.count()
    client.force_login(people[actor])

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


# --- Helpers for the rules -----------------------------------------------------------------


@pytest.fixture
def other_admin(db):
    return UserFactory(role=roles.PROGRAMME_ADMIN, email="admin.b@example.org")


@pytest.fixture
def pending(db):
    """An account an admin created that has never set a password (a pending invitation)."""
    from lms.services import user_create

    return user_create(
        email="pending.p@exmaple.org", full_name="Pending Person", role=roles.TRAINEE
    )


def target(request_fixture, name):
    return request_fixture.getfixturevalue(name)


def assert_refused(response):
    """Wagtail turns PermissionDenied in its admin into a redirect home with a message."""
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert response["Location"] == "/admin/"


def snapshot(user):
    user = User.objects.get(pk=user.pk)
    return (
        user.email,
        user.full_name,
        user.is_active,
        user.is_superuser,
        user.password,
        groups_of(user),
    )


def bulk_url(action, *users, next_url="/admin/users/"):
    ids = "&".join(f"id={user.pk}" for user in users)
    return reverse("wagtail_bulk_action", args=("lms", "user", action)) + f"?{ids}&next={next_url}"


def edit_data(user, **overrides):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "is_active": "on" if user.is_active else None,
        "groups": list(user.groups.values_list("pk", flat=True)),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# Every account a programme admin may not touch: an administrator, each other staff role,
# and themselves.
PROTECTED = ["superuser", "editor", "reviewer", "other_admin", "programme_admin"]
MANAGED = ["trainee", "supervisor"]


# --- Edit -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PROTECTED)
def test_programme_admin_cannot_open_or_post_the_edit_page_of_staff_or_self(
    client, request, programme_admin, name
):
    victim = target(request, name)
    before = snapshot(victim)
    client.force_login(programme_admin)
    url = reverse("wagtailusers_users:edit", args=[victim.pk])

    assert_refused(client.get(url))
    response = client.post(
        url,
        edit_data(
            victim,
            email="taken.over@example.org",
            full_name="Taken Over",
            is_active=None,
            is_superuser="on",
            groups=group_ids(roles.PROGRAMME_ADMIN),
        ),
    )

    assert_refused(response)
    assert snapshot(victim) == before


@pytest.mark.parametrize("name", MANAGED)
def test_programme_admin_edits_a_trainee_or_supervisor(client, request, programme_admin, name):
    person = target(request, name)
    client.force_login(programme_admin)

    response = client.post(
        reverse("wagtailusers_users:edit", args=[person.pk]),
        edit_data(person, full_name="Renamed Person", groups=group_ids(roles.SUPERVISOR)),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Renamed Person"
    assert groups_of(person) == [roles.SUPERVISOR]


@pytest.mark.parametrize(
    "role", [roles.CONTENT_EDITOR, roles.CLINICAL_REVIEWER, roles.PROGRAMME_ADMIN]
)
def test_programme_admin_cannot_grant_a_role_that_reaches_the_admin(
    client, programme_admin, trainee, role
):
    client.force_login(programme_admin)
    url = reverse("wagtailusers_users:edit", args=[trainee.pk])
    page = client.get(url).content.decode()

    response = client.post(url, edit_data(trainee, groups=group_ids(roles.TRAINEE, role)))

    assert f'value="{group_ids(role)[0]}"' not in page
    assert response.status_code == 200
    assert "groups" in response.context["form"].errors
    assert groups_of(trainee) == [roles.TRAINEE]


def test_programme_admin_cannot_make_a_trainee_an_administrator(client, programme_admin, trainee):
    client.force_login(programme_admin)

    client.post(
        reverse("wagtailusers_users:edit", args=[trainee.pk]),
        edit_data(trainee, is_superuser="on"),
    )

    trainee.refresh_from_db()
    assert not trainee.is_superuser


def test_programme_admin_can_deactivate_a_trainee(client, programme_admin, trainee):
    client.force_login(programme_admin)

    client.post(
        reverse("wagtailusers_users:edit", args=[trainee.pk]), edit_data(trainee, is_active=None)
    )

    trainee.refresh_from_db()
    assert not trainee.is_active


def test_superuser_cannot_change_their_own_roles_or_flags(client, superuser):
    client.force_login(superuser)

    response = client.post(
        reverse("wagtailusers_users:edit", args=[superuser.pk]),
        edit_data(
            superuser, full_name="Root Renamed", is_active=None, groups=group_ids(roles.TRAINEE)
        ),
    )

    assert response.status_code == 302
    superuser.refresh_from_db()
    assert superuser.full_name == "Root Renamed"
    assert superuser.is_superuser and superuser.is_active
    assert groups_of(superuser) == []


def test_superuser_edits_a_staff_account_and_grants_staff_roles(client, superuser, trainee):
    client.force_login(superuser)

    client.post(
        reverse("wagtailusers_users:edit", args=[trainee.pk]),
        edit_data(trainee, groups=group_ids(roles.CONTENT_EDITOR)),
    )

    assert groups_of(trainee) == [roles.CONTENT_EDITOR]


def test_programme_admin_cannot_reactivate_a_deactivated_editor(client, programme_admin, editor):
    editor.is_active = False
    editor.save()
    client.force_login(programme_admin)

    assert_refused(
        client.post(
            reverse("wagtailusers_users:edit", args=[editor.pk]),
            edit_data(editor, is_active="on"),
        )
    )
    client.post(bulk_url("set_active_state", editor), {"mark_as_active": "True"})

    editor.refresh_from_db()
    assert not editor.is_active


# --- Email ------------------------------------------------------------------------------------


def test_programme_admin_cannot_change_the_email_of_an_account_with_a_password(
    client, programme_admin, trainee
):
    client.force_login(programme_admin)
    url = reverse("wagtailusers_users:edit", args=[trainee.pk])

    page = client.get(url).content.decode()
    client.post(url, edit_data(trainee, email="mine@example.org"))

    assert "People change their own email address from their profile" in page
    trainee.refresh_from_db()
    assert trainee.email == "trainee.t@example.org"


def test_programme_admin_fixes_a_typo_in_a_pending_invitation(
    client, programme_admin, pending, django_capture_on_commit_callbacks
):
    from lms.invitations import InvitationError, invitation_create, invitation_for_token

    _old_invitation, old_token = invitation_create(user=pending, by=programme_admin)
    client.force_login(programme_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailusers_users:edit", args=[pending.pk]),
            edit_data(pending, email="pending.p@example.org"),
        )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.email == "pending.p@example.org"
    with pytest.raises(InvitationError):
        invitation_for_token(token=old_token)
    assert mail.outbox[-1].to == ["pending.p@example.org"]
    assert "/accounts/invitation/" in mail.outbox[-1].body


def test_superuser_changes_an_email_and_the_old_address_no_longer_signs_in(
    client, superuser, trainee, password
):
    client.force_login(superuser)

    client.post(
        reverse("wagtailusers_users:edit", args=[trainee.pk]),
        edit_data(trainee, email="trainee.new@example.org"),
    )
    client.logout()

    trainee.refresh_from_db()
    assert trainee.email == "trainee.new@example.org"
    from allauth.account.models import EmailAddress

    assert list(EmailAddress.objects.filter(user=trainee).values_list("email", flat=True)) == [
        "trainee.new@example.org"
    ]
    client.post("/accounts/login/", {"login": "trainee.t@example.org", "password": password})
    assert "_auth_user_id" not in client.session


# --- Add ------------------------------------------------------------------------------------


def test_programme_admin_adds_a_trainee_who_is_invited_by_email(
    client, programme_admin, django_capture_on_commit_callbacks
):
    client.force_login(programme_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailusers_users:add"),
            {
                "email": "new.trainee@example.org",
                "full_name": "New Trainee",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
                "groups": group_ids(roles.TRAINEE),
            },
        )

    assert response.status_code == 302
    user = User.objects.get(email="new.trainee@example.org")
    assert not user.has_usable_password()
    assert not user.check_password(NEW_PASSWORD)
    assert groups_of(user) == [roles.TRAINEE]
    assert mail.outbox[-1].to == ["new.trainee@example.org"]
    assert "/accounts/invitation/" in mail.outbox[-1].body


@pytest.mark.parametrize(
    "role", [roles.CONTENT_EDITOR, roles.CLINICAL_REVIEWER, roles.PROGRAMME_ADMIN]
)
def test_programme_admin_cannot_add_a_staff_account(client, programme_admin, role):
    client.force_login(programme_admin)
    users_before = User.objects.count()

    response = client.post(
        reverse("wagtailusers_users:add"),
        {"email": "new.staff@example.org", "full_name": "New Staff", "groups": group_ids(role)},
    )

    assert response.status_code == 200
    assert "groups" in response.context["form"].errors
    assert User.objects.count() == users_before


def test_programme_admin_cannot_add_an_administrator(client, programme_admin):
    client.force_login(programme_admin)

    client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "new.root@example.org",
            "full_name": "New Root",
            "is_superuser": "on",
            "groups": group_ids(roles.SUPERVISOR),
        },
    )

    assert not User.objects.get(email="new.root@example.org").is_superuser


# --- Delete ---------------------------------------------------------------------------------


@pytest.fixture
def deleting_admin(programme_admin):
    """A programme admin who was also given lms.delete_user: the rule must still hold."""
    from django.contrib.auth.models import Permission

    programme_admin.user_permissions.add(
        Permission.objects.get(content_type__app_label="lms", codename="delete_user")
    )
    return User.objects.get(pk=programme_admin.pk)


@pytest.mark.parametrize("name", PROTECTED)
def test_programme_admin_cannot_delete_staff_or_self(client, request, deleting_admin, name):
    victim = target(request, name)
    client.force_login(deleting_admin)
    url = reverse("wagtailusers_users:delete", args=[victim.pk])

    assert_refused(client.get(url))
    assert_refused(client.post(url))
    client.post(bulk_url("delete", victim))

    assert User.objects.filter(pk=victim.pk).exists()


@pytest.mark.parametrize("name", MANAGED)
def test_programme_admin_with_delete_permission_deletes_a_trainee(
    client, request, deleting_admin, name
):
    person = target(request, name)
    client.force_login(deleting_admin)

    response = client.post(reverse("wagtailusers_users:delete", args=[person.pk]))

    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()


def test_programme_admin_without_delete_permission_deletes_nobody(client, programme_admin, trainee):
    client.force_login(programme_admin)

    assert_refused(client.post(reverse("wagtailusers_users:delete", args=[trainee.pk])))
    client.post(bulk_url("delete", trainee))

    assert User.objects.filter(pk=trainee.pk).exists()


# --- Bulk actions ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", PROTECTED)
def test_bulk_assign_role_skips_staff_and_self(client, request, programme_admin, name):
    victim = target(request, name)
    before = snapshot(victim)
    client.force_login(programme_admin)

    client.post(bulk_url("assign_role", victim), {"role": group_ids(roles.SUPERVISOR)[0]})

    assert snapshot(victim) == before


def test_bulk_assign_role_offers_and_grants_only_roles_without_admin_access(
    client, programme_admin, trainee
):
    client.force_login(programme_admin)
    url = bulk_url("assign_role", trainee)

    page = client.get(url).content.decode()
    refused = client.post(url, {"role": group_ids(roles.PROGRAMME_ADMIN)[0]})
    granted = client.post(url, {"role": group_ids(roles.SUPERVISOR)[0]})

    assert f'value="{group_ids(roles.PROGRAMME_ADMIN)[0]}"' not in page
    assert f'value="{group_ids(roles.SUPERVISOR)[0]}"' in page
    assert refused.status_code == 200
    assert granted.status_code == 302
    assert groups_of(trainee) == [roles.SUPERVISOR, roles.TRAINEE]


@pytest.mark.parametrize("name", PROTECTED)
def test_bulk_set_active_state_skips_staff_and_self(client, request, programme_admin, name):
    victim = target(request, name)
    client.force_login(programme_admin)

    client.post(bulk_url("set_active_state", victim), {"mark_as_active": "False"})

    victim.refresh_from_db()
    assert victim.is_active


def test_bulk_set_active_state_deactivates_trainees(client, programme_admin, trainee, supervisor):
    client.force_login(programme_admin)

    response = client.post(
        bulk_url("set_active_state", trainee, supervisor), {"mark_as_active": "False"}
    )

    assert response.status_code == 302
    trainee.refresh_from_db()
    supervisor.refresh_from_db()
    assert not trainee.is_active and not supervisor.is_active


# --- Password email -------------------------------------------------------------------------


@pytest.mark.parametrize("name", PROTECTED)
def test_programme_admin_cannot_send_password_email_to_staff_or_self(
    client, request, programme_admin, name
):
    victim = target(request, name)
    client.force_login(programme_admin)

    response = client.post(reverse("wagtailusers_users:send_access_email", args=[victim.pk]))

    assert_refused(response)
    assert mail.outbox == []


def test_password_reset_email_goes_to_the_accounts_own_address(client, programme_admin, trainee):
    client.force_login(programme_admin)
    edit_url = reverse("wagtailusers_users:edit", args=[trainee.pk])
    assert "Send password reset email" in client.get(edit_url).content.decode()

    response = client.post(reverse("wagtailusers_users:send_access_email", args=[trainee.pk]))

    assert response.status_code == 302
    assert response["Location"] == edit_url
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["trainee.t@example.org"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_password_emails_to_one_person_are_rate_limited(client, programme_admin, trainee):
    client.force_login(programme_admin)
    url = reverse("wagtailusers_users:send_access_email", args=[trainee.pk])

    for _ in range(8):
        response = client.post(url, follow=True)

    assert 1 <= len(mail.outbox) <= 5
    assert "Several emails were sent to this person just now" in response.content.decode()


def test_password_email_is_post_only(client, programme_admin, trainee):
    client.force_login(programme_admin)

    response = client.get(reverse("wagtailusers_users:send_access_email", args=[trainee.pk]))

    assert response.status_code == 405
    assert mail.outbox == []


def test_pending_account_gets_a_new_invitation_instead(
    client, programme_admin, pending, django_capture_on_commit_callbacks
):
    client.force_login(programme_admin)
    assert (
        "Re-send invitation"
        in client.get(reverse("wagtailusers_users:edit", args=[pending.pk])).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtailusers_users:send_access_email", args=[pending.pk]))

    assert mail.outbox[-1].to == [pending.email]
    assert "/accounts/invitation/" in mail.outbox[-1].body


# --- Index ----------------------------------------------------------------------------------


def test_user_list_links_only_to_accounts_the_programme_admin_may_manage(
    client, programme_admin, superuser, editor, trainee
):
    client.force_login(programme_admin)

    content = client.get(reverse("wagtailusers_users:index")).content.decode()

    assert reverse("wagtailusers_users:edit", args=[trainee.pk]) in content
    for person in (superuser, editor, programme_admin):
        assert reverse("wagtailusers_users:edit", args=[person.pk]) not in content


# --- Group pages ----------------------------------------------------------------------------


def test_programme_admin_is_refused_in_the_group_admin(client, programme_admin):
    group = Group.objects.get(name=roles.PROGRAMME_ADMIN)
    permissions_before = set(group.permissions.values_list("pk", flat=True))
    client.force_login(programme_admin)

    for url in (
        reverse("wagtailusers_groups:index"),
        reverse("wagtailusers_groups:add"),
        reverse("wagtailusers_groups:edit", args=[group.pk]),
        reverse("wagtailusers_groups:delete", args=[group.pk]),
    ):
        assert_refused(client.get(url))
    assert_refused(
        client.post(
            reverse("wagtailusers_groups:edit", args=[group.pk]),
            {"name": "Programme admin", "permissions": []},
        )
    )
    assert_refused(client.post(reverse("wagtailusers_groups:delete", args=[group.pk])))

    assert set(group.permissions.values_list("pk", flat=True)) == permissions_before


# --- The audit log --------------------------------------------------------------------------


def events_for(user, kind=None, *, by=None):
    """Events about `user`; `by` keeps those made by one person (the factories' own role
    assignment is an event too, with no actor)."""
    from lms.models import AuditEvent

    events = AuditEvent.objects.for_subject(user.pk)
    if kind:
        events = events.filter(kind=kind)
    if by:
        events = events.filter(actor_id=by.pk)
    return list(events)


def test_role_change_in_the_admin_is_one_event_with_group_ids(client, programme_admin, trainee):
    from lms.models import AuditEvent

    client.force_login(programme_admin)

    client.post(
        reverse("wagtailusers_users:edit", args=[trainee.pk]),
        edit_data(trainee, groups=group_ids(roles.SUPERVISOR)),
    )

    [event] = events_for(trainee, AuditEvent.Kind.ROLES, by=programme_admin)
    assert event.source == AuditEvent.Source.ADMIN
    assert event.data == {
        "field": "groups",
        "before": group_ids(roles.TRAINEE),
        "after": group_ids(roles.SUPERVISOR),
    }


def test_active_and_email_changes_in_the_admin_are_recorded(client, superuser, trainee):
    from lms.models import AuditEvent

    client.force_login(superuser)

    client.post(
        reverse("wagtailusers_users:edit", args=[trainee.pk]),
        edit_data(trainee, is_active=None, email="trainee.new@example.org"),
    )

    [active] = events_for(trainee, AuditEvent.Kind.ACTIVE)
    assert active.data == {"field": "is_active", "before": True, "after": False}
    [email] = events_for(trainee, AuditEvent.Kind.EMAIL)
    assert email.data == {"field": "email"}
    assert {active.actor_id, email.actor_id} == {superuser.pk}


def test_superuser_flag_change_is_recorded(client, superuser, editor):
    from lms.models import AuditEvent

    client.force_login(superuser)

    client.post(
        reverse("wagtailusers_users:edit", args=[editor.pk]), edit_data(editor, is_superuser="on")
    )

    [event] = events_for(editor, AuditEvent.Kind.SUPERUSER)
    assert event.data == {"field": "is_superuser", "before": False, "after": True}
    assert event.actor_id == superuser.pk


def test_bulk_actions_are_recorded(client, programme_admin, trainee, supervisor):
    from lms.models import AuditEvent

    client.force_login(programme_admin)

    client.post(bulk_url("assign_role", trainee), {"role": group_ids(roles.SUPERVISOR)[0]})
    client.post(bulk_url("set_active_state", trainee, supervisor), {"mark_as_active": "False"})

    [roles_event] = events_for(trainee, AuditEvent.Kind.ROLES, by=programme_admin)
    assert roles_event.data["before"] == group_ids(roles.TRAINEE)
    assert roles_event.data["after"] == sorted(group_ids(roles.TRAINEE, roles.SUPERVISOR))
    for person in (trainee, supervisor):
        [event] = events_for(person, AuditEvent.Kind.ACTIVE)
        assert event.data == {"field": "is_active", "before": True, "after": False}
        assert event.actor_id == programme_admin.pk


def test_a_persons_own_email_change_is_recorded_with_them_as_actor(client, trainee):
    from allauth.account.models import EmailAddress

    from lms.models import AuditEvent

    EmailAddress.objects.create(
        user=trainee, email="trainee.other@example.org", verified=True, primary=False
    )
    client.force_login(trainee)

    response = client.post(
        reverse("account_email"), {"action_primary": "", "email": "trainee.other@example.org"}
    )

    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.email == "trainee.other@example.org"
    [event] = events_for(trainee, AuditEvent.Kind.EMAIL)
    assert event.actor_id == trainee.pk
    assert event.source == AuditEvent.Source.SITE


def test_accounts_made_by_services_and_commands_are_recorded_without_an_actor(db):
    from django.core.management import call_command

    from lms.models import AuditEvent
    from lms.services import user_create

    made = user_create(email="made.m@example.org", full_name="Made Person", role=roles.SUPERVISOR)
    call_command(
        "create_user",
        "--email=cli.c@example.org",
        "--full-name=Command Person",
        f"--role={roles.TRAINEE}",
        "--no-password",
        stdout=None,
    )
    cli = User.objects.get(email="cli.c@example.org")

    for person, role in ((made, roles.SUPERVISOR), (cli, roles.TRAINEE)):
        kinds = [event.kind for event in events_for(person)]
        assert kinds == [AuditEvent.Kind.CREATED, AuditEvent.Kind.ROLES]
        created, role_event = events_for(person)
        assert created.data == {"is_active": True, "is_superuser": False}
        assert role_event.data == {"field": "groups", "before": [], "after": group_ids(role)}
        assert {created.actor_id, role_event.actor_id} == {None}
        assert created.source == AuditEvent.Source.SYSTEM


def test_audit_events_hold_no_email_or_name(client, superuser, trainee, programme_admin):
    from lms.models import AuditEvent

    client.force_login(superuser)
    client.post(
        reverse("wagtailusers_users:edit", args=[trainee.pk]),
        edit_data(
            trainee,
            email="trainee.new@example.org",
            full_name="Renamed Trainee",
            is_active=None,
            groups=group_ids(roles.SUPERVISOR),
        ),
    )
    client.post(bulk_url("set_active_state", programme_admin), {"mark_as_active": "False"})

    rows = list(AuditEvent.objects.values())
    assert len(rows) >= 4
    text = repr(rows).lower()
    for private in (
        "trainee.t@example.org",
        "trainee.new@example.org",
        "renamed trainee",
        "admin.a@example.org",
        "root.r@example.org",
        "@",
        programme_admin.full_name.lower(),
        superuser.full_name.lower(),
    ):
        assert private not in text


def test_audit_events_cannot_be_changed_or_deleted(trainee):
    from lms.models import AppendOnlyError, AuditEvent

    trainee.is_active = False
    trainee.save()
    event = AuditEvent.objects.get(subject_id=trainee.pk, kind=AuditEvent.Kind.ACTIVE)

    event.data = {"field": "is_active", "before": False, "after": False}
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(actor_id=1)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.data == {"field": "is_active", "before": True, "after": False}


def test_deleting_an_account_keeps_its_history(trainee):
    from lms.models import AuditEvent

    trainee_id = trainee.pk
    trainee.is_active = False
    trainee.save()

    trainee.delete()

    kinds = [event.kind for event in AuditEvent.objects.for_subject(trainee_id)]
    assert AuditEvent.Kind.ACTIVE in kinds
    assert kinds[-1] == AuditEvent.Kind.DELETED


def test_history_is_shown_on_the_persons_page_with_names_looked_up_now(
    client, programme_admin, trainee
):
    client.force_login(programme_admin)
    edit_url = reverse("wagtailusers_users:edit", args=[trainee.pk])
    client.post(edit_url, edit_data(trainee, groups=group_ids(roles.SUPERVISOR)))
    programme_admin.full_name = "Asha Renamed-Later"
    programme_admin.save()

    content = client.get(edit_url).content.decode()

    assert "History" in content
    assert "Roles changed from Trainee to Supervisor." in content
    assert "Asha Renamed-Later" in content


# --- Bad input ------------------------------------------------------------------------------


def test_user_admin_answers_bad_ids_and_text_without_a_500(client, superuser, trainee):
    client.force_login(superuser)
    huge = "99999999999999999999"

    email = client.post(f"/admin/users/send-access-email/{huge}/")
    edit = client.post(
        reverse("wagtailusers_users:edit", args=[trainee.pk]),
        edit_data(trainee, full_name="Bad\x00Name", groups=[huge]),
    )
    bulk = client.post(bulk_url("assign_role", trainee), {"role": huge})

    assert email.status_code == 404
    assert edit.status_code == 200
    assert set(edit.context["form"].errors) == {"full_name", "groups"}
    assert bulk.status_code == 200
    assert "role" in bulk.context["form"].errors
    trainee.refresh_from_db()
    assert "\x00" not in trainee.full_name
