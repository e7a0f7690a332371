"""Nothing leaves the site: on the demo (as `make run` loads it), each of the five roles goes
through their usual pages in a real browser, with every request the browser makes recorded.
Any request to a host other than the live server's fails the test (Gravatar avatars, a CDN, a
font service, a video player, Wagtail's release check), and so does any Content-Security-Policy
violation (the browser's "Refused to ..." console errors and securitypolicyviolation events):
the policy is enforced, so a blocked request or script would otherwise fail silently."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import PracticeLog, Question, Quiz
from certificates.models import Certificate
from content.curriculum import COURSE
from courses.models import CoursePage, LessonPage
from tests.e2e.recording import Recorder, assert_stayed_home, step
from tests.factories.certificates import CertificateFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo(site):
    call_command("load_demo", stdout=StringIO())
    users = get_user_model().objects
    people = {
        role: users.get(email=f"{role}@example.org")
        for role in ("trainee", "supervisor", "editor", "reviewer", "admin")
    }
    course = CoursePage.objects.get(slug=COURSE["slug"], locale__language_code="en")
    return course, people


@pytest.fixture
def visit(browser, site, sign_in_as):
    """A fresh, signed-in browser context per person, recorded; checked when the test ends."""
    recorders: list[tuple[str, Recorder]] = []
    contexts = []

    def visit(person):
        context = browser.new_context(
            base_url=site.url, viewport={"width": 1280, "height": 800}, locale="en-GB"
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        recorder = Recorder(context, site.url)
        recorders.append((person.email, recorder))
        page = context.new_page()
        sign_in_as(page, person)
        return page, recorder

    yield visit
    for context in contexts:
        context.close()


def test_five_roles_load_nothing_from_another_host(page, site, demo, visit):
    course, people = demo
    lesson = LessonPage.objects.live().descendant_of(course).order_by("path").first()
    quiz = Quiz.objects.filter(live=True, module__path__startswith=course.path).first()
    recorders = []

    # Trainee: dashboard, course, a lesson with a reflection saved as they type, a quiz.
    trainee_page, trainee = visit(people["trainee"])
    recorders.append(("trainee", trainee))
    step(trainee_page, trainee, reverse("courses:dashboard"), "My learning")
    step(trainee_page, trainee, course.url, course.title)
    step(trainee_page, trainee, lesson.url, lesson.title)
    reflection = trainee_page.locator("form[data-autosave]").first
    reflection.locator("textarea").fill("")
    reflection.locator("textarea").press_sequentially("What I noticed about listening today.")
    expect(reflection.locator("[data-status]")).to_have_text(re.compile(r"^Saved at"))
    trainee.collect_violations(trainee_page)
    step(trainee_page, trainee, reverse("assessments:quiz", args=[quiz.pk]), quiz.title)
    trainee_page.get_by_role("button", name=re.compile("^Start")).first.click()
    expect(trainee_page.get_by_role("heading", level=1)).to_contain_text("Question 1 of")
    trainee_page.wait_for_load_state("networkidle")
    trainee.collect_violations(trainee_page)
    step(trainee_page, trainee, reverse("certificates:mine"))

    # Supervisor: their home and the practice queue (the demo has logs waiting).
    assert PracticeLog.objects.exists()
    supervisor_page, supervisor = visit(people["supervisor"])
    recorders.append(("supervisor", supervisor))
    step(supervisor_page, supervisor, reverse("supervise:home"))
    step(supervisor_page, supervisor, reverse("supervise:practice_queue"))
    step(supervisor_page, supervisor, reverse("supervise:trainee_list"))

    # Content editor: the dashboard, a lesson's edit page (StreamField and Draftail drawn),
    # the question bank, a quiz's edit page.
    editor_page, editor = visit(people["editor"])
    recorders.append(("editor", editor))
    step(editor_page, editor, reverse("wagtailadmin_home"))
    step(editor_page, editor, reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    editor_page.locator(".Draftail-Editor [contenteditable='true']").first.wait_for()
    editor.collect_violations(editor_page)
    step(editor_page, editor, reverse("wagtailadmin_explore", args=[lesson.get_parent().pk]))
    step(editor_page, editor, "/admin/questions/")
    question = Question.objects.first()
    step(editor_page, editor, f"/admin/questions/edit/{question.pk}/")
    step(editor_page, editor, reverse("wagtailsnippets_assessments_quiz:edit", args=[quiz.pk]))
    step(editor_page, editor, reverse("wagtailadmin_account"))

    # Clinical reviewer: the dashboard (pages awaiting review) and the workflow tasks report.
    reviewer_page, reviewer = visit(people["reviewer"])
    recorders.append(("reviewer", reviewer))
    step(reviewer_page, reviewer, reverse("wagtailadmin_home"))
    step(reviewer_page, reviewer, reverse("wagtailadmin_reports:workflow_tasks"))
    step(reviewer_page, reviewer, reverse("wagtailadmin_reports:workflow"))

    # Programme admin: people, one person's page, certificates (one issued in the demo's name).
    certificate = CertificateFactory(enrolment=people["trainee"].enrolments.first(), issued=True)
    admin_page, admin = visit(people["admin"])
    recorders.append(("programme admin", admin))
    step(admin_page, admin, reverse("wagtailusers_users:index"))
    step(admin_page, admin, reverse("wagtailusers_users:edit", args=[people["trainee"].pk]))
    step(admin_page, admin, reverse("certificates_admin:index"))
    step(admin_page, admin, reverse("certificates_admin:detail", args=[certificate.pk]))
    assert Certificate.objects.filter(pk=certificate.pk).exists()

    # A visitor checks that certificate on the public page.
    visitor_context = page.context
    visitor = Recorder(visitor_context, site.url)
    recorders.append(("visitor", visitor))
    visitor_page = visitor_context.new_page()
    step(visitor_page, visitor, reverse("verify:detail", args=[certificate.code]))
    step(visitor_page, visitor, "/")

    assert_stayed_home(recorders)
