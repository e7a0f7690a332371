"""Course trees, enrolments and supervision for tests.

`course_tree_build` puts a published course with N modules × M lessons under the course index
that setup_site created. Pages are created live without revisions (publishing each through
a revision costs ~70 queries and would make a 300-lesson course slow to build); the cached
course outline is invalidated at the end, as publishing would.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

import factory
from django.utils import timezone

from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    ModulePage,
    Supervision,
)
from courses.page_cache import content_version_bump
from lms import roles

from .lms import UserFactory


def lesson_body(*, reflection: bool = True, scenario: bool = True) -> list[dict]:
    """A realistic lesson body in StreamField's raw form, with fixed block ids per call."""
    body = [
        {"type": "heading", "value": {"text": "Why this matters", "level": "h2"}},
        {
            "type": "paragraph",
            "value": "<p>Peer support rests on <b>shared experience</b>, offered with care.</p>",
        },
        {
            "type": "callout",
            "value": {
                "kind": "boundary_tip",
                "title": "Say when you are available",
                "body": "<p>Agree at the start when and how the person can reach you.</p>",
            },
        },
    ]
    if scenario:
        body.append(
            {
                "type": "scenario",
                "value": {
                    "title": "A message at midnight",
                    "situation": "<p>Someone you support messages you late at night.</p>",
                    "questions": ["What do you reply now?", "What do you agree for next time?"],
                    "debrief": "<p>Reply briefly and kindly, then agree on hours together.</p>",
                },
            }
        )
    if reflection:
        body.append(
            {
                "type": "reflection",
                "value": {
                    "prompt": "When has someone's shared experience helped you?",
                    "guidance": "Take five minutes.",
                },
            }
        )
    body += [
        {"type": "takeaways", "value": {"title": "Key takeaways", "items": ["Be kind."]}},
        {"type": "crisis_resources", "value": {"heading": "If someone needs help now"}},
    ]
    for block in body:
        block["id"] = str(uuid.uuid4())
    return body


@dataclass
class CourseTree:
    course: CoursePage
    modules: list[ModulePage] = field(default_factory=list)
    lessons: list[LessonPage] = field(default_factory=list)

    def block_id(self, lesson: LessonPage, block_type: str) -> str:
        return next(block.id for block in lesson.body if block.block_type == block_type)


def course_tree_build(
    *,
    modules: int = 2,
    lessons: int = 3,
    title: str = "Foundations of Peer Support",
    slug: str | None = None,
    open_enrolment: bool = False,
    modules_unlock_in_order: bool = False,
    body=None,
    content_note: str = "",
    bodies: Iterable[list] | None = None,
) -> CourseTree:
    """A live course with `modules` × `lessons`, every lesson with `body` (default:
    lesson_body()), or each with the next of `bodies` when given; returns the pages in tree
    order."""
    bodies = iter(bodies) if bodies is not None else None
    index = CourseIndexPage.objects.get()
    course = index.add_child(
        instance=CoursePage(
            title=title,
            slug=slug or f"course-{uuid.uuid4().hex[:8]}",
            summary="What peer support is, and is not.",
            audience="People starting out as peer supporters.",
            learning_outcomes=[("outcome", "Explain what peer support offers.")],
            open_enrolment=open_enrolment,
            modules_unlock_in_order=modules_unlock_in_order,
        )
    )
    tree = CourseTree(course=course)
    for m in range(1, modules + 1):
        module = course.add_child(
            instance=ModulePage(title=f"Module {m}", slug=f"module-{m}", introduction="<p>On.</p>")
        )
        tree.modules.append(module)
        for n in range(1, lessons + 1):
            if bodies is not None:
                this_body = next(bodies)
            else:
                this_body = lesson_body() if body is None else body
            lesson = module.add_child(
                instance=LessonPage(
                    title=f"Lesson {m}.{n}",
                    slug=f"lesson-{n}",
                    body=this_body,
                    content_note=content_note,
                )
            )
            tree.lessons.append(lesson)
    content_version_bump()
    return tree


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory, role=roles.TRAINEE)
    course = factory.LazyFunction(lambda: course_tree_build(modules=1, lessons=1).course)
    status = Enrolment.Status.ACTIVE
    source = Enrolment.Source.ADMIN


class SupervisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supervision

    enrolment = factory.SubFactory(EnrolmentFactory)
    supervisor = factory.SubFactory(UserFactory, role=roles.SUPERVISOR)
    started_at = factory.LazyFunction(timezone.now)
