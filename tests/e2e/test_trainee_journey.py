"""A trainee's session in a real browser: sign in, dashboard, course, lesson, a reflection
that saves itself, mark complete, and progress rising on the course page and dashboard.
axe-core checks each page on the way; a 360 px phone reads a lesson."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import LessonCompletion, LessonResponse
from courses.services import enrolment_create
from tests.e2e.checks import assert_no_serious_axe_violations
from tests.factories import course_tree_build

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def course(site, learner):
    tree = course_tree_build(
        modules=2, lessons=2, content_note="This lesson talks about burnout and exhaustion."
    )
    enrolment_create(user=learner, course=tree.course)
    return tree


def test_trainee_works_through_a_lesson(page, site, learner, password, course):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()

    # The dashboard, after signing in.
    expect(page).to_have_url(f"{site.url}/learn/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    expect(page.get_by_text("0% complete: 0 of 4 lessons")).to_be_visible()
    assert_no_serious_axe_violations(page)

    page.get_by_role("link", name=course.course.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course.course.title)
    expect(page.get_by_text("0% complete: 0 of 4 lessons")).to_be_visible()
    assert_no_serious_axe_violations(page)

    page.get_by_role("link", name="Lesson 1.1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1.1")
    expect(page.get_by_text("This lesson talks about burnout")).to_be_visible()
    assert_no_serious_axe_violations(page)

    # A reflection saves itself after a pause in typing, and says so politely.
    reflection = page.get_by_label("When has someone's shared experience helped you?")
    reflection.click()
    page.keyboard.type("A neighbour who had been through it listened without judging.")
    reflection_form = page.locator("form[data-autosave]")
    expect(reflection_form.get_by_role("status")).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"))
    saved = LessonResponse.objects.get()
    assert saved.text.startswith("A neighbour") and not saved.shared_with_supervisor

    # Keyboard: Tab from the text reaches the sharing checkbox; ticking it saves too.
    page.keyboard.press("Tab")
    expect(page.get_by_label("Share with my supervisor")).to_be_focused()
    page.keyboard.press("Space")
    page.wait_for_timeout(500)
    saved.refresh_from_db()
    assert saved.shared_with_supervisor

    # The scenario's debrief appears only after a response is saved (a plain form post).
    expect(page.get_by_text("agree on hours together")).to_have_count(0)
    page.get_by_label("Your response").fill("I would reply in the morning, kindly.")
    page.get_by_role("button", name="Save my response and see the debrief").click()
    expect(page.get_by_role("heading", name="Debrief")).to_be_visible()
    expect(page.get_by_text("agree on hours together")).to_be_visible()

    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_role("status").first).to_contain_text("“Lesson 1.1” is complete.")
    expect(page.get_by_text("✓ You have completed this lesson")).to_be_visible()
    assert LessonCompletion.objects.count() == 1
    assert_no_serious_axe_violations(page)

    page.get_by_role("navigation", name="You are here").get_by_role(
        "link", name=course.course.title
    ).click()
    expect(page.get_by_text("25% complete: 1 of 4 lessons")).to_be_visible()
    expect(page.get_by_text("✓ Completed")).to_have_count(1)

    page.goto("/learn/")
    expect(page.get_by_text("25% complete: 1 of 4 lessons")).to_be_visible()
    continue_link = page.get_by_role("link", name=re.compile("Continue where you left off"))
    expect(continue_link).to_have_attribute("href", course.lessons[0].url)


def test_lesson_reads_on_a_360px_phone(phone_page, sign_in_as, learner, course, tmp_path):
    page = phone_page
    sign_in_as(page, learner)
    page.goto(course.lessons[1].url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1.2")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
    page.screenshot(path=tmp_path / "lesson-360.png", full_page=True)  # for a human to look at
    assert_no_serious_axe_violations(page)
