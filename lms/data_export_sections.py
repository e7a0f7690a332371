"""lms's own parts of a person's copy of their data (lms.data_export): their account, the
privacy notices they agreed to (lms.consent), the notices they were shown, and every audit entry
about them in words, with who made it (who opened their practice history, changed their
account, signed off their work, produced a copy of their data). Registered from
LmsConfig.ready(), beside the sections each app registers from its own."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .data_export import register_export_section
from .models import AuditEvent


def _profile(person) -> dict:
    from allauth.account.models import EmailAddress

    from .models import Invitation

    return {
        "full_name": person.full_name,
        "email": person.email,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=person).order_by("email")
        ],
        "preferred_language": person.preferred_language,
        "time_zone": str(person.time_zone),
        "roles": sorted(person.groups.values_list("name", flat=True)),
        "account_active": person.is_active,
        "administrator": person.is_superuser,
        "account_created_at": person.date_joined,
        "last_signed_in_at": person.last_login,
        "invitations": [
            {
                "sent_at": invitation.sent_at,
                "expires_at": invitation.expires_at,
                "accepted_at": invitation.accepted_at,
            }
            for invitation in Invitation.objects.filter(user=person).order_by("created_at")
        ],
    }


def _consents(person) -> list[dict]:
    """Each privacy notice the person agreed to (lms.consent): its version and title, in the
    language they read it in, when they agreed and when they withdrew."""
    from .consent import consents_for, privacy_notice_text

    rows = []
    for consent in consents_for(person):
        text = privacy_notice_text(consent.notice, consent.language)
        rows.append(
            {
                "privacy_notice_version": consent.notice.version,
                "title": text.title if text else "",
                "language": consent.language,
                "agreed_at": consent.agreed_at,
                "withdrawn_at": consent.withdrawn_at,
            }
        )
    return rows


def _notices(person) -> list[dict]:
    from .notices import notices_describe, notices_for

    return [
        {
            "title": item.title,
            "created_at": item.notice.created_at,
            "read_at": item.notice.read_at,
            "link": item.notice.link,
        }
        for item in notices_describe(notices_for(person).order_by("created_at", "pk"))
    ]


def _audit_log(person) -> list[dict]:
    """Every audit entry about the person, in words, with who made it: who opened their
    practice history, changed their roles, signed off their work, produced an export."""
    from .audit_log import describe, group_names_for

    events = list(AuditEvent.objects.for_subject(person.pk).order_by("id"))
    actor_ids = {event.actor_id for event in events if event.actor_id is not None}
    names = {
        user.pk: user.full_name or user.email
        for user in get_user_model().objects.filter(pk__in=actor_ids).only("full_name", "email")
    }
    group_names = group_names_for(events)
    rows = []
    for event in events:
        if event.actor_id is None:
            who = _("No one signed in")
        else:
            who = names.get(event.actor_id) or _("Deleted account %(id)s") % {"id": event.actor_id}
        rows.append(
            {
                "entry": event.pk,
                "when": event.occurred_at,
                "kind": event.get_kind_display(),
                "what": describe(event, group_names),
                "by": who,
                "where": event.get_source_display(),
            }
        )
    return rows


def register_core_sections() -> None:
    """lms's own sections; called from LmsConfig.ready()."""
    register_export_section(
        name="profile",
        order=100,
        title=gettext_lazy("Your account: name, email addresses, language, time zone, roles."),
        collect=_profile,
    )
    register_export_section(
        name="consents",
        order=110,
        title=gettext_lazy(
            "The versions of the privacy notice you agreed to, when, in which language, and "
            "when you withdrew your consent."
        ),
        collect=_consents,
    )
    register_export_section(
        name="notices",
        order=900,
        title=gettext_lazy("The notices the site showed you."),
        collect=_notices,
    )
    register_export_section(
        name="audit_log",
        order=950,
        title=gettext_lazy(
            "Every entry about you in the audit log: who opened your practice records, "
            "changed your account, signed off your work or produced a copy of your data."
        ),
        collect=_audit_log,
    )
