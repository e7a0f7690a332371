"""Invitations: a time-limited link that lets a person an admin enrolled set their password.

Only the SHA-256 hash of a token is stored; the raw token exists in the email and, until the
email is sent, in its outbox row (erased once sent; the broker carries only the row's id).
Tokens are never logged: callers must not log them either.
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .language import in_language_of
from .models import Invitation
from .site_url import absolute_url

logger = logging.getLogger(__name__)


class InvitationError(Exception):
    """An invitation link that cannot be used, with the reason to show the person."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"

    def __init__(self, reason: str):
        self.reason = reason
        self.message = {
            self.UNKNOWN: _(
                "This invitation link is not valid. Check that you copied the whole link, "
                "or ask your programme admin to send a new one."
            ),
            self.EXPIRED: _(
                "This invitation link has expired. Ask your programme admin to send a new one."
            ),
            self.USED: _(
                "This invitation has already been used. Sign in with the password you set, "
                "or use “Forgot your password?” on the sign-in page."
            ),
        }[reason]
        super().__init__(self.message)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_create(*, user, by=None) -> tuple[Invitation, str]:
    """A new invitation for `user`; returns it with the raw token (shown nowhere else).

    Earlier unused invitations stop working, so only the newest email's link is valid.
    """
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(user=user, accepted_at__isnull=True, expires_at__gt=now).update(
            expires_at=now
        )
        invitation = Invitation(
            user=user,
            token_hash=_hash(token),
            expires_at=now + timedelta(days=Invitation.VALID_FOR_DAYS),
            created_by=by,
        )
        invitation.full_clean()
        invitation.save()
    return invitation, token


def invitation_url(token: str) -> str:
    """The absolute link in the email (SITE_URL, i.e. WAGTAILADMIN_BASE_URL, plus the path)."""
    return absolute_url(reverse("invitation_accept", kwargs={"token": token}))


def invitation_send(*, invitation_id: int, token: str) -> str:
    """Email the invitation link; returns "sent" or why it was skipped.

    Claims the invitation by setting `sent_at` first, so a second run (a retried task) sends
    nothing; a failure to send releases the claim and re-raises, so a retry can send it.
    """
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation_id, sent_at__isnull=True, accepted_at__isnull=True, expires_at__gt=now
    ).update(sent_at=now)
    if not claimed:
        if not Invitation.objects.filter(pk=invitation_id).exists():
            logger.warning("Invitation %s no longer exists; nothing sent.", invitation_id)
            return "missing"
        return "skipped"
    invitation = Invitation.objects.select_related("user", "created_by").get(pk=invitation_id)
    if invitation.token_hash != _hash(token):
        Invitation.objects.filter(pk=invitation_id).update(sent_at=None)
        logger.warning("Invitation %s was given a token that is not its own.", invitation_id)
        return "wrong-token"
    user = invitation.user
    context = {
        "user": user,
        "url": invitation_url(token),
        "expires_at": invitation.expires_at,
        "valid_for_days": Invitation.VALID_FOR_DAYS,
        "site_name": settings.LMS_SITE_NAME,
        "invited_by": invitation.created_by,
    }
    try:
        # The invited person's language (set by whoever created the account), not the
        # programme admin's who sent it.
        with in_language_of(user):
            subject = " ".join(
                render_to_string("lms/email/invitation_subject.txt", context).split()
            )
            text = render_to_string("lms/email/invitation_message.txt", context)
            html = render_to_string("lms/email/invitation_message.html", context)
        message = EmailMultiAlternatives(subject, text, to=[user.email])
        message.attach_alternative(html, "text/html")
        message.send()
    except Exception:
        Invitation.objects.filter(pk=invitation_id).update(sent_at=None)
        raise
    return "sent"


def invitation_issue(*, user, by=None) -> Invitation:
    """Create an invitation and email it once the surrounding transaction commits.

    The email is an outbox message written with the invitation (lms.outbox), so a broker
    that is down loses nothing: deliver_outbox sends it later. The token is in that row
    until the email is sent, then erased; the broker only ever sees the message id.
    """
    from .outbox import outbox_enqueue

    with transaction.atomic():
        invitation, token = invitation_create(user=user, by=by)
        outbox_enqueue(
            "lms.invitation_send",
            key=f"invitation:{invitation.pk}",
            invitation_id=invitation.pk,
            token=token,
        )
    return invitation


def invitation_for_token(*, token: str) -> Invitation:
    """The usable invitation a token belongs to, or InvitationError saying why not."""
    invitation = (
        Invitation.objects.select_related("user").filter(token_hash=_hash(token or "")).first()
    )
    _check(invitation)
    return invitation


def _check(invitation: Invitation | None) -> None:
    if invitation is None or not invitation.user.is_active:
        raise InvitationError(InvitationError.UNKNOWN)
    if invitation.accepted_at is not None:
        raise InvitationError(InvitationError.USED)
    if invitation.expires_at <= timezone.now():
        raise InvitationError(InvitationError.EXPIRED)


def invitation_accept(*, token: str, password: str):
    """Set the person's password from an invitation, mark it used and verify their email.

    Returns the user. Raises InvitationError for an unusable link and ValidationError for a
    password the validators refuse; either way nothing changes.
    """
    invitation = invitation_for_token(token=token)
    validate_password(password, invitation.user)
    now = timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
        )
        _check(invitation)  # a second tab may have used it meanwhile
        user = invitation.user
        user.set_password(password)
        user.save(update_fields=["password"])
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at"])
        Invitation.objects.filter(user=user, accepted_at__isnull=True).exclude(
            pk=invitation.pk
        ).update(expires_at=now)
        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        elif not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
    return user
