"""Reads for certificates: which certification cycle an enrolment is working towards, the
trainee's checklist, and the plain data a PDF is rendered from."""

import calendar
import logging
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment
from lms.language import user_language
from lms.site_url import absolute_url

from .models import Certificate, EthicsAcceptance
from .rules import RuleResult, completion_rules

logger = logging.getLogger(__name__)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1
    month is 28 or 29 Feb): a certificate never expires later than its validity."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def latest_certificate(enrolment: Enrolment) -> Certificate | None:
    return Certificate.objects.filter(enrolment=enrolment).order_by("-cycle").first()


def latest_certificate_and_acceptance(
    enrolment: Enrolment, ethics_id: int | None
) -> tuple[Certificate | None, bool]:
    """The latest certificate and, in the same query, whether the trainee has accepted the
    code of ethics `ethics_id` for the cycle after it (the first when there is none) since it
    was certified: what the course page's checklist asks when that cycle is the one due
    (certification_cycle_due), as rules.rule_facts would read it. One query either way: the
    certificate's row joined to a row that is always there, so no certificate still answers."""
    certificate = Certificate._meta.db_table
    acceptance = EthicsAcceptance._meta.db_table
    row = next(
        iter(
            Certificate.objects.raw(
                f"""SELECT c.*, EXISTS(
                    SELECT 1 FROM {acceptance} a WHERE a.enrolment_id = %s AND a.ethics_id = %s
                    AND a.cycle = COALESCE(c.cycle, 0) + 1
                    AND (c.certified_at IS NULL OR a.accepted_at > c.certified_at)
                ) AS accepted_next
                FROM (SELECT 1 AS one) AS one LEFT JOIN {certificate} c ON c.id = (
                    SELECT id FROM {certificate} WHERE enrolment_id = %s
                    ORDER BY cycle DESC LIMIT 1
                )""",  # noqa: S608 - table names from the models, values as parameters
                [enrolment.pk, ethics_id, enrolment.pk],
            )
        )
    )
    accepted = bool(row.accepted_next) if ethics_id is not None else False
    return (row if row.pk is not None else None), accepted


def certification_cycle_due(
    enrolment: Enrolment, *, latest: Certificate | None = None
) -> int | None:
    """The cycle the trainee is working towards now, or None when there is nothing to earn.

    1 with no certificate yet; the next cycle once an issued certificate that expires is
    within CERTIFICATES_RENEWAL_OPENS_DAYS of its expiry (or past it). Nothing while a
    certificate is pending (it is being rendered) or after one was revoked (certifying again
    is a programme admin's decision, not an automatic one).
    """
    if latest is None:
        latest = latest_certificate(enrolment)
    if latest is None:
        return 1
    if latest.status != Certificate.Status.ISSUED or latest.expires_on is None:
        return None
    opens = latest.expires_on - timedelta(days=settings.CERTIFICATES_RENEWAL_OPENS_DAYS)
    if timezone.localdate() >= opens:
        return latest.cycle + 1
    return None


def certification_checklist(enrolment: Enrolment) -> list[RuleResult]:
    """What the trainee's course page lists: each rule, done or what is left, for the cycle
    they are working towards (empty when there is nothing to earn now)."""
    cycle = certification_cycle_due(enrolment)
    if cycle is None:
        return []
    return completion_rules(enrolment, cycle=cycle)


def verify_path(code: str) -> str:
    """The public verification page of a code."""
    return reverse("verify:detail", args=[code])


LOGO_RENDITION_MAX = 400  # px: the logo prints 16 mm wide, so 400 px is ~635 dpi
LOGO_JPEG_QUALITY = 92  # high enough that a logo's flat colours and edges show no blocks


def wording_logo_file(wording) -> tuple[bytes, str] | None:
    """The wording's logo as (bytes, content type) for the PDF, or None when it has none or
    its file cannot be read (the certificate then prints the default logo rather than fail).

    A rendition at most LOGO_RENDITION_MAX px wide or high, so a 5,000 px upload does not make
    every PDF megabytes large and slow, as a JPEG on white (the certificate's own background,
    so a transparent PNG looks the same): WeasyPrint embeds a JPEG as it is, but decodes and
    encodes a PNG again on every render, which made a certificate with an uploaded PNG logo
    about a sixth slower. An SVG is passed as it is (Wagtail does not rasterise it); the
    renderer refuses its references.
    """
    image = getattr(wording, "logo", None)
    if image is None:
        return None
    try:
        if image.is_svg():
            with image.file.storage.open(image.file.name, "rb") as file:
                return file.read(), "image/svg+xml"
        rendition = image.get_rendition(
            f"max-{LOGO_RENDITION_MAX}x{LOGO_RENDITION_MAX}|bgcolor-ffffff"
            f"|format-jpeg|jpegquality-{LOGO_JPEG_QUALITY}"
        )
        with rendition.file.storage.open(rendition.file.name, "rb") as file:
            return file.read(), "image/jpeg"
    except (OSError, ValueError) as error:
        logger.warning(
            "Certificate wording %s: logo image %s unreadable (%s); default logo printed",
            wording.pk,
            image.pk,
            type(error).__name__,
        )
        return None


def certificate_pdf_data(certificate: Certificate) -> dict:
    """The plain data `certificates.pdf.certificate_pdf_render` renders (its docstring lists
    the keys): the record's pinned fields and the wording it names, nothing read from the
    course or the account now, so a PDF rendered again says what was certified.

    The wording's logo, when an editor chose one, is read here through Django's storage and
    passed as bytes (`logo_file`): the renderer's fetcher opens only static files, and an
    editor's logo is a Wagtail image in media storage. Without one, the default logo prints.
    """
    wording = certificate.wording
    hours = [
        {"category": row["category"], "minutes": row["minutes"]}
        for row in certificate.hours_by_category
    ]
    data = {
        "programme_name": certificate.issuer_name,
        "holder_name": certificate.holder_name,
        "course_title": certificate.course_title,
        "hours": hours,
        "total_minutes": certificate.total_minutes,
        "supervisors": list(certificate.supervisor_names),
        "issued_on": certificate.issued_on,
        "expires_on": certificate.expires_on,
        "code": certificate.code,
        "verify_url": absolute_url(verify_path(certificate.code)),
        "title": wording.title,
        "statement": wording.statement,
        "signatory_line": wording.signatory_line,
        "wording_version": certificate.wording_version,
        # The holder's language (issue 16): the fixed labels and dates print in it.
        "language": user_language(certificate.user),
    }
    logo_file = wording_logo_file(wording)
    if logo_file is not None:
        data["logo_file"] = logo_file
    return data


def certificates_pending_stale(*, older_than: timedelta) -> list[int]:
    """Pending certificates whose render was last queued before `older_than` ago (or never):
    the ones a lost message, a broker outage or a killed worker left behind."""
    from django.db.models import Q

    cutoff = timezone.now() - older_than
    return list(
        Certificate.objects.filter(status=Certificate.Status.PENDING)
        .filter(Q(last_queued_at__lt=cutoff) | Q(last_queued_at__isnull=True))
        .order_by("last_queued_at")
        .values_list("pk", flat=True)[: settings.CERTIFICATES_SWEEP_BATCH]
    )


def enrolments_to_evaluate(*, since) -> list[int]:
    """Active enrolments with progress since `since` (a lesson completed, a quiz attempt
    finalised, practice or a competency signed off, the code of ethics accepted) that have
    nothing to show for it: no certificate, or an issued one whose renewal is open. What the
    sweep evaluates, so a lost event costs minutes, not a certificate."""
    from django.db.models import Exists, OuterRef, Q

    from assessments.practice.selectors import (
        enrolment_ids_competencies_decided_since,
        enrolment_ids_logs_decided_since,
    )
    from assessments.quizzes.selectors import enrolment_ids_finalised_since
    from courses.selectors import enrolment_ids_completed_since, enrolments_active

    from .models import EthicsAcceptance

    # The lower apps answer "which enrolments had this kind of progress since?" as subqueries.
    recent = (
        Q(last_activity_at__gte=since)
        | Q(pk__in=enrolment_ids_completed_since(since))
        | Q(pk__in=enrolment_ids_finalised_since(since))
        | Q(pk__in=enrolment_ids_logs_decided_since(since))
        | Q(pk__in=enrolment_ids_competencies_decided_since(since))
        | Exists(
            EthicsAcceptance.objects.filter(enrolment_id=OuterRef("pk"), accepted_at__gte=since)
        )
    )
    renewal_opens = timezone.localdate() + timedelta(days=settings.CERTIFICATES_RENEWAL_OPENS_DAYS)
    blocked = Certificate.objects.filter(enrolment=OuterRef("pk")).filter(
        Q(status__in=[Certificate.Status.PENDING, Certificate.Status.REVOKED])
        | Q(status=Certificate.Status.ISSUED, expires_on__isnull=True)
        | Q(status=Certificate.Status.ISSUED, expires_on__gt=renewal_opens)
    )
    return list(
        enrolments_active()
        .filter(recent)
        .exclude(Exists(blocked))
        .order_by("pk")
        .values_list("pk", flat=True)[: settings.CERTIFICATES_SWEEP_BATCH]
    )
