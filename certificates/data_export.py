"""What certificates holds about a person, for their copy of their data (lms.data_export):
their certificates (the record and its PDF), the codes of ethics they accepted, an hours
statement PDF for each of their enrolments, and the daily figures of their progress.

The certificate PDFs are read from the private storage, where the render put them; the hours
statements are rendered now (`certificates.statement`), as the download on the course page
does, since a stored copy would go stale. The enrolments come from courses' selectors.

Registered from CertificatesConfig.ready().
"""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from courses.selectors import enrolments_of
from lms.data_export import register_export_section

from .models import Certificate, EthicsAcceptance, ProgressSnapshot

CERTIFICATES_FOLDER = "certificates"
STATEMENTS_FOLDER = "hours-statements"


def _certificates(person) -> list[Certificate]:
    return list(
        Certificate.objects.filter(user=person)
        .select_related("course")
        .order_by("created_at", "pk")
    )


def _has_file(certificate: Certificate) -> bool:
    return bool(certificate.pdf) and certificate.status != Certificate.Status.PENDING


def _certificate_path(certificate: Certificate) -> str:
    from .views import download_filename

    return f"{CERTIFICATES_FOLDER}/{download_filename(certificate)}"


def _statement_path(enrolment) -> str:
    slug = slugify(enrolment.course.slug) or enrolment.course_id
    return f"{STATEMENTS_FOLDER}/hours-statement-{slug}.pdf"


def _certificates_collect(person) -> list[dict]:
    return [
        {
            "code": certificate.code_display,
            "course": certificate.course_title,
            "status": certificate.get_status_display(),
            "name_as_printed": certificate.holder_name,
            "certification_cycle": certificate.cycle,
            "certified_at": certificate.certified_at,
            "issued_on": certificate.issued_on,
            "expires_on": certificate.expires_on,
            "approved_practice_minutes": certificate.total_minutes,
            "approved_practice_by_activity": certificate.hours_by_category,
            "supervisors": certificate.supervisor_names,
            "code_of_ethics_version": certificate.ethics_version,
            "issuer": certificate.issuer_name,
            "revoked_at": certificate.revoked_at,
            "revoked_reason": certificate.revoked_reason,
            "file": _certificate_path(certificate) if _has_file(certificate) else None,
        }
        for certificate in _certificates(person)
    ]


def _ethics_collect(person) -> list[dict]:
    acceptances = (
        EthicsAcceptance.objects.filter(enrolment__user=person)
        .select_related("ethics__course")
        .order_by("accepted_at", "pk")
    )
    return [
        {
            "course": acceptance.ethics.course.title,
            "version": acceptance.ethics.version,
            "certification_cycle": acceptance.cycle,
            "accepted_at": acceptance.accepted_at,
            "text_you_accepted": acceptance.ethics.text,
        }
        for acceptance in acceptances
    ]


def _statements_collect(person) -> list[dict]:
    return [
        {"course": enrolment.course.title, "file": _statement_path(enrolment)}
        for enrolment in enrolments_of(user=person)
    ]


def _progress_collect(person) -> list[dict]:
    snapshots = (
        ProgressSnapshot.objects.filter(enrolment__user=person)
        .select_related("enrolment__course")
        .order_by("enrolment_id", "day")
    )
    return [
        {
            "course": snapshot.enrolment.course.title,
            "day": snapshot.day,
            "lessons_completed": snapshot.lessons_completed,
            "lessons_total": snapshot.lessons_total,
            "quizzes_passed": snapshot.quizzes_passed,
            "quizzes_total": snapshot.quizzes_total,
            "approved_practice_minutes": snapshot.approved_minutes,
            "pending_practice_minutes": snapshot.pending_minutes,
            "required_practice_minutes": snapshot.required_minutes,
            "competencies_signed_off": snapshot.competencies_signed_off,
            "competencies_total": snapshot.competencies_total,
            "code_of_ethics_accepted": snapshot.ethics_accepted,
            "requirements_left": snapshot.rules_left,
            "certified": snapshot.certified,
        }
        for snapshot in snapshots
    ]


def _read(field):
    def read() -> bytes:
        with field.open("rb") as file:
            return file.read()

    return read


def _certificate_files(person) -> list[tuple]:
    return [
        (_certificate_path(certificate), _read(certificate.pdf))
        for certificate in _certificates(person)
        if _has_file(certificate)
    ]


def _statement(enrolment):
    def render() -> bytes:
        from .statement import statement_pdf_data, statement_pdf_render

        return statement_pdf_render(statement_pdf_data(enrolment))

    return render


def _statement_files(person) -> list[tuple]:
    files = []
    for enrolment in enrolments_of(user=person):
        enrolment.user = person  # the statement prints their name and dates in their zone
        files.append((_statement_path(enrolment), _statement(enrolment)))
    return files


def register() -> None:
    register_export_section(
        name="certificates",
        order=500,
        title=_("Your certificates, as recorded; each PDF is in the certificates folder."),
        collect=_certificates_collect,
        files=_certificate_files,
    )
    register_export_section(
        name="codes_of_ethics_accepted",
        order=510,
        title=_("The codes of ethics you accepted, and when."),
        collect=_ethics_collect,
    )
    register_export_section(
        name="hours_statements",
        order=520,
        title=_("An hours statement for each of your courses, in the hours-statements folder."),
        collect=_statements_collect,
        files=_statement_files,
    )
    register_export_section(
        name="progress_history",
        order=530,
        title=_("Where you stood each day, by the certificate's requirements."),
        collect=_progress_collect,
    )
