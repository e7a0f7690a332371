"""A trainee earns a certificate in a real browser, on the demo course: with every other
requirement met by `manage.py demo_almost_certified` (the earlier steps, seeded through the
services), the demo trainee agrees to the code of ethics and completes the course's last
lesson; the course page says the certificate is being prepared and, with no reload, turns it
into a download once the render finishes; the PDF downloads; the public /verify/<code>/ page
says valid, and revoked after a programme admin revokes it. axe-core checks the code of
ethics and the verification page.

Tasks run eagerly in tests, so the render would be done before the course page loads and the
"appears without a reload" part would prove nothing. The render is held back instead (as a
busy worker would), the page is loaded while the certificate is pending, and only then the
held render runs; the page is marked, so a reload would be caught.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from certificates.models import Certificate
from certificates.services import certificate_issue_render, certificate_revoke
from content.curriculum import COURSE
from courses.models import CoursePage, LessonPage
from lms import outbox, roles
from lms.models import OutboxMessage
from tests.e2e.checks import assert_no_serious_axe_violations
from tests.factories import UserFactory
from tests.factories.certificates import certifiable_build

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The page asks the status endpoint 2 s after loading, then every 4 s.
POLL_WAIT_MS = 20_000


@pytest.fixture
def held_renders(monkeypatch):
    """Renders queued while the test runs, held instead of run: a worker that is busy."""
    held: list[int] = []
    publish = outbox.outbox_publish

    def publish_all_but_renders(message_id):
        message = OutboxMessage.objects.get(pk=message_id)
        if message.task != "certificates.render":
            return publish(message_id)
        held.append(message.kwargs["certificate_id"])
        return True

    monkeypatch.setattr(outbox, "outbox_publish", publish_all_but_renders)
    return held


@pytest.fixture
def demo_almost_certified(site):
    """The demo, as `make run` loads it, and the demo trainee two steps from a certificate."""
    call_command("load_demo", stdout=StringIO())
    call_command("demo_almost_certified", stdout=StringIO())
    course = CoursePage.objects.get(slug=COURSE["slug"], locale__language_code="en")
    trainee = get_user_model().objects.get(email="trainee@example.org")
    return course, trainee


def test_certificate_appears_downloads_verifies_and_is_revoked(
    page, sign_in_as, demo_almost_certified, held_renders
):
    course, trainee = demo_almost_certified
    last_lesson = LessonPage.objects.live().descendant_of(course).order_by("path").last()
    sign_in_as(page, trainee)

    page.goto(course.url)
    expect(page.get_by_text("1 of 17 lessons left")).to_be_visible()
    expect(page.get_by_text("Being prepared")).to_have_count(0)

    page.get_by_role("link", name="Read and accept the code of ethics").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Code of ethics")
    assert_no_serious_axe_violations(page)
    page.get_by_role("button", name="I agree").click()
    expect(page.get_by_text("Accept the code of ethics")).to_have_count(0)
    assert not Certificate.objects.exists()

    page.goto(last_lesson.url)
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_text("✓ You have completed this lesson")).to_be_visible()

    # Every rule is met: the certificate exists, pending, and its render is queued.
    certificate = Certificate.objects.get(enrolment__user=trainee)
    assert certificate.status == Certificate.Status.PENDING
    assert held_renders == [certificate.pk]

    page.goto(course.url)
    panel = page.locator(".certificate-panel")
    expect(panel.get_by_text("Being prepared")).to_be_visible()
    download_link = page.get_by_role("link", name="Download your certificate (PDF)")
    expect(download_link).to_have_count(0)
    page.evaluate("window.__notReloaded = true")

    # The worker gets to it: render and issue (WeasyPrint for real).
    assert certificate_issue_render(certificate_id=certificate.pk) == "issued"

    expect(download_link).to_be_visible(timeout=POLL_WAIT_MS)
    expect(panel.get_by_text("Being prepared")).to_have_count(0)
    assert page.evaluate("window.__notReloaded === true"), "the page was reloaded"

    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    certificate.refresh_from_db()
    page.goto(f"/verify/{certificate.code}/")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Valid")
    expect(page.get_by_text(certificate.code_display)).to_be_visible()
    expect(page.get_by_text("Asha Verma")).to_be_visible()
    expect(page.get_by_text(course.title)).to_be_visible()
    assert_no_serious_axe_violations(page)

    admin = UserFactory(role=roles.PROGRAMME_ADMIN)
    certificate_revoke(certificate=certificate, by=admin, reason="Issued by mistake.")

    page.reload()
    expect(status).to_contain_text("Revoked")
    expect(status).not_to_contain_text("Valid")
    expect(page.get_by_text("Issued by mistake.")).to_have_count(0)  # never the reason
    assert_no_serious_axe_violations(page)


def test_an_admin_finds_a_certificate_whose_rules_no_longer_hold(page, sign_in_as, learner):
    """After a new lesson goes live in the course and the recheck job has run, a programme
    admin filters the certificate list on "Rules no longer hold" and reads what is missing;
    the certificate's public verification still says valid."""
    from certificates.services import certificate_evaluate
    from tests.factories.courses import lesson_body

    built = certifiable_build(user=learner, modules=1, lessons=2)
    certificate_evaluate(enrolment=built.enrolment)  # tasks run at once: rendered and issued
    certificate = Certificate.objects.get(enrolment=built.enrolment)
    assert certificate.status == Certificate.Status.ISSUED
    module = built.tree.modules[0]
    lesson = module.add_child(
        instance=LessonPage(title="Lesson 1.3", slug="lesson-3", body=lesson_body(), live=False)
    )
    lesson.save_revision().publish()
    call_command("recheck_certificate_rules")

    sign_in_as(page, UserFactory(role=roles.PROGRAMME_ADMIN))
    page.goto("/admin/certificates/")
    page.get_by_label("Status").select_option(label="Rules no longer hold")
    page.get_by_role("button", name="Show").click()

    row = page.get_by_role("row").filter(has_text="Asha Learner")
    expect(row).to_have_count(1)
    expect(row.get_by_text("Rules no longer hold")).to_be_visible()
    expect(row.get_by_text("Lessons: 1 of 3 lessons left")).to_be_visible()
    expect(page.get_by_role("row")).to_have_count(2)  # the header and this one

    page.goto(f"/verify/{certificate.code}/")
    expect(page.get_by_role("status")).to_contain_text("Valid")
    expect(page.get_by_text("Rules no longer hold")).to_have_count(0)
