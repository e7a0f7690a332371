"""The trainee's certificate pages: the code of ethics, the checklist on the course page in
each of its states, the status the page asks for, the download, and the certificates page."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate, EthicsAcceptance
from courses.services import enrolment_create
from lms import roles
from tests.factories import UserFactory, course_tree_build
from tests.factories.certificates import (
    CertificateFactory,
    CodeOfEthicsFactory,
    certifiable_build,
)
from tests.factories.courses import EnrolmentFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7 the stored certificate"


def _issued(enrolment, *, expires_in_days=None, **fields):
    """An issued certificate with a stored PDF for `enrolment`."""
    today = timezone.localdate()
    certificate = CertificateFactory(
        enrolment=enrolment,
        issued=True,
        issued_on=today - timedelta(days=10),
        expires_on=today + timedelta(days=expires_in_days) if expires_in_days is not None else None,
        **fields,
    )
    certificate.pdf.save("certificate.pdf", ContentFile(PDF), save=True)
    return certificate


@pytest.fixture
def enrolled(trainee):
    tree = course_tree_build(modules=1, lessons=2)
    return EnrolmentFactory(user=trainee, course=tree.course)


# --- Code of ethics -------------------------------------------------------------------------


def test_ethics_page_shows_the_text_escaped_in_paragraphs_and_records_agreeing(
    client, trainee, enrolled
):
    ethics = CodeOfEthicsFactory(
        course=enrolled.course, text="I listen <b>first</b>.\n\nI keep confidences."
    )
    client.force_login(trainee)
    url = reverse("certificates:ethics", args=[enrolled.course_id])

    page = client.get(url).content.decode()
    assert "<p>I listen &lt;b&gt;first&lt;/b&gt;.</p>" in page
    assert "<p>I keep confidences.</p>" in page
    assert "I agree" in page

    response = client.post(url, {"ethics": ethics.pk})
    assert response.status_code == 302
    assert response["Location"] == enrolled.course.url
    acceptance = EthicsAcceptance.objects.get(enrolment=enrolled)
    assert acceptance.ethics == ethics and acceptance.cycle == 1

    page = client.get(url).content.decode()
    assert "You agreed to version 1 on" in page
    assert "I agree</button>" not in page


def test_agreeing_to_a_version_replaced_meanwhile_is_refused(client, trainee, enrolled):
    old = CodeOfEthicsFactory(course=enrolled.course)
    client.force_login(trainee)
    url = reverse("certificates:ethics", args=[enrolled.course_id])
    client.get(url)
    CodeOfEthicsFactory(course=enrolled.course, text="Version two.")

    response = client.post(url, {"ethics": old.pk})
    assert response.status_code == 400
    assert "not the current code of ethics" in response.content.decode()
    assert not EthicsAcceptance.objects.exists()


def test_ethics_page_says_when_nothing_is_published(client, trainee, enrolled):
    CodeOfEthicsFactory(course=enrolled.course, draft=True)
    client.force_login(trainee)
    page = client.get(reverse("certificates:ethics", args=[enrolled.course_id])).content.decode()
    assert "has not published its code of ethics yet" in page
    assert "<form" not in page.split("<main", 1)[1]


def test_ethics_page_is_only_for_the_courses_trainees(client, enrolled):
    url = reverse("certificates:ethics", args=[enrolled.course_id])
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(UserFactory(role=roles.TRAINEE))
    assert client.get(url).status_code == 404


# --- The course page's panel ----------------------------------------------------------------


def _panel(client, course) -> str:
    page = client.get(course.url).content.decode()
    start = page.index('<section class="certificate-panel"')
    return page[start : page.index("</section>", start)]


def test_checklist_lists_what_is_left_and_links_to_the_code_of_ethics(client, trainee, enrolled):
    CodeOfEthicsFactory(course=enrolled.course)
    client.force_login(trainee)
    panel = _panel(client, enrolled.course)
    assert "0 of 2 lessons left" not in panel  # the trainee has completed none: 2 of 2
    assert "2 of 2 lessons left" in panel
    assert "Accept the code of ethics" in panel
    assert reverse("certificates:ethics", args=[enrolled.course_id]) in panel
    assert "Download your certificate" not in panel


def test_every_rule_met_shows_being_prepared_with_the_status_address(client):
    built = certifiable_build()
    client.force_login(built.enrolment.user)
    panel = _panel(client, built.tree.course)
    assert panel.count("✓") == 5
    assert "Being prepared" in panel
    status_url = reverse("certificates:status", args=[built.tree.course.pk])
    assert f'data-poll-url="{status_url}"' in panel
    assert "refresh this page" in panel  # what a browser without scripts is told


def test_status_turns_ready_with_the_download_link_once_issued(client):
    built = certifiable_build()
    certificate = CertificateFactory(enrolment=built.enrolment)  # pending
    client.force_login(built.enrolment.user)
    status_url = reverse("certificates:status", args=[built.tree.course.pk])

    data = client.get(status_url).json()
    assert data["ready"] is False and data["status"] == "pending"

    certificate.pdf.save("certificate.pdf", ContentFile(PDF), save=True)
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.ISSUED, issued_at=timezone.now()
    )
    data = client.get(status_url).json()
    assert data["ready"] is True and data["status"] == "valid"
    assert reverse("certificates:download", args=[certificate.code]) in data["html"]
    assert "data-poll-url" not in data["html"]


@pytest.mark.parametrize(
    ("expires_in_days", "says"),
    [
        (None, "It does not expire."),
        (400, "It expires on"),
        (30, "Expiring soon"),
        (-1, "Expired"),
    ],
)
def test_issued_certificate_shows_download_verification_and_expiry(
    client, trainee, enrolled, expires_in_days, says
):
    certificate = _issued(enrolled, expires_in_days=expires_in_days)
    client.force_login(trainee)
    panel = _panel(client, enrolled.course)
    assert says in panel
    assert "Download your certificate" in panel
    assert reverse("certificates:download", args=[certificate.code]) in panel
    assert reverse("verify:detail", args=[certificate.code]) in panel
    assert certificate.code_display in panel
    assert "Being prepared" not in panel


def test_revoked_certificate_says_so_on_the_course_page(client, trainee, enrolled):
    _issued(
        enrolled,
        status=Certificate.Status.REVOKED,
        revoked_at=timezone.now(),
        revoked_reason="Private reason",
    )
    client.force_login(trainee)
    panel = _panel(client, enrolled.course)
    assert "Revoked" in panel and "was revoked on" in panel
    assert "Private reason" not in panel


def test_panel_costs_the_same_queries_for_a_bigger_course(client, trainee):
    counts = []
    for modules, lessons in ((1, 1), (3, 4)):
        tree = course_tree_build(modules=modules, lessons=lessons)
        enrolment_create(user=trainee, course=tree.course)
        CodeOfEthicsFactory(course=tree.course)
        client.force_login(trainee)
        client.get(tree.course.url)  # warm the outline cache
        with CaptureQueriesContext(connection) as queries:
            assert "certificate-panel" in client.get(tree.course.url).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_dashboard_links_to_the_certificates_page_which_lists_them(client, trainee, enrolled):
    certificate = _issued(enrolled, expires_in_days=400)
    client.force_login(trainee)
    dashboard = client.get(reverse("courses:dashboard")).content.decode()
    assert reverse("certificates:mine") in dashboard
    page = client.get(reverse("certificates:mine")).content.decode()
    assert certificate.course_title in page
    assert reverse("certificates:download", args=[certificate.code]) in page


# --- Download -------------------------------------------------------------------------------


def test_download_streams_the_stored_pdf_to_its_holder_named_after_the_course(
    client, trainee, enrolled
):
    certificate = _issued(enrolled, holder_name="Priya Sharma")
    client.force_login(trainee)
    response = client.get(reverse("certificates:download", args=[certificate.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="certificate-{enrolled.course.slug}.pdf"'
    assert "Priya" not in disposition and "Sharma" not in disposition
    assert b"".join(response.streaming_content) == PDF


def test_download_accepts_the_code_as_printed(client, trainee, enrolled):
    certificate = _issued(enrolled)
    client.force_login(trainee)
    url = reverse("certificates:download", args=[certificate.code_display.lower()])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_nobody_else_can_download_a_certificate(client, enrolled):
    certificate = _issued(enrolled)
    url = reverse("certificates:download", args=[certificate.code])
    assert client.get(url).status_code == 302  # to sign in
    for role in (roles.TRAINEE, roles.SUPERVISOR, roles.PROGRAMME_ADMIN):
        client.force_login(UserFactory(role=role))
        assert client.get(url).status_code == 404, role


def test_a_pending_or_unknown_certificate_has_nothing_to_download(client, trainee, enrolled):
    pending = CertificateFactory(enrolment=enrolled)
    client.force_login(trainee)
    assert client.get(reverse("certificates:download", args=[pending.code])).status_code == 404
    assert client.get("/learn/certificates/not-a-code/download/").status_code == 404


def test_a_revoked_certificate_still_downloads_for_its_holder_marked_revoked(
    client, trainee, enrolled
):
    certificate = _issued(enrolled, status=Certificate.Status.REVOKED, revoked_at=timezone.now())
    client.force_login(trainee)
    response = client.get(reverse("certificates:download", args=[certificate.code]))
    assert response.status_code == 200
    assert f"certificate-{enrolled.course.slug}-revoked.pdf" in response["Content-Disposition"]
    response.close()
