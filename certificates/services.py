"""Writes for certificates: accepting the code of ethics, certifying an enrolment, rendering
and issuing, revoking, reissuing, and the sweep that repairs missed events.

The row comes first, the PDF after: `certificate_evaluate` creates a pending certificate with
everything it certifies pinned, in a transaction, and queues the render task on commit; the
task (`certificate_issue_render`) renders the PDF, stores it and marks the row issued. The
unique constraint on (enrolment, cycle) makes two evaluations at once one certificate, and
the status guard under a row lock makes a second render a no-op, so the render can run again
after a crash. The render and the "ready" email are outbox messages (lms.outbox), written in
the transaction that causes them: a broker outage or a killed worker delays them by a minute
or two (deliver_outbox), never loses them. A missed event is repaired by
`certificates_sweep`, which a periodic job runs every minute.

Nothing here logs a name, an email or a reason: log lines carry ids only.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.practice.selectors import practice_statement_rows
from courses.models import Enrolment
from courses.selectors import current_supervisor, enrolment_reload, enrolments_by_ids
from courses.signals import enrolment_progressed_announce
from lms.site_url import absolute_url
from lms.timezones import user_today

from . import rules, selectors
from .codes import code_generate
from .files import pdf_discard
from .models import (
    Certificate,
    CertificateEvent,
    CertificateWording,
    CodeOfEthics,
    EthicsAcceptance,
)
from .notices import certificate_ready_notice_add

logger = logging.getLogger(__name__)


class CertificateError(Exception):
    """A refused request, with a message for the person who made it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Code of ethics -------------------------------------------------------------------------


def ethics_accept(*, enrolment: Enrolment, ethics: CodeOfEthics, by) -> EthicsAcceptance:
    """The trainee agrees to the course's current code of ethics, for the cycle they are
    working towards. Accepting again in the same cycle changes nothing. Announces progress
    on commit, as completing a lesson does, so a certificate can follow at once."""
    if by is None or by.pk != enrolment.user_id:
        raise CertificateError(_("Only the trainee can accept the code of ethics."))
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise CertificateError(_("This enrolment is not active."))
    current = rules.current_ethics(enrolment.course_id)
    if current is None or current.pk != ethics.pk:
        raise CertificateError(
            _("This is not the current code of ethics of the course. Reload the page.")
        )
    cycle = selectors.certification_cycle_due(enrolment)
    if cycle is None:
        raise CertificateError(_("There is nothing to accept it for until your renewal opens."))
    with transaction.atomic():
        acceptance, created = EthicsAcceptance.objects.get_or_create(
            enrolment=enrolment,
            ethics=ethics,
            cycle=cycle,
            defaults={"accepted_at": timezone.now()},
        )
        if created:
            enrolment_progressed_announce(enrolment.pk)
    return acceptance


# --- Certifying -----------------------------------------------------------------------------


def wording_current() -> CertificateWording:
    """The newest wording; version 1 with the default text when editors have written none."""
    wording = CertificateWording.objects.order_by("-version").first()
    if wording is None:
        wording, _created = CertificateWording.objects.get_or_create(version=1)
    return wording


def _supervisor_names(enrolment: Enrolment, facts: rules.RuleFacts) -> list[str]:
    """Who signed the trainee's practice and competencies off, first signature first; the
    current supervisor when nobody has (a course without practice)."""
    names: list[str] = []
    for row in practice_statement_rows(enrolment):
        if row["supervisor"] and row["supervisor"] not in names:
            names.append(row["supervisor"])
    for status in facts.competencies:
        name = status.sign_off.decided_by.full_name if status.sign_off else ""
        if name and name not in names:
            names.append(name)
    if not names:
        supervisor = current_supervisor(enrolment)
        if supervisor is not None and supervisor.full_name:
            names.append(supervisor.full_name)
    return names


def _pinned_fields(enrolment: Enrolment, facts: rules.RuleFacts, results) -> dict:
    course = enrolment.course
    user = enrolment.user
    now = timezone.now()
    issued_on = user_today(user)
    months = course.certificate_validity_months
    wording = wording_current()
    summary = facts.hours
    return {
        "user": user,
        "course": course,
        "holder_name": user.full_name or user.email,
        "course_title": course.title,
        "achievement_description": course.summary,
        "achievement_criteria": "; ".join(result.reason for result in results),
        "hours_by_category": [
            {"category": c.name, "minutes": c.approved_minutes} for c in summary.categories
        ],
        "total_minutes": summary.approved_minutes,
        "supervisor_names": _supervisor_names(enrolment, facts),
        "certified_at": now,
        "issued_on": issued_on,
        "expires_on": selectors.add_months(issued_on, months) if months else None,
        "ethics": facts.ethics,
        "ethics_version": facts.ethics.version if facts.ethics else None,
        "wording": wording,
        "wording_version": wording.version,
        "issuer_name": wording.issuer_name or settings.LMS_SITE_NAME,
        "issuer_url": settings.WAGTAILADMIN_BASE_URL,
    }


def certificate_evaluate(*, enrolment: Enrolment) -> Certificate | None:
    """Certify the enrolment when every rule is met: create its certificate, pending, with
    what it certifies pinned, and queue the render on commit.

    Returns the certificate of the cycle (new or already there), or None while rules are
    unmet or there is nothing to earn. Safe to call any number of times, at once too: the
    unique constraint turns a race into "already exists".
    """
    enrolment = enrolment_reload(enrolment)
    if enrolment.status != Enrolment.Status.ACTIVE:
        return None
    latest = selectors.latest_certificate(enrolment)
    cycle = selectors.certification_cycle_due(enrolment, latest=latest)
    if cycle is None:
        return (
            latest if latest is not None and latest.status == Certificate.Status.PENDING else None
        )
    facts = rules.rule_facts(enrolment, cycle=cycle)
    results = [rule(facts) for rule in rules.RULES]
    if not rules.all_met(results):
        return None
    fields = _pinned_fields(enrolment, facts, results)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                now = timezone.now()
                certificate = Certificate(
                    code=code_generate(),
                    enrolment=enrolment,
                    cycle=cycle,
                    last_queued_at=now,
                    # Every rule was just met: the admin's flag starts from that answer.
                    rules_hold=True,
                    unmet_rules=[],
                    rules_checked_at=now,
                    **fields,
                )
                certificate.full_clean(validate_unique=False, validate_constraints=False)
                certificate.save()
                CertificateEvent.objects.create(
                    certificate=certificate, kind=CertificateEvent.Kind.CREATED
                )
                _queue_render(certificate.pk, "created")
            logger.info("Certificate %s created for enrolment %s", certificate.pk, enrolment.pk)
            return certificate
        except IntegrityError:
            existing = Certificate.objects.filter(enrolment=enrolment, cycle=cycle).first()
            if existing is not None:
                return existing
            # Otherwise two certificates drew the same code (about 1 in 2^65): draw again.
    raise CertificateError(_("The certificate could not be created. Try again."))


def _queue_render(certificate_id: int, why: str | None = None) -> None:
    """Record the render in the current transaction (an outbox message, run after commit).
    `why` names it, e.g. "created" or "r2" (revision 2): the same render is recorded once."""
    from lms.outbox import outbox_enqueue

    outbox_enqueue(
        "certificates.render",
        key=f"certificate-render:{certificate_id}:{why}" if why else None,
        certificate_id=certificate_id,
    )


def _render_waiting(certificate_id: int) -> bool:
    """Whether a render of this certificate is in the outbox and not done."""
    from lms.models import OutboxMessage

    return OutboxMessage.objects.filter(
        task="certificates.render",
        kwargs__certificate_id=certificate_id,
        done_at__isnull=True,
    ).exists()


def ready_email_enqueue(certificate_id: int) -> None:
    """Record the "ready" email (once per certificate: the key)."""
    from lms.outbox import outbox_enqueue

    outbox_enqueue(
        "certificates.issued_email",
        key=f"certificate-ready:{certificate_id}",
        certificate_id=certificate_id,
    )


# --- Rendering and issuing ------------------------------------------------------------------


def _render(certificate: Certificate) -> bytes:
    # Imported here: the renderer loads WeasyPrint (a third of a second), which only the
    # worker that renders should pay.
    from .pdf import certificate_pdf_render

    return certificate_pdf_render(selectors.certificate_pdf_data(certificate))


def certificate_issue_render(*, certificate_id: int) -> str:
    """The render task's body: make the PDF match the record, once.

    Locks the row, skipping it when another worker holds it (that worker is rendering it);
    a pending certificate is rendered, stored and marked issued, and the trainee is emailed
    on commit; an issued one whose record changed since its PDF (a reissue) is rendered
    again; anything else is left alone. Returns what happened, for the task's result.
    """
    written: list[str] = []  # files this render wrote, deleted again if it fails
    try:
        with transaction.atomic():
            certificate = (
                Certificate.objects.select_for_update(skip_locked=True)
                .select_related("wording")
                .filter(pk=certificate_id)
                .first()
            )
            if certificate is None:
                if Certificate.objects.filter(pk=certificate_id).exists():
                    return "locked"
                logger.warning("Certificate %s to render does not exist", certificate_id)
                return "missing"
            if certificate.status == Certificate.Status.PENDING:
                _store_pdf(certificate, _render(certificate), written)
                _issue(certificate)
                return "issued"
            if (
                certificate.status == Certificate.Status.ISSUED
                and certificate.pdf_revision < certificate.revision
            ):
                _store_pdf(certificate, _render(certificate), written)
                CertificateEvent.objects.create(
                    certificate=certificate,
                    kind=CertificateEvent.Kind.RENDERED,
                    details={"revision": certificate.revision, "pdf": certificate.pdf.name},
                )
                return "rendered"
            return "unchanged"
    except Exception as error:
        # The transaction rolled back, so no row names the file it wrote: delete it (it holds
        # the holder's name). Count the attempt outside it, so the admin sees a certificate
        # that keeps failing (the type of error only: messages may hold data).
        pdf_discard(written)
        Certificate.objects.filter(pk=certificate_id).update(
            render_attempts=F("render_attempts") + 1,
            last_render_error=type(error).__name__[:200],
        )
        raise


def _store_pdf(certificate: Certificate, content: bytes, written: list[str]) -> None:
    """Write the rendered PDF under a new random name in the private storage and point the
    row at it; the file is published when the transaction commits (certificates.files)."""
    certificate.pdf.save("certificate.pdf", ContentFile(content), save=False)
    written.append(certificate.pdf.name)
    certificate.pdf_revision = certificate.revision
    certificate.render_attempts += 1
    certificate.last_render_error = ""
    certificate.save(
        update_fields=["pdf", "pdf_revision", "render_attempts", "last_render_error", "updated_at"]
    )


def _issue(certificate: Certificate) -> None:
    now = timezone.now()
    certificate.status = Certificate.Status.ISSUED
    certificate.issued_at = now
    certificate.save(update_fields=["status", "issued_at", "updated_at"])
    # One "issued" event per certificate (a database constraint). A certificate that was
    # issued once and sent back to pending by the 0006 repair (no PDF) keeps its first one.
    if not certificate.events.filter(kind=CertificateEvent.Kind.ISSUED).exists():
        CertificateEvent.objects.create(
            certificate=certificate,
            kind=CertificateEvent.Kind.ISSUED,
            details={"pdf": certificate.pdf.name},
        )
    if certificate.cycle > 1:
        # The renewal replaces the previous certificate, which stays verifiable as such.
        previous = (
            Certificate.objects.select_for_update()
            .filter(
                enrolment_id=certificate.enrolment_id,
                cycle=certificate.cycle - 1,
                status=Certificate.Status.ISSUED,
            )
            .first()
        )
        if previous is not None:
            previous.status = Certificate.Status.SUPERSEDED
            previous.superseded_by = certificate
            previous.save(update_fields=["status", "superseded_by", "updated_at"])
            CertificateEvent.objects.create(
                certificate=previous,
                kind=CertificateEvent.Kind.SUPERSEDED,
                details={"by": certificate.code},
            )
    ready_email_enqueue(certificate.pk)
    # The trainee's notice inside the site, from the same event (certificates.notices).
    certificate_ready_notice_add(certificate)
    logger.info("Certificate %s issued", certificate.pk)


def certificate_issued_notify(*, certificate_id: int) -> bool:
    """Email the trainee that their certificate is ready, with a link; at most once.

    `notified_at` is the claim: it is committed before the email is sent, so no retry,
    second delivery or crash can send it twice (a failed send clears it again for a retry;
    a process killed during the send leaves it set: at most once). The email names the
    course, never the reasons or the hours."""
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            Certificate.objects.filter(
                pk=certificate_id,
                status=Certificate.Status.ISSUED,
                notified_at__isnull=True,
                user__is_active=True,
            )
            .exclude(user__email="")
            .update(notified_at=now, updated_at=now)
        )
    if not claimed:
        return False
    certificate = Certificate.objects.select_related("user").get(pk=certificate_id)
    user = certificate.user
    try:
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            subject = _("Your certificate for %(course)s is ready") % {
                "course": certificate.course_title
            }
            body = _(
                "Hello %(name)s,\n\n"
                "Congratulations: you have met every requirement of %(course)s, and your "
                "certificate is ready.\n\n"
                "Download it from your certificates page: %(dashboard)s\n\n"
                "Anyone can check it at %(verify)s (certificate code %(code)s).\n\n"
                "%(site)s"
            ) % {
                "name": certificate.holder_name,
                "course": certificate.course_title,
                "dashboard": absolute_url(reverse("certificates:mine")),
                "verify": absolute_url(selectors.verify_path(certificate.code)),
                "code": certificate.code_display,
                "site": settings.LMS_SITE_NAME,
            }
        EmailMessage(" ".join(subject.split()), body, to=[user.email]).send()
    except Exception:
        Certificate.objects.filter(pk=certificate_id, notified_at=now).update(notified_at=None)
        raise
    return True


# --- Programme admins -----------------------------------------------------------------------


def _check_perm(user, codename: str) -> None:
    if user is None or not user.has_perm(f"certificates.{codename}"):
        raise PermissionDenied


def _locked(certificate: Certificate) -> Certificate:
    return Certificate.objects.select_for_update().get(pk=certificate.pk)


def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke a certificate with a recorded reason. Verification shows it as revoked with
    the date, never the reason. A pending certificate can be revoked too: it is then never
    issued."""
    _check_perm(by, "revoke_certificate")
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give the reason for revoking: it is kept in the record."))
    with transaction.atomic():
        certificate = _locked(certificate)
        if certificate.status not in (Certificate.Status.ISSUED, Certificate.Status.PENDING):
            raise CertificateError(
                _("A %(status)s certificate cannot be revoked.")
                % {"status": certificate.get_status_display().lower()}
            )
        certificate.status = Certificate.Status.REVOKED
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.revoked_reason = reason
        certificate.save(
            update_fields=["status", "revoked_at", "revoked_by", "revoked_reason", "updated_at"]
        )
        CertificateEvent.objects.create(
            certificate=certificate,
            kind=CertificateEvent.Kind.REVOKED,
            by=by,
            details={"reason": reason},
        )
    logger.info("Certificate %s revoked", certificate.pk)
    return certificate


def certificate_reissue(*, certificate: Certificate, by) -> Certificate:
    """Reissue after the holder's name was corrected: the record takes the account's current
    full name, the same code stays valid, and a new PDF is rendered. The event keeps the
    name and the file before, and the old file stays in storage, so history is kept."""
    _check_perm(by, "reissue_certificate")
    with transaction.atomic():
        certificate = _locked(certificate)
        if certificate.status != Certificate.Status.ISSUED:
            raise CertificateError(_("Only an issued certificate can be reissued."))
        if certificate.user.erased_at is not None:
            raise CertificateError(
                _(
                    "The holder's data has been erased: the certificate keeps the name as "
                    "printed and cannot be reissued."
                )
            )
        new_name = certificate.user.full_name or certificate.user.email
        CertificateEvent.objects.create(
            certificate=certificate,
            kind=CertificateEvent.Kind.REISSUED,
            by=by,
            details={
                "holder_name_before": certificate.holder_name,
                "holder_name_after": new_name,
                "pdf_before": certificate.pdf.name,
                "revision": certificate.revision + 1,
            },
        )
        certificate.holder_name = new_name
        certificate.revision += 1
        certificate.last_queued_at = timezone.now()
        certificate.save(update_fields=["holder_name", "revision", "last_queued_at", "updated_at"])
        _queue_render(certificate.pk, f"r{certificate.revision}")
    return certificate


# --- The sweep ------------------------------------------------------------------------------


def certificates_sweep() -> dict:
    """Repair what events missed: evaluate enrolments that progressed within
    CERTIFICATES_SWEEP_LOOKBACK and have no certificate to show for it, and queue the render
    again for certificates pending longer than CERTIFICATES_PENDING_REQUEUE_AFTER (an issued
    one whose PDF is behind its record, after a reissue, is queued again the same way)."""
    since = timezone.now() - settings.CERTIFICATES_SWEEP_LOOKBACK
    created = 0
    evaluated = selectors.enrolments_to_evaluate(since=since)
    for enrolment in enrolments_by_ids(evaluated):
        certificate = certificate_evaluate(enrolment=enrolment)
        created += certificate is not None and certificate.status == Certificate.Status.PENDING
    requeued = 0
    for certificate_id in selectors.certificates_pending_stale(
        older_than=settings.CERTIFICATES_PENDING_REQUEUE_AFTER
    ):
        with transaction.atomic():
            updated = Certificate.objects.filter(
                pk=certificate_id, status=Certificate.Status.PENDING
            ).update(last_queued_at=timezone.now())
            # The outbox delivers a recorded render again by itself; this is for a render
            # recorded nowhere (queued before the outbox existed).
            if updated and not _render_waiting(certificate_id):
                _queue_render(certificate_id)
                requeued += 1
    stale = timezone.now() - settings.CERTIFICATES_PENDING_REQUEUE_AFTER
    for certificate_id in Certificate.objects.filter(
        status=Certificate.Status.ISSUED,
        pdf_revision__lt=F("revision"),
        last_queued_at__lt=stale,
    ).values_list("pk", flat=True)[: settings.CERTIFICATES_SWEEP_BATCH]:
        with transaction.atomic():
            Certificate.objects.filter(pk=certificate_id).update(last_queued_at=timezone.now())
            if not _render_waiting(certificate_id):
                _queue_render(certificate_id)
                requeued += 1
    # The "ready" email is an outbox message written when the certificate is issued; one
    # issued before the outbox existed and never announced gets one now (once: its key).
    from lms.models import OutboxMessage

    unannounced = list(
        Certificate.objects.filter(
            status=Certificate.Status.ISSUED, notified_at__isnull=True, updated_at__lt=stale
        ).values_list("pk", flat=True)[: settings.CERTIFICATES_SWEEP_BATCH]
    )
    recorded = set(
        OutboxMessage.objects.filter(
            key__in=[f"certificate-ready:{pk}" for pk in unannounced]
        ).values_list("key", flat=True)
    )
    for certificate_id in unannounced:
        if f"certificate-ready:{certificate_id}" not in recorded:
            ready_email_enqueue(certificate_id)
    return {"evaluated": len(evaluated), "created": int(created), "requeued": requeued}
