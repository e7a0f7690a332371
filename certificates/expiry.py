"""Expiry reminders: the email a holder gets 60 and 7 days before their certificate expires.

A daily job (`manage.py send_expiry_reminders`) sends them. Each reminder is recorded as a
certificate event naming its threshold, so a second run the same day, a retried job or two
overlapping runs send nothing more. A threshold is a window, not a single day (60 days or
less but more than 7; then 7 days or less), so a job that did not run for a few days still
reminds, and a holder never gets the 60-day and the 7-day email on the same day.

Nothing here logs a name or an address: log lines carry ids only.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from lms.site_url import absolute_url

from . import selectors
from .models import Certificate, CertificateEvent

logger = logging.getLogger(__name__)

# The event kind that records a reminder.
REMINDED = CertificateEvent.Kind.REMINDED


def reminder_days() -> list[int]:
    """The thresholds, largest first: CERTIFICATES_EXPIRY_REMINDER_DAYS, (60, 7) by default."""
    days = getattr(settings, "CERTIFICATES_EXPIRY_REMINDER_DAYS", (60, 7))
    return sorted({int(day) for day in days}, reverse=True)


def certificates_due_reminder(*, days: int, below: int, today: date) -> list[int]:
    """Issued certificates expiring in `days` days or fewer but more than `below`, not yet
    expired, not already reminded for this threshold, and not being renewed (no later
    certificate of the same enrolment)."""
    already = CertificateEvent.objects.filter(
        certificate=OuterRef("pk"), kind=REMINDED, details__days=days
    )
    renewing = Certificate.objects.filter(
        enrolment=OuterRef("enrolment"), cycle__gt=OuterRef("cycle")
    )
    return list(
        Certificate.objects.filter(
            status=Certificate.Status.ISSUED,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=days),
            expires_on__gt=today + timedelta(days=below),
        )
        .exclude(Exists(already))
        .exclude(Exists(renewing))
        .order_by("expires_on", "pk")
        .values_list("pk", flat=True)[: settings.CERTIFICATES_SWEEP_BATCH]
    )


def certificate_expiry_remind(*, certificate_id: int, days: int, today: date) -> bool:
    """Email one holder that their certificate expires soon, once for this threshold.

    The event and the email's outbox message (lms.outbox) are written together, under the
    row's lock; the job then sends the message at once. The email is sent at most once (the
    outbox claims it before sending), and a failed send stays in the outbox, which retries
    it, so the event means "reminder on its way". Returns whether one was recorded.
    """
    from lms.outbox import outbox_enqueue, outbox_run

    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(skip_locked=True)
            .select_related("user", "course")
            .filter(pk=certificate_id, status=Certificate.Status.ISSUED)
            .first()
        )
        if certificate is None or certificate.expires_on is None:
            return False
        if certificate.events.filter(kind=REMINDED, details__days=days).exists():
            return False
        user = certificate.user
        if not (user.is_active and user.email):
            return False
        CertificateEvent.objects.create(
            certificate=certificate,
            kind=REMINDED,
            details={"days": days, "expires_on": certificate.expires_on.isoformat()},
        )
        message = outbox_enqueue(
            "certificates.expiry_reminder_email",
            key=f"certificate-expiry:{certificate.pk}:{days}:{certificate.expires_on.isoformat()}",
            publish=False,
            certificate_id=certificate.pk,
            days=days,
            days_left=(certificate.expires_on - today).days,
        )
    if message is not None and outbox_run(message.pk) == "failed":
        raise RuntimeError(f"The expiry reminder of certificate {certificate_id} failed")
    logger.info("Certificate %s: %s-day expiry reminder sent", certificate_id, days)
    return True


def certificate_expiry_email(*, certificate_id: int, days_left: int) -> bool:
    """Send the reminder (the outbox handler); False when it no longer applies."""
    certificate = (
        Certificate.objects.select_related("user")
        .filter(pk=certificate_id, status=Certificate.Status.ISSUED)
        .first()
    )
    if certificate is None or not (certificate.user.is_active and certificate.user.email):
        return False
    _send(certificate, days_left=days_left)
    return True


def _send(certificate: Certificate, *, days_left: int) -> None:
    user = certificate.user
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        when = formats.date_format(certificate.expires_on, "j F Y")
        subject = _("Your certificate for %(course)s expires on %(date)s") % {
            "course": certificate.course_title,
            "date": when,
        }
        body = _(
            "Hello %(name)s,\n\n"
            "Your certificate for %(course)s expires on %(date)s, in %(days)s day(s).\n\n"
            "You can renew it now: the course page lists what renewal asks of you (the "
            "continuing-education lessons and the code of ethics). Your certificates: "
            "%(certificates)s\n\n"
            "Until it expires, anyone can still check it at %(verify)s (certificate code "
            "%(code)s).\n\n"
            "%(site)s"
        ) % {
            "name": certificate.holder_name,
            "course": certificate.course_title,
            "date": when,
            "days": days_left,
            "certificates": absolute_url(reverse("certificates:mine")),
            "verify": absolute_url(selectors.verify_path(certificate.code)),
            "code": certificate.code_display,
            "site": settings.LMS_SITE_NAME,
        }
    EmailMessage(" ".join(subject.split()), body, to=[user.email]).send()


def certificates_expiry_remind(*, today: date | None = None) -> dict:
    """The daily job: send every reminder that is due. Safe to run any number of times."""
    today = today or timezone.localdate()
    thresholds = reminder_days()
    sent = failed = 0
    for index, days in enumerate(thresholds):
        below = thresholds[index + 1] if index + 1 < len(thresholds) else -1
        for certificate_id in certificates_due_reminder(days=days, below=below, today=today):
            try:
                sent += certificate_expiry_remind(
                    certificate_id=certificate_id, days=days, today=today
                )
            except Exception:
                # One refused address must not stop the others; the next run tries again.
                logger.exception("Certificate %s: expiry reminder failed", certificate_id)
                failed += 1
    return {"sent": sent, "failed": failed}
