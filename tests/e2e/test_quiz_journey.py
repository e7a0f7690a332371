"""A trainee takes a module's quiz in a real browser: fails, reloads mid-attempt without losing
answers, waits out a short cooldown, passes, and sees feedback only once the quiz allows it.
axe-core checks the question and result pages; a 360 px phone answers a question, leaving
/tmp/e2e-quiz-question-360.png and /tmp/e2e-quiz-result-360.png to look at."""

import re
import tempfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessments.models import Attempt
from courses.services import enrolment_create
from tests.e2e.checks import assert_no_serious_axe_violations
from tests.factories import (
    ShortAnswerQuestionFactory,
    SingleChoiceQuestionFactory,
    TrueFalseQuestionFactory,
    course_tree_build,
    quiz_build,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COOLDOWN_SECONDS = 3
# Full-page pictures for a person to look at (not compared automatically).
SCREENSHOTS = Path(tempfile.gettempdir())


def assert_fits(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the window"


@pytest.fixture
def quiz(site, learner):
    tree = course_tree_build(modules=2, lessons=1)
    enrolment_create(user=learner, course=tree.course)
    return quiz_build(
        module=tree.modules[0],
        title="Boundaries check",
        introduction="Three questions on keeping boundaries kindly.",
        questions=[
            SingleChoiceQuestionFactory(
                general_feedback="A shared public place keeps you both safe."
            ),
            TrueFalseQuestionFactory(),
            ShortAnswerQuestionFactory(),
        ],
        pass_mark=Decimal(100),
        cooldown=timedelta(seconds=COOLDOWN_SECONDS),
        feedback="after_pass",
    )


def next_question(page):
    page.get_by_role("button", name="Save and go to the next question").click()


def submit(page):
    page.get_by_role("button", name="Review and submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and submit")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")


def test_trainee_fails_reloads_waits_and_passes(page, sign_in_as, learner, quiz):
    sign_in_as(page, learner)
    page.goto(quiz.module.url)
    panel = page.get_by_role("region", name="Quiz: Boundaries check")
    expect(panel).to_contain_text("You have not taken this quiz yet.")
    panel.get_by_role("link", name="Start the quiz").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Boundaries check")
    expect(page.get_by_text("You pass with 100% or more.")).to_be_visible()
    expect(page.get_by_text(f"wait {COOLDOWN_SECONDS} seconds before the next one")).to_be_visible()
    page.get_by_role("button", name="Start the quiz").click()

    # Attempt 1: a wrong choice saves itself as soon as it is picked, and survives a reload.
    expect(page.get_by_role("heading", level=1)).to_have_text("Question 1 of 3")
    assert_no_serious_axe_violations(page)
    page.get_by_label("Agree, it is friendlier").check()
    expect(page.locator("[data-status]")).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"))
    page.reload()
    expect(page.get_by_label("Agree, it is friendlier")).to_be_checked()
    expect(page.get_by_role("heading", name="Questions (1 of 3 answered)")).to_be_visible()

    next_question(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Question 2 of 3")
    page.get_by_label("True", exact=True).check()
    next_question(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Question 3 of 3")
    page.get_by_label("Your answer").fill("The helpline")
    submit(page)

    expect(
        page.get_by_text("You have not passed this time: the pass mark is 100%.")
    ).to_be_visible()
    # Feedback waits until the trainee passes.
    expect(
        page.get_by_text("Right answers and feedback show once you pass this quiz.")
    ).to_be_visible()
    expect(page.get_by_text("Your home is your boundary.")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"You can try again after \d\d:\d\d"))).to_be_visible()
    assert_no_serious_axe_violations(page)

    # The cooldown: the quiz page offers no start until it has run out.
    page.get_by_role("link", name="Back to the quiz").click()
    start = page.get_by_role("button", name="Start a new attempt")
    expect(start).to_have_count(0)
    for _ in range(4 * COOLDOWN_SECONDS + 8):
        page.wait_for_timeout(500)
        page.reload()
        if start.count():
            break
    start.click()

    # Attempt 2: every answer right; typing in the text box saves too.
    expect(page.get_by_role("heading", level=1)).to_have_text("Question 1 of 3")
    expect(page.get_by_label("Agree, it is friendlier")).not_to_be_checked()
    page.get_by_label("Suggest the usual community centre").check()
    next_question(page)
    page.get_by_label("False", exact=True).check()
    next_question(page)
    page.get_by_label("Your answer").fill("tele-manas ")
    expect(page.locator("[data-status]")).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"))
    submit(page)

    expect(page.get_by_text("You scored 100% (3 of 3 points).")).to_be_visible()
    expect(page.get_by_text("You passed. Well done.")).to_be_visible()
    expect(page.get_by_text("✓ Right")).to_have_count(3)
    expect(page.get_by_text("A shared public place keeps you both safe.")).to_be_visible()
    assert_no_serious_axe_violations(page)

    # Now that the trainee has passed, the first attempt's feedback shows too.
    first = Attempt.objects.get(number=1)
    page.goto(f"/learn/attempts/{first.uuid}/result/")
    expect(page.get_by_text("Your home is your boundary.")).to_be_visible()
    expect(page.get_by_text("The right answer: Suggest the usual community centre")).to_be_visible()

    page.goto(quiz.module.url)
    expect(page.get_by_role("region", name="Quiz: Boundaries check")).to_contain_text("Passed")


def test_a_question_and_its_result_fit_a_360px_phone(phone_page, sign_in_as, learner, quiz):
    page = phone_page
    sign_in_as(page, learner)
    page.goto(f"/learn/quizzes/{quiz.pk}/")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Question 1 of 3")
    assert_fits(page)
    assert_no_serious_axe_violations(page)
    page.screenshot(path=SCREENSHOTS / "e2e-quiz-question-360.png", full_page=True)
    page.get_by_label("Suggest the usual community centre").check()
    submit(page)
    assert_fits(page)
    assert_no_serious_axe_violations(page)
    page.screenshot(path=SCREENSHOTS / "e2e-quiz-result-360.png", full_page=True)
