"""Supervised practice in a real browser (issue 6, point 10): a trainee logs an hour and a half
and submits it; their supervisor asks for a change; the trainee edits and submits again; the
supervisor approves; the trainee sees the approved hours against the course's requirement.
axe-core checks the trainee's overview and log form and the supervisor's queue and decide
page; at 360 px the same pages fit, leaving /tmp/e2e-practice-*-360.png to look at."""

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import PracticeLog, SignOff
from assessments.practice.forms import PRACTICE_ATTESTATION
from courses.models import Enrolment
from courses.services import enrolment_create
from lms import roles
from lms.timezones import user_today
from tests.e2e.checks import assert_no_serious_axe_violations
from tests.e2e.conftest import DESKTOP, PHONE, _new_page
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
REFLECTION = "I noticed I wanted to fix things for them."


# The first elements that reach past the window's right edge, to say what widened a page.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(0, 5)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def assert_fits(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (
        f"{page.url} is {overflow}px wider than the window: {page.evaluate(WIDEST)}"
    )


@pytest.fixture
def mentor(site):
    return UserFactory(
        role=roles.SUPERVISOR, email="sam.mentor@example.org", full_name="Sam Mentor"
    )


@pytest.fixture
def enrolment(site, learner, mentor):
    """The learner on a course that asks for 10 hours of one-to-one support, supervised by
    the mentor, enrolled a month ago so yesterday's practice is allowed."""
    course = course_tree_build(modules=1, lessons=1, title="Peer support in practice").course
    PracticeCategoryFactory(course=course, name="One-to-one peer support", required_minutes=600)
    enrolment = enrolment_create(user=learner, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - timedelta(days=30)
    )
    SupervisionFactory(enrolment=enrolment, supervisor=mentor)
    return enrolment


@pytest.fixture
def mentor_page(browser, site):
    """The supervisor's own browser context, beside the trainee's."""
    context, page = _new_page(browser, site, DESKTOP)
    yield page
    context.close()


def expect_heading(page, text):
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def decide(page, *, decision, comment=""):
    """From the supervisor's home: open the queue, then the only log in it, and decide."""
    page.goto("/supervise/")
    page.get_by_role("link", name="Open the practice queue").click()
    expect_heading(page, "Practice logs to review")
    page.get_by_role("link", name="Decide on the log of Asha Learner").click()
    expect_heading(page, "A practice log by Asha Learner")
    expect(page.get_by_text(REFLECTION)).to_have_count(0)
    page.get_by_label(decision, exact=True).check()
    if comment:
        page.get_by_label("Comment for the trainee").fill(comment)
    page.get_by_label(str(PRACTICE_ATTESTATION)).check()
    page.get_by_label("Your full name, as your signature").fill("Sam Mentor")
    page.get_by_role("button", name="Save my decision").click()
    expect(page.get_by_text("Your decision on the log of Asha Learner is saved.")).to_be_visible()
    expect(page.get_by_text("No practice logs are waiting for you.")).to_be_visible()


def test_log_return_fix_and_approve(page, mentor_page, sign_in_as, learner, mentor, enrolment):
    yesterday = user_today(learner) - timedelta(days=1)

    # The trainee logs yesterday's session and sends it to their supervisor.
    sign_in_as(page, learner)
    page.goto("/learn/practice/")
    expect_heading(page, "Supervised practice")
    expect(page.get_by_text("Your supervisor is Sam Mentor.")).to_be_visible()
    assert_no_serious_axe_violations(page)
    page.get_by_role("link", name="Log practice").click()
    expect_heading(page, "Log practice")
    assert_no_serious_axe_violations(page)
    page.get_by_label("Date").fill(yesterday.isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Hours").fill("1")
    page.get_by_label("Minutes").fill("30")
    page.get_by_label("Activity").select_option(label="One-to-one peer support")
    page.get_by_label("In person").check()
    page.get_by_label("What you did").fill("Listened to a peer talk through a hard week.")
    page.get_by_label("Private reflection (optional)").fill(REFLECTION)
    page.get_by_role("button", name="Save and submit").click()
    expect(page.get_by_text("Your log is saved and sent to your supervisor.")).to_be_visible()

    # The supervisor asks for a change; the queue and the decide page pass axe.
    sign_in_as(mentor_page, mentor)
    mentor_page.goto("/supervise/practice/")
    expect(mentor_page.get_by_role("cell", name="1 h 30 min")).to_be_visible()
    assert_no_serious_axe_violations(mentor_page)
    mentor_page.get_by_role("link", name="Decide on the log of Asha Learner").click()
    assert_no_serious_axe_violations(mentor_page)
    decide(
        mentor_page,
        decision="Request changes",
        comment="Please add what kind of support you offered.",
    )

    # The trainee reads the comment, edits the log and submits it again.
    page.goto("/learn/practice/")
    expect(page.get_by_role("cell", name="Changes requested")).to_be_visible()
    expect(page.get_by_text("Please add what kind of support you offered.")).to_be_visible()
    page.get_by_role("link", name="open this log").click()
    page.get_by_role("link", name="Edit").click()
    expect_heading(page, "Edit practice log")
    page.get_by_label("What you did").fill(
        "Listened to a peer talk through a hard week, and offered to look at local groups."
    )
    page.get_by_role("button", name="Save and submit").click()
    expect(page.get_by_text("Your log is saved and sent to your supervisor.")).to_be_visible()

    # The supervisor sees the new words and approves.
    mentor_page.goto("/supervise/practice/")
    mentor_page.get_by_role("link", name="Decide on the log of Asha Learner").click()
    expect(mentor_page.get_by_text("offered to look at local groups")).to_be_visible()
    decide(mentor_page, decision="Approve")

    # The trainee sees the approved hours against the requirement.
    page.goto("/learn/practice/")
    expect(page.get_by_role("cell", name="Approved", exact=True)).to_be_visible()
    expect(
        page.get_by_text("In total: 1 hour 30 minutes of the 10 hours required (15%)")
    ).to_be_visible()

    log = PracticeLog.objects.get()
    assert log.status == PracticeLog.Status.APPROVED
    decisions = list(SignOff.objects.order_by("pk").values_list("decision", "log_version"))
    assert decisions == [("changes_requested", 1), ("approved", 2)]


def test_practice_pages_fit_a_360px_phone(browser, site, sign_in_as, learner, mentor, enrolment):
    PracticeLogFactory(
        enrolment=enrolment,
        category=enrolment.course.practice_categories.get(),
        submitted=True,
        description="Sat with a peer at a community drop-in while they planned their week.",
    )
    context, page = _new_page(browser, site, PHONE)
    try:
        sign_in_as(page, learner)
        for url, name in (
            ("/learn/practice/", "overview"),
            (f"/learn/practice/{enrolment.course_id}/new/", "log-form"),
        ):
            page.goto(url)
            assert_fits(page)
            assert_no_serious_axe_violations(page)
            page.screenshot(path=SCREENSHOTS / f"e2e-practice-{name}-360.png", full_page=True)
        context.clear_cookies()
        sign_in_as(page, mentor)
        page.goto("/supervise/practice/")
        expect_heading(page, "Practice logs to review")
        assert_fits(page)
        assert_no_serious_axe_violations(page)
        page.screenshot(path=SCREENSHOTS / "e2e-practice-queue-360.png", full_page=True)
        page.get_by_role("link", name="Decide on the log of Asha Learner").click()
        expect_heading(page, "A practice log by Asha Learner")
        assert_fits(page)
        assert_no_serious_axe_violations(page)
        page.screenshot(path=SCREENSHOTS / "e2e-practice-decide-360.png", full_page=True)
    finally:
        context.close()
