"""The editing area works under its Content-Security-Policy, enforced as in production: an
editor changes a lesson's rich text and saves a draft, then adds a question to a quiz through
the inline panel and the chooser modal and saves it, with no policy violation reported and no
request to another host. These are the admin's busiest scripts (StreamField, Draftail, inline
panels, choosers, modals), which is where a policy too strict for Wagtail would show."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Quiz
from lms import roles
from tests.e2e.recording import Recorder, assert_stayed_home, step
from tests.factories import (
    SingleChoiceQuestionFactory,
    TrueFalseQuestionFactory,
    UserFactory,
    course_tree_build,
    quiz_build,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ADDED = "Say what you can and cannot offer before the person shares more."


@pytest.fixture
def editor_person(site):
    return UserFactory(
        role=roles.CONTENT_EDITOR, email="meera.editor@example.org", full_name="Meera Iyer"
    )


@pytest.fixture
def course(site):
    return course_tree_build(modules=1, lessons=1)


@pytest.fixture
def quiz(course):
    return quiz_build(
        module=course.modules[0],
        title="Boundaries check",
        questions=[SingleChoiceQuestionFactory(name="Home visit")],
    )


@pytest.fixture
def recorded(page, site, sign_in_as, editor_person):
    recorder = Recorder(page.context, site.url)
    recorder.watch(page)
    sign_in_as(page, editor_person)
    return recorder


def test_the_admin_policy_is_enforced(page, site, recorded):
    response = page.goto("/admin/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "content-security-policy-report-only" not in response.headers


def test_editor_edits_a_lesson_under_the_policy(page, site, recorded, course):
    lesson = course.lessons[0]
    step(page, recorded, f"/admin/pages/{lesson.pk}/edit/")
    paragraph = page.locator(".Draftail-Editor [contenteditable='true']").first
    paragraph.wait_for()
    paragraph.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(f" {ADDED}")
    page.wait_for_function(
        """added => [...document.querySelectorAll("input[type=hidden]")]
            .some(input => input.value.includes(added))""",
        arg=ADDED,
    )
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("has been updated")
    recorded.collect_violations(page)

    # The preview panel: the lesson as trainees will see it, in a same-origin frame.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(lesson.title)
    expect(preview.get_by_text(ADDED)).to_be_visible()
    recorded.collect_violations(page)
    for frame in page.frames[1:]:
        recorded.collect_violations(frame)

    lesson.refresh_from_db()
    assert ADDED in str(lesson.latest_revision.as_object().body)
    assert_stayed_home([("editor", recorded)])


def test_editor_adds_a_question_to_a_quiz_under_the_policy(page, site, recorded, quiz):
    second = TrueFalseQuestionFactory(name="Keeping secrets")
    step(page, recorded, f"/admin/assessments/quizzes/edit/{quiz.pk}/")
    page.get_by_role("textbox", name="Introduction").fill("Two questions on boundaries.")

    # The inline panel adds a row (Wagtail's inline script), whose chooser opens a modal.
    page.get_by_role("button", name=re.compile("^Add question$", re.I)).click()
    rows = page.locator("#id_quiz_questions-FORMS > [data-inline-panel-child]")
    expect(rows).to_have_count(2)
    rows.nth(1).get_by_role("button", name=re.compile("^Choose", re.I)).click()
    modal = page.locator(".modal-dialog")
    expect(modal).to_be_visible()
    modal.get_by_role("link", name=second.name).click()
    expect(modal).to_be_hidden()
    expect(rows.nth(1)).to_contain_text(second.name)

    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("updated")
    recorded.collect_violations(page)

    draft = Quiz.objects.get(pk=quiz.pk).latest_revision.as_object()
    assert draft.introduction == "Two questions on boundaries."
    assert [row.question.name for row in draft.quiz_questions.all()] == [
        "Home visit",
        "Keeping secrets",
    ]
    assert_stayed_home([("editor", recorded)])


def test_editor_uploads_an_image_under_the_policy(page, site, recorded, tmp_path):
    """The uploader previews the chosen file (a blob: URL) before sending it."""
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    picture = tmp_path / "group-session.png"
    picture.write_bytes(get_test_image_file().file.getvalue())
    step(page, recorded, "/admin/images/multiple/add/")
    page.set_input_files("input[type=file]", str(picture))
    expect(page.locator("#upload-list li.upload-success")).to_be_visible()
    page.wait_for_load_state("networkidle")
    recorded.collect_violations(page)
    assert Image.objects.filter(title="group-session").exists()
    assert_stayed_home([("editor", recorded)])
