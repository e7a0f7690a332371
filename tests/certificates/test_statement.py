"""The hours statement PDF (issue 6's statement through the certificate's safe renderer):
what the trainee downloads, what a reader can check in it, and who cannot download it."""

import io
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments.models import PracticeLog, SignOff
from assessments.practice.services import (
    practice_log_create,
    practice_log_decide,
    practice_log_submit,
)
from certificates.statement import statement_pdf_data, statement_pdf_render
from courses.models import Enrolment
from lms.timezones import user_today
from tests.certificates.test_pdf import (
    base_font_families,
    embedded_fonts,
    postscript_name,
    shipped_postscript_names,
)
from tests.factories import EnrolmentFactory, PracticeCategoryFactory, SupervisionFactory

pytestmark = pytest.mark.django_db

DESCRIPTION = "Listened to Ravi talk through a hard week at work; agreed to meet again."
REFLECTION = "I noticed the urge to fix things and sat with it instead."


@pytest.fixture
def enrolment(trainee, supervisor):
    trainee.full_name = "Anjali Mehta"
    trainee.time_zone = "Asia/Kolkata"
    trainee.save()
    enrolment = EnrolmentFactory(user=trainee)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - timedelta(days=30)
    )
    enrolment.refresh_from_db()
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    return enrolment


@pytest.fixture
def category(enrolment):
    category = PracticeCategoryFactory(course=enrolment.course, name="One-to-one peer support")
    category.required_minutes = 600
    category.save()
    return category


def approved_log(enrolment, category, supervisor, *, start, minutes, signature="Meera Iyer"):
    log = practice_log_create(
        enrolment=enrolment,
        by=enrolment.user,
        category=category,
        day=user_today(enrolment.user) - timedelta(days=1),
        start=start,
        duration_minutes=minutes,
        mode=PracticeLog.Mode.PHONE,
        description=DESCRIPTION,
        reflection=REFLECTION,
    )
    practice_log_submit(log=log, by=enrolment.user)
    log.refresh_from_db()
    practice_log_decide(
        log=log,
        supervisor=supervisor,
        decision=SignOff.Decision.APPROVED,
        comment="",
        attestation="I supervised this practice and the entry is accurate.",
        signature=signature,
        expected_version=log.version,
    )
    return log


def text_of(pdf_bytes: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)


def download(client, course_id):
    return client.get(reverse("certificates:statement_pdf", args=[course_id]))


def test_trainee_downloads_a_statement_of_their_approved_entries(
    client, enrolment, category, supervisor
):
    log = approved_log(enrolment, category, supervisor, start=time(8, 0), minutes=120)
    client.force_login(enrolment.user)

    response = download(client, enrolment.course_id)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = user_today(enrolment.user)
    assert response["Content-Disposition"] == (
        f'attachment; filename="hours-statement-{enrolment.course.slug}-{today:%Y-%m-%d}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert float(box.width) < float(box.height)  # portrait
    text = text_of(response.content)
    sign_off = SignOff.objects.get(log=log, decision=SignOff.Decision.APPROVED)
    assert "Anjali Mehta" in text
    assert enrolment.course.title in text
    assert "2 hours of 10 hours" not in text  # totals are in their own columns
    assert "2 hours" in text and "10 hours" in text  # approved and required
    assert supervisor.full_name in text
    assert "Meera Iyer" in text  # the signature
    assert sign_off.content_digest[:16] in text.replace("\n", "")
    assert (log.started_at.astimezone(timezone.get_fixed_timezone(330))).strftime("%H:%M") in text
    assert DESCRIPTION not in text and "Ravi" not in text
    assert REFLECTION not in text
    assert reader.metadata.title == f"Hours statement: Anjali Mehta, {enrolment.course.title}"
    assert reader.metadata.author


def test_a_draft_or_submitted_entry_is_not_on_the_statement(
    client, enrolment, category, supervisor
):
    approved_log(enrolment, category, supervisor, start=time(8, 0), minutes=120)
    practice_log_create(
        enrolment=enrolment,
        by=enrolment.user,
        category=category,
        day=user_today(enrolment.user) - timedelta(days=2),
        start=time(9, 0),
        duration_minutes=45,
        mode=PracticeLog.Mode.PHONE,
        description=DESCRIPTION,
        reflection=REFLECTION,
    )

    text = text_of(statement_pdf_render(statement_pdf_data(enrolment)))

    assert "1 entry, 2 hours." in text  # the draft's 45 minutes are neither listed nor added


def test_the_statement_embeds_only_our_fonts(enrolment, category, supervisor):
    enrolment.user.full_name = "प्रिया शर्मा"
    enrolment.user.save()
    approved_log(enrolment, category, supervisor, start=time(8, 0), minutes=60)

    pdf_bytes = statement_pdf_render(statement_pdf_data(enrolment))

    fonts = embedded_fonts(pdf_bytes)
    names = {postscript_name(font) for font in fonts.values()}
    assert names <= shipped_postscript_names()
    assert "NotoSansDevanagari-Bold" in names
    assert all(family.startswith("Academy-") for family in base_font_families(pdf_bytes))


def test_html_typed_into_names_is_printed_as_text(enrolment, category, supervisor):
    enrolment.user.full_name = '<img src="http://127.0.0.1:9/x.png"> Anjali'
    enrolment.user.save()
    category.name = "<b>Group</b> & one-to-one"
    category.save()
    approved_log(
        enrolment, category, supervisor, start=time(8, 0), minutes=60, signature="<i>M</i>"
    )

    pdf_bytes = statement_pdf_render(statement_pdf_data(enrolment))

    text = text_of(pdf_bytes)
    assert '<img src="http://127.0.0.1:9/x.png"> Anjali' in text
    assert "<b>Group</b> & one-to-one" in text
    assert "<i>M</i>" in text
    assert not PdfReader(io.BytesIO(pdf_bytes)).pages[0].images


def test_someone_elses_enrolment_is_not_found(client, enrolment, category, supervisor):
    approved_log(enrolment, category, supervisor, start=time(8, 0), minutes=60)
    other = EnrolmentFactory()

    client.force_login(other.user)
    assert download(client, enrolment.course_id).status_code == 404

    client.force_login(enrolment.user)
    assert download(client, other.course_id).status_code == 404


def test_the_statement_outlives_a_withdrawal_as_the_csv_does(
    client, enrolment, category, supervisor
):
    approved_log(enrolment, category, supervisor, start=time(8, 0), minutes=60)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)
    client.force_login(enrolment.user)

    response = download(client, enrolment.course_id)
    csv_response = client.get(reverse("practice:statement", args=[enrolment.course_id]))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert csv_response.status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, enrolment):
    response = download(client, enrolment.course_id)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_practice_overview_links_to_the_pdf_beside_the_csv(client, enrolment, category):
    client.force_login(enrolment.user)

    page = client.get(reverse("practice:overview")).content.decode()

    url = reverse("certificates:statement_pdf", args=[enrolment.course_id])
    assert f'href="{url}"' in page
    assert "Download hours statement (PDF)" in page
    assert page.index("Download hours statement (CSV)") < page.index(
        "Download hours statement (PDF)"
    )
