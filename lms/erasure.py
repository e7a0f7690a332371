"""Erasing a person's data (issue 18, part 3): asked for, a cooling-off period, then carried
out by the daily `erase_due` job; the rule of what is kept is docs/decisions/0016-erasure.md.

Asking (`erasure_request`) records an ErasureRequest due `ERASURE_COOLING_OFF_DAYS` later,
tells the person (a notice and an email holding none of their data) and writes an audit
entry. They, or an admin who may work with them, can cancel until it runs
(`erasure_cancel`). Running (`erasure_run`) takes one transaction: every registered step
deletes or blanks what its app holds about the person, lms's own step last (the account
becomes a pseudonym that cannot sign in), and one audit entry records the counts. Files are
deleted after the commit, so a rolled-back erasure loses none.

`lms` imports no app, so each app says what erasing a person means for its tables by
registering a step from its AppConfig.ready(), as export sections are registered
(lms/data_export.py): `run(person, files) -> {what: count}`, in the erasure's transaction,
appending (storage, name) to `files` for each stored file to delete once it commits.

What stays, by the rule: issued certificates with the holder's name as printed (the
register and /verify/ show it; the PDF is the certificate), certificate events, the rows
that count hours and progress (without their text), and the audit chain, which never held
names or text. Supervisors' comments on the person's logs are cleared by
`sign_off_comments_clear` (assessments), the one change the append-only triggers allow.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import roles
from .language import in_language_of
from .models import AuditEvent, ErasureRequest, User
from .notices import notice_add, notice_kind
from .timezones import user_zone

logger = logging.getLogger(__name__)

REQUESTED_EMAIL_HANDLER = "lms.erasure_requested_email"
DONE_EMAIL_HANDLER = "lms.erasure_done_email"
REQUESTED = "lms.erasure_requested"
CANCELLED = "lms.erasure_cancelled"


# --- The registry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasureStep:
    name: str
    order: int
    run: Callable  # (person, files) -> {what: count}, in the erasure's transaction


_steps: dict[str, ErasureStep] = {}


def register_erasure_step(*, name: str, order: int, run: Callable) -> None:
    """Add (or replace: a second ready() changes nothing) one step of erasing a person."""
    _steps[name] = ErasureStep(name=name, order=order, run=run)


def erasure_steps() -> list[ErasureStep]:
    return sorted(_steps.values(), key=lambda step: (step.order, step.name))


# --- Who may be erased ----------------------------------------------------------------------


class ErasureRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def cooling_off_days() -> int:
    return getattr(settings, "ERASURE_COOLING_OFF_DAYS", 7)


def erasure_refusal(person) -> str | None:
    """Why `person` cannot be erased, in words, or None. Staff are refused: their name is on
    other people's sign-offs and certificates as the one who signed, so their roles must be
    removed (and someone else take their trainees) first."""
    if person.erased_at is not None:
        return _("This account has been erased already.")
    if person.is_superuser or person.is_staff:
        return _(
            "An account with access to the editing area cannot be erased from here. Ask a "
            "national admin to remove that access first."
        )
    if person.groups.exclude(name=roles.TRAINEE).exists():
        return _(
            "An account with a staff role, such as supervisor, cannot be erased: other "
            "people's records are signed in its name. Ask a programme admin to remove the "
            "role first."
        )
    return None


# --- Asking, cancelling ---------------------------------------------------------------------


def erasure_pending(person) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(
        person=person, status=ErasureRequest.Status.PENDING
    ).first()


def erasure_request(*, person, requested_by, reason) -> tuple[ErasureRequest, bool]:
    """Ask for `person`'s data to be erased after the cooling-off period. Returns (request,
    created): a second click or tab while one is pending gets that one. ErasureRefused
    (with the reason in words) for an account that cannot be erased."""
    refusal = erasure_refusal(person)
    if refusal:
        raise ErasureRefused(refusal)
    from .audit import audit_record
    from .outbox import outbox_enqueue

    now = timezone.now()
    with transaction.atomic():
        existing = erasure_pending(person)
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                erasure = ErasureRequest.objects.create(
                    person=person,
                    requested_by=requested_by,
                    reason=reason,
                    created_at=now,
                    due_at=now + timedelta(days=cooling_off_days()),
                )
        except IntegrityError:
            # Another tab's request committed first.
            existing = erasure_pending(person)
            if existing is None:
                raise
            return existing, False
        audit_record(
            kind=AuditEvent.Kind.ERASURE_REQUESTED,
            subject_id=person.pk,
            actor_id=requested_by.pk if requested_by is not None else None,
            data={"erasure_id": erasure.pk, "reason": reason},
        )
        notice_add(
            recipient_id=person.pk,
            kind=REQUESTED,
            link=reverse("profile") + "#erasure",
            details={"erasure_id": erasure.pk},
            key=f"erasure-requested:{erasure.pk}",
        )
        outbox_enqueue(
            REQUESTED_EMAIL_HANDLER,
            key=f"erasure-requested-email:{erasure.pk}",
            erasure_id=erasure.pk,
        )
    return erasure, True


def erasure_cancel(*, erasure: ErasureRequest, cancelled_by) -> bool:
    """Cancel a pending request (the person, or an admin who may work with them: the caller
    checks). False when it is not pending any more (run, or cancelled in another tab)."""
    from .audit import audit_record

    with transaction.atomic():
        changed = ErasureRequest.objects.filter(
            pk=erasure.pk, status=ErasureRequest.Status.PENDING
        ).update(
            status=ErasureRequest.Status.CANCELLED,
            cancelled_at=timezone.now(),
            cancelled_by=cancelled_by,
        )
        if not changed:
            return False
        audit_record(
            kind=AuditEvent.Kind.ERASURE_CANCELLED,
            subject_id=erasure.person_id,
            actor_id=cancelled_by.pk if cancelled_by is not None else None,
            data={"erasure_id": erasure.pk},
        )
        if cancelled_by is None or cancelled_by.pk != erasure.person_id:
            notice_add(
                recipient_id=erasure.person_id,
                kind=CANCELLED,
                link=reverse("profile") + "#erasure",
                details={"erasure_id": erasure.pk},
                key=f"erasure-cancelled:{erasure.pk}",
            )
    return True


# --- Carrying it out ------------------------------------------------------------------------


def erasure_run(*, person, reason=None, erasure: ErasureRequest | None = None) -> ErasureRequest:
    """Erase `person` now, in one transaction, and return the (done) request: `erasure`, the
    person's pending one, or a new one with `reason` (the retention rules, which warned the
    person first). ErasureRefused for an account that cannot be erased; an account erased
    already returns its last request unchanged."""
    from .audit import audit_record
    from .outbox import outbox_enqueue

    files: list[tuple[object, str]] = []
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        if person.erased_at is not None:
            done = person.erasure_requests.filter(status=ErasureRequest.Status.DONE).first()
            if done is not None:
                return done
        refusal = erasure_refusal(person)
        if refusal:
            raise ErasureRefused(refusal)
        now = timezone.now()
        if erasure is None:
            erasure = erasure_pending(person)
        if erasure is None:
            erasure = ErasureRequest.objects.create(
                person=person,
                requested_by=None,
                reason=reason or ErasureRequest.Reason.PERSON,
                created_at=now,
                due_at=now,
            )
        # The goodbye goes to the address the person had, read here and erased from the
        # outbox row once sent (`secret`); it holds none of their data.
        if person.email and person.is_active:
            outbox_enqueue(
                DONE_EMAIL_HANDLER,
                key=f"erasure-done-email:{erasure.pk}",
                address=person.email,
                language=person.preferred_language,
                erasure_id=erasure.pk,
            )
        counts: dict[str, int] = {}
        for step in erasure_steps():
            for what, count in (step.run(person, files) or {}).items():
                counts[f"{step.name}.{what}"] = count
        ErasureRequest.objects.filter(pk=erasure.pk).update(
            status=ErasureRequest.Status.DONE, done_at=now
        )
        audit_record(
            kind=AuditEvent.Kind.ERASED,
            subject_id=person.pk,
            actor_id=None,
            data={
                "erasure_id": erasure.pk,
                "reason": erasure.reason,
                "counts": {key: value for key, value in sorted(counts.items()) if value},
            },
        )
        transaction.on_commit(lambda: _files_delete(files))
    erasure.refresh_from_db()
    logger.info("Erasure %s carried out for account %s", erasure.pk, person.pk)
    return erasure


def _files_delete(files) -> None:
    for storage, name in files:
        try:
            storage.delete(name)
        except Exception:
            # Left for the orphan sweeps (data exports) or the operator: never the erasure.
            logger.warning("Could not delete a file of an erased account", exc_info=True)


def erasures_run_due(*, now=None) -> dict[str, int]:
    """The daily job: carry out every pending request whose cooling-off period has ended,
    each in its own transaction; one that fails is logged (its id and the error's type only)
    and left pending for the next run. Returns counts."""
    now = now or timezone.now()
    counts = {"erased": 0, "failed": 0}
    due = ErasureRequest.objects.filter(
        status=ErasureRequest.Status.PENDING, due_at__lte=now
    ).select_related("person")
    for erasure in list(due[:500]):
        try:
            erasure_run(person=erasure.person, erasure=erasure)
        except Exception as error:
            counts["failed"] += 1
            logger.error(
                "Erasure %s could not be carried out: %s", erasure.pk, type(error).__name__
            )
        else:
            counts["erased"] += 1
    return counts


# --- Telling the person ---------------------------------------------------------------------


def erasure_requested_email(*, erasure_id: int) -> bool:
    """Tell the person erasure was asked for, when it will run and how to cancel it."""
    from django.core.mail import EmailMessage

    from .site_url import absolute_url

    erasure = (
        ErasureRequest.objects.filter(pk=erasure_id, status=ErasureRequest.Status.PENDING)
        .select_related("person")
        .first()
    )
    if erasure is None or not erasure.person.is_active or erasure.person.erased_at:
        return False
    person = erasure.person
    zone = user_zone(person)
    with in_language_of(person):
        values = {
            "due": formats.date_format(timezone.localtime(erasure.due_at, zone), "DATETIME_FORMAT"),
            "link": absolute_url(reverse("profile") + "#erasure"),
            "site": settings.LMS_SITE_NAME,
        }
        if erasure.requested_by_id == person.pk:
            opening = _("You asked for your data to be erased.")
        else:
            opening = _("Erasure of your data was asked for on your behalf.")
        body = _(
            "Hello,\n\n"
            "%(opening)s It will be carried out on %(due)s. Until then you can sign in and "
            "cancel it from your profile page:\n%(link)s\n\n"
            "If you did not ask for this, please cancel it and tell your programme.\n\n"
            "This email holds none of your data.\n\n"
            "%(site)s"
        ) % {**values, "opening": opening}
        subject = _("Your data will be erased on %(due)s") % values
    EmailMessage(subject, body, to=[person.email]).send()
    return True


def erasure_done_email(*, address: str = "", language: str = "en", erasure_id: int) -> bool:
    """Tell the person, at the address they had, that their data has been erased and what
    the register keeps. Sent after the erasure committed (the address is the message's
    secret argument, erased from the outbox once sent)."""
    from django.core.mail import EmailMessage
    from django.utils import translation

    if (
        not address
        or not ErasureRequest.objects.filter(
            pk=erasure_id, status=ErasureRequest.Status.DONE
        ).exists()
    ):
        return False
    with translation.override(language):
        body = _(
            "Hello,\n\n"
            "Your account on %(site)s has been erased: your profile, what you wrote and your "
            "answers are deleted, and the account can no longer sign in.\n\n"
            "Certificates issued to you stay on the register with your name as printed, so "
            "anyone you show one to can still check it.\n\n"
            "%(site)s"
        ) % {"site": settings.LMS_SITE_NAME}
        subject = _("Your data has been erased")
    EmailMessage(subject, body, to=[address]).send()
    return True


@notice_kind(REQUESTED)
def _requested_title(notice, names) -> str:
    return _("Erasure of your data was asked for. You can cancel it from your profile.")


@notice_kind(CANCELLED)
def _cancelled_title(notice, names) -> str:
    return _("The erasure of your data was cancelled by a programme admin.")
