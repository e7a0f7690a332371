"""What erasing a person changes in lms's own tables and in the third-party apps lms runs
(accounts, sessions, Wagtail's profile and history): lms.erasure runs it after every app's
step, so the account is the last thing to become a pseudonym."""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from .models import DataExport, Invitation, Notice, User


def pseudonym(person) -> tuple[str, str]:
    """The name and address an erased account keeps: its number, which the audit log and the
    register's rows already hold, and nothing of the person."""
    return f"Erased account {person.pk}", f"erased-{person.pk}@erased.invalid"


def _sessions_delete(person) -> int:
    """The person's sessions: the database backend keys them by a random id, so each live
    one is read (a daily job's cost, not a page's)."""
    wanted = str(person.pk)
    doomed = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=500):
        # get_decoded() answers {} for a session it cannot read.
        if str(session.get_decoded().get("_auth_user_id", "")) == wanted:
            doomed.append(session.pk)
    if doomed:
        Session.objects.filter(pk__in=doomed).delete()
    return len(doomed)


def _wagtail_traces(person, files) -> dict[str, int]:
    """Wagtail's profile (an avatar a person may have uploaded) and the label its history
    gave the account (its name, as it was when an admin changed it)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry
    from wagtail.users.models import UserProfile

    counts = {}
    profile = UserProfile.objects.filter(user=person).first()
    if profile is not None:
        if profile.avatar:
            files.append((profile.avatar.storage, profile.avatar.name))
        profile.delete()
        counts["profile"] = 1
    name, _ = pseudonym(person)
    counts["history_labels"] = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(person.pk)
    ).update(label=name, data={})
    return counts


def erase_account(person, files) -> dict[str, int]:
    """lms's step: the person's notices, invitations, copies of their data, email addresses,
    sessions and Wagtail traces are deleted; the account keeps its number under a pseudonym,
    cannot sign in, and is marked erased."""
    from allauth.account.models import EmailAddress

    counts = {}
    counts["notices"] = Notice.objects.filter(recipient=person).delete()[0]
    counts["invitations"] = Invitation.objects.filter(user=person).delete()[0]
    exports = DataExport.objects.filter(person=person)
    for export in exports.exclude(file=""):
        files.append((export.file.storage, export.file.name))
    counts["data_exports"] = exports.delete()[0]
    counts["email_addresses"] = EmailAddress.objects.filter(user=person).delete()[0]
    counts["sessions"] = _sessions_delete(person)
    counts.update(_wagtail_traces(person, files))
    name, address = pseudonym(person)
    person.full_name = name
    person.email = address
    person.set_unusable_password()
    person.is_active = False
    person.preferred_language = settings.LANGUAGE_CODE
    person.erased_at = timezone.now()
    person.inactivity_warned_at = None
    person.notices_unread = 0
    person.save(
        update_fields=[
            "full_name",
            "email",
            "password",
            "is_active",
            "preferred_language",
            "erased_at",
            "inactivity_warned_at",
            "notices_unread",
        ]
    )
    person.user_permissions.clear()
    counts["roles"] = person.groups.count()
    person.groups.clear()
    return counts


def register_core_erasure_steps() -> None:
    from .erasure import register_erasure_step

    register_erasure_step(name="account", order=1000, run=erase_account)
