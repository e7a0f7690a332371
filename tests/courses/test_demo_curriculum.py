"""The demo course "Foundations of Peer Support", as `load_demo` builds it from
content.curriculum: five modules of substantive lessons, each module with a scenario, loaded
idempotently and shown to the demo trainee."""

import re
from html import unescape
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision

from content.curriculum import COURSE
from courses.demo import DEMO_COHORT_NAME, lesson_body_raw
from courses.models import (
    Cohort,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    ModulePage,
    Supervision,
)
from courses.selectors import course_structure

pytestmark = pytest.mark.django_db

MIN_WORDS = 400


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _words(html: str) -> int:
    return len(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _snapshot() -> dict:
    """Everything the loader writes, to compare before and after a second run."""
    return {
        "pages": list(Page.objects.order_by("pk").values_list("pk", "path", "live", "title")),
        "latest_revisions": list(
            Page.objects.order_by("pk").values_list("pk", "latest_revision_id", "live_revision_id")
        ),
        "revisions": Revision.objects.count(),
        "cohorts": list(Cohort.objects.values_list("pk", "name", "starts_on")),
        "enrolments": list(Enrolment.objects.values_list("pk", "user_id", "cohort_id")),
        "supervisions": list(Supervision.objects.values_list("pk", "supervisor_id", "ended_at")),
        "users": list(get_user_model().objects.order_by("pk").values_list("pk", "password")),
    }


@pytest.fixture
def course():
    _load()
    return CoursePage.objects.get(slug=COURSE["slug"], locale__language_code="en")


def test_demo_course_has_five_modules_of_at_least_three_substantive_lessons(course):
    modules = list(ModulePage.objects.child_of(course).live().order_by("path"))

    assert course.get_parent().specific_class is CourseIndexPage
    assert course.live and course.open_enrolment and not course.modules_unlock_in_order
    assert [block.value for block in course.learning_outcomes] == COURSE["learning_outcomes"]
    assert len(modules) == 5
    for module in modules:
        lessons = list(LessonPage.objects.child_of(module).live().order_by("path"))
        assert len(lessons) >= 3, module.title
        assert "scenario" in {b.block_type for lesson in lessons for b in lesson.body}, module
        for lesson in lessons:
            assert lesson.live_revision_id == lesson.latest_revision_id
            assert _words(str(lesson.body)) >= MIN_WORDS, lesson.title


def test_lesson_bodies_keep_their_blocks_and_rich_text(course):
    data = COURSE["modules"][0]["lessons"][0]
    lesson = LessonPage.objects.get(slug=data["slug"], locale__language_code="en")

    assert [b.block_type for b in lesson.body] == [block_type for block_type, _v in data["body"]]
    html = str(lesson.body)
    assert "<strong>Validation.</strong>" in html  # rich text kept its formatting
    assert "&lt;p&gt;" not in html  # and was not escaped as text
    takeaways = next(b for b in lesson.body if b.block_type == "takeaways")
    assert takeaways.value["title"] == "Key takeaways"  # the block's default filled in
    assert all(block.id for block in lesson.body)


def test_an_unknown_block_type_is_refused_rather_than_dropped():
    with pytest.raises(ValueError, match="quiz"):
        lesson_body_raw([("paragraph", "<p>Hello.</p>"), ("quiz", {})])


def test_demo_trainee_is_enrolled_in_the_demo_cohort_and_reads_the_course(course, client):
    trainee = get_user_model().objects.get(email="trainee@example.org")
    enrolment = Enrolment.objects.get(user=trainee, course=course)

    assert enrolment.cohort.name == DEMO_COHORT_NAME
    assert [s.email for s in enrolment.cohort.supervisors.all()] == ["supervisor@example.org"]
    assert enrolment.supervisions.get(ended_at__isnull=True).supervisor.email == (
        "supervisor@example.org"
    )
    client.force_login(trainee)
    outline = course_structure(course)
    assert sum(len(module.lessons) for module in outline) >= 15
    first = outline[0].lessons[0]
    response = client.get(first.url)
    assert response.status_code == 200
    assert response.context["can_read"]
    assert "What we mean by peer support" in response.content.decode()


def test_loading_twice_changes_nothing(course):
    before = _snapshot()

    output = _load()

    assert _snapshot() == before
    assert "0 account(s) created" in output
    assert "0 page(s) created" in output


def test_a_page_an_editor_changed_is_left_as_it_is(course):
    module = ModulePage.objects.child_of(course).first()
    module.title = "Renamed by an editor"
    module.save_revision().publish()

    _load()

    module.refresh_from_db()
    assert module.title == "Renamed by an editor"
    assert ModulePage.objects.child_of(course).count() == 5
