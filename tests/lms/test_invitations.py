"""Invitations: a hashed, single-use, 14-day link to set a first password."""

import hashlib
import logging
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lms import roles
from lms.invitations import (
    InvitationError,
    invitation_accept,
    invitation_create,
    invitation_issue,
    invitation_send,
)
from lms.models import Invitation
from lms.services import user_create
from lms.tasks import invitation_send_task

NEW_PASSWORD = "a-fresh-long-passphrase"


@pytest.fixture
def invitee(db):
    return user_create(
        email="invitee@example.org", full_name="Asha Rao", role=roles.TRAINEE, email_verified=False
    )


def test_create_stores_only_a_hash_and_expires_in_14_days(invitee, programme_admin):
    invitation, token = invitation_create(user=invitee, by=programme_admin)
    assert len(token) >= 40
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Invitation.objects.filter(pk=invitation.pk).values().get())
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        timedelta(days=14), abs=timedelta(seconds=5)
    )
    assert invitation.created_by == programme_admin and invitation.accepted_at is None


def test_send_emails_an_absolute_link_once(invitee):
    invitation, token = invitation_create(user=invitee)
    assert invitation_send(invitation_id=invitation.pk, token=token) == "sent"
    assert invitation_send(invitation_id=invitation.pk, token=token) == "skipped"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["invitee@example.org"]
    link = f"http://testserver/accounts/invitation/{token}/"
    assert link in message.body
    assert link in message.alternatives[0][0]
    assert "14 days" in message.body
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_send_failure_releases_the_claim_for_a_retry(invitee, monkeypatch):
    invitation, token = invitation_create(user=invitee)

    def broken(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    with pytest.raises(ConnectionError):
        invitation_send(invitation_id=invitation.pk, token=token)
    invitation.refresh_from_db()
    assert invitation.sent_at is None
    monkeypatch.undo()
    assert invitation_send(invitation_id=invitation.pk, token=token) == "sent"


def test_issue_sends_after_commit_through_the_task_and_never_logs_the_token(
    invitee, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation = invitation_issue(user=invitee)
    assert mail.outbox == []  # nothing before commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    token = mail.outbox[0].body.split("/accounts/invitation/")[1].split("/")[0]
    assert Invitation.objects.get(pk=invitation.pk).token_hash == (
        hashlib.sha256(token.encode()).hexdigest()
    )
    assert token not in caplog.text


def test_task_for_a_missing_invitation_is_a_no_op(db):
    assert invitation_send_task.apply(args=[999999, "x"]).get() == "missing"


def test_accept_sets_password_marks_used_and_verifies_email(invitee):
    invitation, token = invitation_create(user=invitee)
    user = invitation_accept(token=token, password=NEW_PASSWORD)
    assert user.check_password(NEW_PASSWORD)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert EmailAddress.objects.get(user=invitee).verified
    with pytest.raises(InvitationError) as used:
        invitation_accept(token=token, password="another-long-passphrase")
    assert used.value.reason == InvitationError.USED


def test_accept_refuses_weak_password_and_changes_nothing(invitee):
    invitation, token = invitation_create(user=invitee)
    with pytest.raises(ValidationError):
        invitation_accept(token=token, password="short")
    invitation.refresh_from_db()
    invitee.refresh_from_db()
    assert invitation.accepted_at is None and not invitee.has_usable_password()


def test_expired_unknown_and_superseded_tokens_are_refused(invitee):
    old, old_token = invitation_create(user=invitee)
    _new, new_token = invitation_create(user=invitee)
    with pytest.raises(InvitationError) as superseded:
        invitation_accept(token=old_token, password=NEW_PASSWORD)
    assert superseded.value.reason == InvitationError.EXPIRED
    Invitation.objects.filter(token_hash=hashlib.sha256(new_token.encode()).hexdigest()).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(InvitationError) as expired:
        invitation_accept(token=new_token, password=NEW_PASSWORD)
    assert expired.value.reason == InvitationError.EXPIRED
    with pytest.raises(InvitationError) as unknown:
        invitation_accept(token="not-a-token", password=NEW_PASSWORD)
    assert unknown.value.reason == InvitationError.UNKNOWN


# --- The page -------------------------------------------------------------------------------


def test_page_sets_password_logs_in_and_goes_to_learn(client, invitee):
    _invitation, token = invitation_create(user=invitee)
    url = reverse("invitation_accept", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and "Set your password" in page.content.decode()
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/learn/"
    assert int(client.session["_auth_user_id"]) == invitee.pk
    again = client.get(url)
    assert again.status_code == 410 and "already been used" in again.content.decode()


def test_page_keeps_the_form_on_a_weak_or_mismatched_password(client, invitee):
    _invitation, token = invitation_create(user=invitee)
    url = reverse("invitation_accept", args=[token])
    for data in [
        {"new_password1": "short", "new_password2": "short"},
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
        {},
    ]:
        response = client.post(url, data)
        assert response.status_code == 200
    invitee.refresh_from_db()
    assert not invitee.has_usable_password()


@pytest.mark.parametrize("token", ["nonsense", "x" * 500, "%00", "..", "a b"])
def test_page_for_unknown_tokens_is_a_friendly_404(client, db, token):
    response = client.get(f"/accounts/invitation/{token}/")
    assert response.status_code == 404
    response = client.post(f"/accounts/invitation/{token}/", {"new_password1": "x"})
    assert response.status_code == 404


def test_page_for_an_expired_token_says_so(client, invitee):
    invitation, token = invitation_create(user=invitee)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    response = client.get(reverse("invitation_accept", args=[token]))
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
