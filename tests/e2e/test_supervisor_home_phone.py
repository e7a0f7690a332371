"""A supervisor's home on a 360 px phone (issue 17, part 6): their workload in figures, the
unread count of their notices in the header, the notices page, and from the notice the
practice log waiting for them. axe-core checks each page; each fits the phone's width, leaving
/tmp/e2e-supervisor-*-360.png to look at."""

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.practice.services import practice_log_submit
from courses.models import Enrolment
from courses.services import enrolment_create
from lms import roles
from lms.models import Notice
from tests.e2e.checks import assert_no_serious_axe_violations
from tests.factories import (
    PracticeCategoryFactory,
    PracticeLogFactory,
    SupervisionFactory,
    UserFactory,
    course_tree_build,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path(tempfile.gettempdir())


def assert_fits(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the window"


def assert_in_view(locator):
    """Visible and inside the phone's width (not pushed off the right edge)."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    width = locator.page.viewport_size["width"]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box


def expect_heading(page, text):
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


@pytest.fixture
def mentor(site):
    return UserFactory(
        role=roles.SUPERVISOR, email="sam.mentor@example.org", full_name="Sam Mentor"
    )


@pytest.fixture
def waiting_logs(site, learner, mentor):
    """Two practice logs the learner sent the mentor through the service, as the log form
    does: the mentor's notice says so."""
    course = course_tree_build(modules=1, lessons=1, title="Peer support in practice").course
    category = PracticeCategoryFactory(course=course, name="One-to-one peer support")
    enrolment = enrolment_create(user=learner, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - timedelta(days=30)
    )
    SupervisionFactory(enrolment=enrolment, supervisor=mentor)
    logs = [
        PracticeLogFactory(
            enrolment=enrolment,
            category=category,
            description="Sat with a peer at a community drop-in while they planned their week.",
        )
        for _ in range(2)
    ]
    for log in logs:
        practice_log_submit(log=log, by=learner)
    return logs


def test_a_supervisor_opens_their_notice_and_the_waiting_log_on_a_phone(
    phone_page, sign_in_as, mentor, waiting_logs
):
    page = phone_page
    sign_in_as(page, mentor)

    # Home: the workload in figures, and the count in the header, inside the phone's width.
    page.goto("/supervise/")
    expect_heading(page, "Supervise")
    expect(page.get_by_text("2 logs are waiting for your decision.")).to_be_visible()
    notices_link = page.get_by_role("link", name="Notices, 1 unread")
    assert_in_view(notices_link)
    assert_fits(page)
    assert_no_serious_axe_violations(page)
    page.screenshot(path=SCREENSHOTS / "e2e-supervisor-home-360.png", full_page=True)

    # The notices page: the rolled-up notice, unread.
    notices_link.click()
    expect_heading(page, "Notices")
    expect(page.get_by_text("You have 1 unread notice.")).to_be_visible()
    notice = page.get_by_role("link", name="2 practice logs were sent for your review")
    expect(notice).to_be_visible()
    assert_fits(page)
    assert_no_serious_axe_violations(page)
    page.screenshot(path=SCREENSHOTS / "e2e-supervisor-notices-360.png", full_page=True)

    # Opening it marks it read and shows the queue; the header has no count any more.
    notice.click()
    expect_heading(page, "Practice logs to review")
    expect(page.get_by_role("link", name="Notices", exact=True)).to_be_visible()
    assert not Notice.objects.filter(recipient=mentor, read_at__isnull=True).exists()

    # From the queue, the waiting log.
    page.get_by_role("link", name="Decide on the log of Asha Learner").first.click()
    expect_heading(page, "A practice log by Asha Learner")
    assert_fits(page)
    assert_no_serious_axe_violations(page)
    page.screenshot(path=SCREENSHOTS / "e2e-supervisor-log-360.png", full_page=True)
