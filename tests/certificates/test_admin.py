"""The Certificates admin: who may enter, the list with its search and filters, a
certificate's page with its history and rule check, revoke, reissue, regenerating a course's
PDFs through Celery, and editors' versioned wording and codes of ethics."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates import pdf
from certificates.models import Certificate, CertificateEvent, CertificateWording, CodeOfEthics
from courses.models import LessonCompletion
from lms import roles
from tests.factories import UserFactory, course_tree_build
from tests.factories.certificates import (
    CertificateFactory,
    CertificateWordingFactory,
    CodeOfEthicsFactory,
    certifiable_build,
)
from tests.factories.courses import EnrolmentFactory

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7 stand-in"
UNMET = [{"name": "quizzes", "reason": "Pass the quiz of Module 1"}]


@pytest.fixture
def rendered(monkeypatch):
    calls = []

    def fake_render(data):
        calls.append(data)
        return FAKE_PDF

    monkeypatch.setattr(pdf, "certificate_pdf_render", fake_render)
    return calls


def _admin_urls(certificate):
    return [
        reverse("certificates_admin:index"),
        reverse("certificates_admin:index") + "?status=rules_unmet",
        reverse("certificates_admin:index") + "?export=csv",
        reverse("certificates_admin:index") + "?export=xlsx",
        reverse("certificates_admin:detail", args=[certificate.pk]),
        reverse("certificates_admin:revoke", args=[certificate.pk]),
        reverse("certificates_admin:reissue", args=[certificate.pk]),
        reverse("certificates_admin:regenerate"),
    ]


def _messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


@pytest.mark.parametrize("role", [roles.TRAINEE, roles.SUPERVISOR])
def test_trainees_and_supervisors_are_refused_every_certificates_page(client, role):
    certificate = CertificateFactory(issued=True)
    client.force_login(UserFactory(role=role))
    for url in _admin_urls(certificate):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("certificates_admin:revoke", args=[certificate.pk]),
        {"reason": "No", "confirm": "on"},
    )
    assert response.status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED


def test_editors_write_wording_but_do_not_see_certificates(client, editor):
    certificate = CertificateFactory(issued=True)
    client.force_login(editor)
    for url in _admin_urls(certificate):
        response = client.get(url)  # Wagtail sends refused admin users to the admin's home
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    assert client.get(reverse("certificate_wording:index")).status_code == 200


def test_list_searches_and_filters_in_a_fixed_number_of_queries(client, programme_admin):
    today = timezone.localdate()
    asha = CertificateFactory(issued=True, holder_name="Asha Verma", expires_on=None)
    expired = CertificateFactory(
        issued=True,
        holder_name="Ravi Kumar",
        issued_on=today - timedelta(days=800),
        expires_on=today - timedelta(days=5),
    )
    soon = CertificateFactory(
        issued=True, holder_name="Meena Das", expires_on=today + timedelta(days=20)
    )
    client.force_login(programme_admin)
    url = reverse("certificates_admin:index")

    page = client.get(url).content.decode()
    assert all(c.code_display in page for c in (asha, expired, soon))
    assert "Expired" in page and "Valid, expiring soon" in page

    found = client.get(url, {"q": asha.code_display.lower()}).content.decode()
    assert asha.code_display in found and expired.code_display not in found
    found = client.get(url, {"q": "ravi"}).content.decode()
    assert expired.code_display in found and asha.code_display not in found
    found = client.get(url, {"status": "expired"}).content.decode()
    assert expired.code_display in found and soon.code_display not in found
    found = client.get(url, {"status": "expiring_soon"}).content.decode()
    assert soon.code_display in found and asha.code_display not in found
    found = client.get(url, {"course": asha.course_id}).content.decode()
    assert asha.code_display in found and soon.code_display not in found

    CertificateFactory(issued=True, rules_hold=False, unmet_rules=UNMET)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    with CaptureQueriesContext(connection) as few_flagged:
        client.get(url, {"status": "rules_unmet"})
    for index in range(10):
        # Half of them flagged "Rules no longer hold": the flag is read, never worked out.
        CertificateFactory(issued=True, rules_hold=not index % 2, unmet_rules=UNMET * (index % 2))
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as many_flagged:
        flagged = client.get(url, {"status": "rules_unmet"}).content.decode()
    assert len(few) == len(many)
    assert len(few_flagged) == len(many_flagged)
    assert (
        page.count("Rules no longer hold</span>")
        == flagged.count("Rules no longer hold</span>")
        == 6
    )


def test_detail_shows_history_and_flags_rules_that_no_longer_hold(client, programme_admin):
    built = certifiable_build()
    certificate = CertificateFactory(enrolment=built.enrolment, issued=True)
    CertificateEvent.objects.create(certificate=certificate, kind=CertificateEvent.Kind.CREATED)
    client.force_login(programme_admin)
    url = reverse("certificates_admin:detail", args=[certificate.pk])

    page = client.get(url).content.decode()
    assert "every rule still holds" in page
    assert "Created" in page

    LessonCompletion.objects.filter(enrolment=built.enrolment).first().delete()
    page = client.get(url).content.decode()
    assert "would no longer all hold" in page
    assert "1 of 4 lessons left" in page


def test_revoke_needs_a_reason_and_a_confirmation_then_verification_says_revoked(
    client, programme_admin
):
    certificate = CertificateFactory(issued=True)
    client.force_login(programme_admin)
    url = reverse("certificates_admin:revoke", args=[certificate.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"reason": "  ", "confirm": "on"})
    assert response.status_code == 400
    response = client.post(url, {"reason": "Misconduct found"})
    assert response.status_code == 400
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED

    response = client.post(url, {"reason": "Misconduct found", "confirm": "on"}, follow=True)
    assert "is revoked" in _messages(response)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_by == programme_admin
    event = certificate.events.get(kind=CertificateEvent.Kind.REVOKED)
    assert event.details == {"reason": "Misconduct found"}
    page = client.get(reverse("verify:detail", args=[certificate.code])).content.decode()
    assert "<strong>Revoked</strong>" in page and "Misconduct" not in page


def test_reissue_prints_the_corrected_name_on_a_new_pdf_with_the_same_code(
    client, programme_admin, rendered, django_capture_on_commit_callbacks
):
    certificate = CertificateFactory(issued=True, holder_name="Priya Sarma")
    user = certificate.user
    user.full_name = "Priya Sharma"
    user.save(update_fields=["full_name"])
    client.force_login(programme_admin)
    url = reverse("certificates_admin:reissue", args=[certificate.pk])
    page = client.get(url).content.decode()
    assert "Priya Sarma" in page and "Priya Sharma" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "is being reissued" in _messages(response)
    code = certificate.code
    certificate.refresh_from_db()
    assert certificate.code == code
    assert certificate.holder_name == "Priya Sharma"
    assert certificate.pdf_revision == certificate.revision == 2
    assert rendered[-1]["holder_name"] == "Priya Sharma"
    event = certificate.events.get(kind=CertificateEvent.Kind.REISSUED)
    assert event.details["holder_name_before"] == "Priya Sarma"


def test_regenerate_queues_one_render_per_issued_certificate_of_the_course(
    client, programme_admin, rendered, django_capture_on_commit_callbacks
):
    tree = course_tree_build(modules=1, lessons=1)
    issued = [
        CertificateFactory(enrolment=EnrolmentFactory(course=tree.course), issued=True)
        for _ in range(2)
    ]
    revoked = CertificateFactory(
        enrolment=EnrolmentFactory(course=tree.course),
        status=Certificate.Status.REVOKED,
        revoked_at=timezone.now(),
    )
    elsewhere = CertificateFactory(issued=True)
    new_wording = CertificateWordingFactory(version=2, title="Certificate of achievement")
    client.force_login(programme_admin)
    url = reverse("certificates_admin:regenerate")
    assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, {"course": tree.course.pk}, follow=True)
    assert "2 certificate(s)" in _messages(response)
    assert len(callbacks) == 2  # one render task per issued certificate, after commit
    for callback in callbacks:
        callback()
    for certificate in issued:
        certificate.refresh_from_db()
        assert certificate.wording == new_wording and certificate.wording_version == 2
        assert certificate.pdf_revision == certificate.revision == 2
    assert {data["title"] for data in rendered} == {"Certificate of achievement"}
    for untouched in (revoked, elsewhere):
        untouched.refresh_from_db()
        assert untouched.revision == 1 and untouched.wording_version == 1


def test_editing_wording_in_use_saves_a_new_version(client, editor):
    in_use = CertificateFactory(issued=True).wording
    client.force_login(editor)
    data = {
        "title": "Certificate of achievement",
        "statement": "has completed the course.",
        "signatory_line": "Programme lead",
        "issuer_name": "",
        "logo": "",
    }
    response = client.post(reverse("certificate_wording:edit", args=[in_use.pk]), data, follow=True)
    assert "stays as it was" in _messages(response)
    in_use.refresh_from_db()
    assert in_use.title != "Certificate of achievement"
    newest = CertificateWording.objects.order_by("-version").first()
    assert newest.version == in_use.version + 1
    assert newest.title == "Certificate of achievement"

    client.post(reverse("certificate_wording:add"), {**data, "title": "Third"})
    assert CertificateWording.objects.order_by("-version").first().version == newest.version + 1


def test_programme_admins_cannot_change_the_wording(client, programme_admin):
    client.force_login(programme_admin)
    response = client.get(reverse("certificate_wording:add"))
    assert response.status_code == 302


def test_editors_publish_codes_of_ethics_as_versions_and_never_edit_a_published_one(client, editor):
    course = course_tree_build(modules=1, lessons=1).course
    client.force_login(editor)
    add = reverse("code_of_ethics:add")
    client.post(add, {"course": course.pk, "text": "Draft words."})
    draft = CodeOfEthics.objects.get(course=course)
    assert draft.version == 1 and draft.published_at is None

    client.post(
        reverse("code_of_ethics:edit", args=[draft.pk]),
        {"text": "Final words.", "publish": "on"},
    )
    draft.refresh_from_db()
    assert draft.text == "Final words." and draft.published_at is not None

    response = client.post(
        reverse("code_of_ethics:edit", args=[draft.pk]),
        {"text": "Changed after agreeing."},
        follow=True,
    )
    assert "is not changed" in _messages(response)
    draft.refresh_from_db()
    assert draft.text == "Final words."

    client.post(add, {"course": course.pk, "text": "Second version.", "publish": "on"})
    assert CodeOfEthics.objects.filter(course=course).order_by("-version").first().version == 2


def test_trainees_cannot_reach_codes_of_ethics_in_the_admin(client, trainee):
    ethics = CodeOfEthicsFactory()
    client.force_login(trainee)
    for url in (
        reverse("code_of_ethics:index"),
        reverse("code_of_ethics:edit", args=[ethics.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url


def _register_csv(client, **params) -> list[list[str]]:
    response = client.get(reverse("certificates_admin:index"), {"export": "csv", **params})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "certificate-register.csv" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_the_register_downloads_every_certificate_the_filters_match(client, programme_admin):
    """Issue 17 part 4: code, holder as printed, course, cycle, dates and status in words, as
    CSV and XLSX, for every certificate the search and filters match (not one page); a name
    that looks like a formula is quoted; a revoked certificate says so."""
    today = timezone.localdate()
    for number in range(55):  # more than one page of the list
        CertificateFactory(issued=True, holder_name=f"Trainee {number:02d}", expires_on=None)
    revoked = CertificateFactory(issued=True, holder_name="=HYPERLINK(1)", expires_on=None)
    revoked.status = Certificate.Status.REVOKED
    revoked.revoked_at = timezone.now()
    revoked.save()
    expired = CertificateFactory(
        issued=True,
        holder_name="Ravi Kumar",
        issued_on=today - timedelta(days=800),
        expires_on=today - timedelta(days=5),
    )
    client.force_login(programme_admin)

    page = client.get(reverse("certificates_admin:index")).content.decode()
    assert "export=csv" in page and "export=xlsx" in page
    rows = _register_csv(client)
    assert rows[0] == [
        "Code",
        "Holder as printed",
        "Course",
        "Organisation",
        "Cycle",
        "Issued on",
        "Expires on",
        "Status",
    ]
    assert len(rows) == 1 + 57
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code[revoked.code_display][1] == "'=HYPERLINK(1)"
    assert by_code[revoked.code_display][7] == "Revoked"
    assert by_code[expired.code_display][1:] == [
        "Ravi Kumar",
        expired.course_title,
        settings.WAGTAIL_SITE_NAME,  # a certificate without a cohort: the home organisation
        "1",
        expired.issued_on.isoformat(),
        expired.expires_on.isoformat(),
        "Expired",
    ]
    assert [row[0] for row in _register_csv(client, status="expired")[1:]] == [expired.code_display]
    assert len(_register_csv(client, q="trainee")) == 1 + 55

    response = client.get(reverse("certificates_admin:index"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Code" and len(values) == 1 + 57
    assert ["=HYPERLINK(1)", "Revoked"] in [[row[1], row[7]] for row in values[1:]]
    formula_cells = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formula_cells == []


def test_the_register_is_in_the_readers_language(client, programme_admin):
    CertificateFactory(issued=True, expires_on=None)
    programme_admin.preferred_language = "hi"
    programme_admin.save(update_fields=["preferred_language"])
    client.force_login(programme_admin)
    rows = _register_csv(client)
    assert rows[0][:2] == ["कोड", "प्रमाणपत्र पर छपा नाम"]
    assert rows[1][7] == "मान्य"
