"""The demo course: builds "Foundations of Peer Support" from `content.curriculum`, with a demo
cohort. Never loaded in production; `lms`'s `load_demo` command calls it after the accounts.

Idempotent: pages are matched by slug under their parent, so a second run creates nothing and
changes nothing, and a page an editor has since changed (or deleted) is left as it is.

Publishing here is a system action, not an editorial one. Editors publish through the
"Clinical review" workflow; the loader instead saves a revision and publishes it directly
(`revision.publish()` with no user), because the demo text ships with the code and there is
nobody to review it at install time. Run it only on demo and development installations.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from content.curriculum import COURSE
from content.demo import demo_refuse_production

from .blocks import LessonStreamBlock
from .models import Cohort, CourseIndexPage, CoursePage, Enrolment, LessonPage, ModulePage
from .services import enrolment_create

DEMO_COHORT_NAME = "Demo cohort"


@dataclass
class DemoCourseResult:
    course: CoursePage
    created_pages: list[Page] = field(default_factory=list)
    cohort_created: bool = False
    enrolment_created: bool = False


def lesson_body_raw(body: list[tuple[str, object]]) -> list[dict]:
    """The curriculum's (block_type, value) pairs as the StreamField's JSON form, which
    StreamField normalises: rich text stays an HTML string, struct blocks fill their defaults
    (a takeaways block gets its "Key takeaways" title), list items get their ids on save.

    Raises ValueError for a block type the lesson body does not have, which the StreamField
    would otherwise drop without a word.
    """
    known = LessonStreamBlock.base_blocks
    raw = []
    for block_type, value in body:
        if block_type not in known:
            raise ValueError(f"Unknown lesson block type {block_type!r}")
        raw.append({"type": block_type, "value": value})
    return raw


def _publish(page: Page) -> None:
    """Save a revision and publish it, as a system action (no user, no workflow)."""
    page.save_revision().publish()


def _child(parent: Page, model, slug: str):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _course_ensure(index: CourseIndexPage, data: dict, created: list[Page]) -> CoursePage:
    course = _child(index, CoursePage, data["slug"])
    if course is None:
        course = index.add_child(
            instance=CoursePage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                audience=data["audience"],
                learning_outcomes=[
                    {"type": "outcome", "value": text} for text in data["learning_outcomes"]
                ],
                estimated_hours=data["estimated_hours"],
                open_enrolment=True,  # visitors can try the demo course by enrolling themselves
                modules_unlock_in_order=False,
            )
        )
        _publish(course)
        created.append(course)
    return course


def _module_ensure(course: CoursePage, data: dict, created: list[Page]) -> ModulePage:
    module = _child(course, ModulePage, data["slug"])
    if module is None:
        module = course.add_child(
            instance=ModulePage(
                title=data["title"],
                slug=data["slug"],
                introduction=data["introduction"],
                estimated_minutes=data["estimated_minutes"],
            )
        )
        _publish(module)
        created.append(module)
    return module


def _lesson_ensure(module: ModulePage, data: dict, created: list[Page]) -> LessonPage:
    lesson = _child(module, LessonPage, data["slug"])
    if lesson is None:
        lesson = LessonPage(
            title=data["title"],
            slug=data["slug"],
            estimated_minutes=data["estimated_minutes"],
            content_note=data.get("content_note", ""),
            body=lesson_body_raw(data["body"]),
        )
        # Check the text against the blocks' own rules (lengths, required parts) as the
        # editor's form would; a StreamField is not validated by full_clean().
        lesson.body.stream_block.clean(lesson.body)
        module.add_child(instance=lesson)
        _publish(lesson)
        created.append(lesson)
    return lesson


def course_demo_load(
    *, index: CourseIndexPage, trainee=None, supervisor=None, data: dict = COURSE
) -> DemoCourseResult:
    """Create what is missing of the demo course under `index`; with a trainee and a
    supervisor, also the demo cohort with the trainee enrolled under that supervisor."""
    demo_refuse_production()
    created: list[Page] = []
    with transaction.atomic():
        course = _course_ensure(index, data, created)
        for module_data in data["modules"]:
            module = _module_ensure(course, module_data, created)
            for lesson_data in module_data["lessons"]:
                _lesson_ensure(module, lesson_data, created)
        result = DemoCourseResult(course=course, created_pages=created)
        if supervisor is not None:
            cohort, result.cohort_created = Cohort.objects.get_or_create(
                course=course,
                name=DEMO_COHORT_NAME,
                defaults={"starts_on": timezone.localdate()},
            )
            if result.cohort_created:
                cohort.supervisors.add(supervisor)
            if (
                trainee is not None
                and not Enrolment.objects.filter(user=trainee, course=course).exists()
            ):
                enrolment_create(user=trainee, course=course, cohort=cohort, supervisor=supervisor)
                result.enrolment_created = True
    return result
