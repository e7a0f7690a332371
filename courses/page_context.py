"""What each learner page shows: the course index, course, module and lesson pages'
contexts, built from courses.selectors' reads and the cached parts of courses.page_cache.

Query counts are fixed whatever the course's size or the trainee's history
(tests/courses/test_query_counts.py): the page itself comes from its cached route, the
trainee's enrolment (with its course, the lesson's completion and the header's permissions)
is one query, their responses one more; outlines and rendered blocks come from the cache in
one round trip.
"""

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from content.selectors import CRISIS_LINES_CONTEXT, crisis_lines_html_key

from . import hooks
from .lesson_skeleton import lesson_skeleton_plan, orphans_present
from .models import CourseIndexPage, CoursePage, Enrolment, LessonPage, LessonResponse, ModulePage
from .outline_html import course_page_outline, course_page_outline_fill
from .page_cache import (
    BLOCKS_TIMEOUT,
    lesson_blocks_key,
    lesson_body_parts,
    page_content_version,
    route_course_id,
)
from .prepared import PreparedQuery
from .selectors import (
    Progress,
    apply_locks,
    apply_progress,
    can_read_without_enrolment,
    completed_lesson_ids,
    course_for_page,
    course_outline,
    course_outline_key,
    enrolment_for,
    enrolment_queryset,
    header_context,
)


def course_list_for(*, index_page: CourseIndexPage, user) -> list[dict]:
    courses = list(CoursePage.objects.live().child_of(index_page).order_by("path"))
    enrolled = set()
    if user.is_authenticated:
        enrolled = set(
            Enrolment.objects.filter(
                user=user, status=Enrolment.Status.ACTIVE, course__in=courses
            ).values_list("course_id", flat=True)
        )
    return [{"course": course, "enrolled": course.pk in enrolled} for course in courses]


def course_page_context(*, course: CoursePage, request) -> dict:
    """The outline comes from the cache in one round trip, compiled (courses/outline_html.py):
    the same for everyone, with the trainee's ticks, locks and progress words put in by
    appending a few strings per lesson; no node per lesson is built, and the trainee's part
    is one query of completed lesson ids. So the page's time does not grow with the course."""
    user = request.user
    enrolment = enrolment_for(user=user, course_id=course.pk, for_page=True)
    outline = course_page_outline(course, page_content_version(course))
    done = completed_lesson_ids(enrolment)
    modules = outline.summaries(done)
    progress = Progress(
        completed=sum(module.completed_count for module in modules),
        total=sum(len(module.lesson_ids) for module in modules),
    )
    if enrolment is not None:
        # Reads the page's parts share for this render only (the locks and the checklist
        # both ask which quizzes the trainee passed): a dict the other apps fill.
        enrolment.page_reads = {}
    apply_locks(course, modules, enrolment)
    if enrolment is not None:
        # Read once for the page: the certificate checklist's panel reads the modules and
        # the completed lessons from here rather than again (hooks.COURSE_PANELS).
        enrolment.page_modules = modules
        enrolment.page_completed = done
    return {
        "enrolment": enrolment,
        "modules": modules,
        "outline_html": course_page_outline_fill(
            outline, modules, done, show_ticks=enrolment is not None
        ),
        "progress": progress,
        "can_self_enrol": bool(
            user.is_authenticated and enrolment is None and course.open_enrolment
        ),
        "course_panels": hooks.panels(
            hooks.COURSE_PANELS, request=request, course=course, enrolment=enrolment
        )
        if enrolment
        else [],
        **header_context(user, enrolment),
    }


def _course_and_enrolment(page, user, lesson: LessonPage | None = None):
    """The course a module or lesson belongs to and the user's enrolment in it: the course
    id from the page's cached route when it has one, and the course with the enrolment."""
    course_id = route_course_id(page)
    course = None
    if course_id is None:
        course = course_for_page(page)
        course_id = course.pk if course else None
    if course_id is None:
        return None, None
    enrolment = enrolment_for(user=user, course_id=course_id, lesson=lesson, for_page=True)
    if course is None:
        if enrolment is not None:
            course = enrolment.course
        else:
            course = CoursePage.objects.filter(pk=course_id).first()
    return course, enrolment


def module_page_context(*, module: ModulePage, user) -> dict:
    course, enrolment = _course_and_enrolment(module, user)
    course_url, modules = "", []
    if course is not None:
        key = course_outline_key(course.pk, page_content_version(module))
        course_url, modules = course_outline(course, key, cache.get(key))
    apply_progress(modules, completed_lesson_ids(enrolment))
    apply_locks(course, modules, enrolment)
    node = next((m for m in modules if m.id == module.pk), None)
    module_panels = []
    if enrolment is not None and not (node and node.locked_reason):
        module_panels = hooks.panels(
            hooks.MODULE_PANELS, user=user, module=module, enrolment=enrolment
        )
    return {
        "course": course,
        "course_url": course_url,
        "enrolment": enrolment,
        "module_node": node,
        "module_panels": module_panels,
        **header_context(user, enrolment),
    }


# The lesson page's enrolment query, compiled once per process (courses/prepared.py): its
# five annotations and the course cost ~40 times more to build than to run.
_LESSON_ENROLMENT = PreparedQuery(
    lambda user_id, course_id, lesson_id: enrolment_queryset(
        user_id=user_id, course_id=course_id, lesson=lesson_id, for_page=True
    ).order_by("pk")[:1],
    "user_id",
    "course_id",
    "lesson_id",
)


# The content note's crisis lines, as templates/courses/lesson_page.html lists them.
_CONTENT_NOTE_CRISIS_LINES = ("content-note-crisis", _("Where to get help"), None, "h3")


# The trainee's responses in the lesson, likewise compiled once.
_LESSON_RESPONSES = PreparedQuery(
    lambda enrolment_id, lesson_id: LessonResponse.objects.filter(
        enrolment_id=enrolment_id, lesson_id=lesson_id
    ),
    "enrolment_id",
    "lesson_id",
)


def _lesson_course_and_enrolment(lesson: LessonPage, user):
    """_course_and_enrolment for a lesson, with the prepared enrolment query when the lesson
    came from a cached route."""
    course_id = route_course_id(lesson)
    if course_id is None or not user.is_authenticated:
        return _course_and_enrolment(lesson, user, lesson=lesson)
    enrolment = _LESSON_ENROLMENT.first(user_id=user.pk, course_id=course_id, lesson_id=lesson.pk)
    if enrolment is not None:
        return enrolment.course, enrolment
    return CoursePage.objects.filter(pk=course_id).first(), None


def lesson_page_context(*, lesson: LessonPage, user, skeleton: bool = True) -> dict:
    """Everything a lesson page shows, in a fixed number of queries: the enrolment with its
    course, this lesson's completion and the header's permissions (1), the trainee's
    responses (1); the outline and the rendered blocks come from the cache in one round
    trip. Served from a cached route, the lesson itself is the only other query.

    For an enrolled trainee on a cached route, the whole page may come from its cached
    skeleton (courses/lesson_skeleton.py): then only what the request needs besides it is
    read (no outline, no blocks), unless the course unlocks modules in order."""
    course, enrolment = _lesson_course_and_enrolment(lesson, user)
    version = page_content_version(lesson)
    header = header_context(user, enrolment)
    plan = None
    if skeleton and enrolment is not None and route_course_id(lesson) is not None:
        plan = lesson_skeleton_plan(
            lesson,
            version=version,
            header=header,
            complete=bool(enrolment.lesson_complete),
            notices=getattr(user, "notices_unread", 0),
        )
        if plan is not None and plan.entry is not None and not course.modules_unlock_in_order:
            context = _lesson_skeleton_context(lesson, course, enrolment, header, plan)
            if context is not None:
                return context
    context = _lesson_full_context(lesson, course, enrolment, version, user, header)
    if plan is not None and context["can_read"] and not context["orphan_responses"]:
        plan.full = True
        context["lesson_skeleton"] = plan
    return context


def _lesson_skeleton_context(lesson, course, enrolment, header, plan) -> dict | None:
    """The context a cached skeleton needs; None when the page must be built in full (the
    module is locked, or the trainee has responses to blocks that are gone)."""
    module = plan.entry.module
    if module is not None and hooks.module_locks(enrolment=enrolment, modules=[module]).get(
        module.id, ""
    ):
        return None
    responses = {
        response.block_id: response
        for response in _LESSON_RESPONSES.all(enrolment_id=enrolment.pk, lesson_id=lesson.pk)
    }
    if orphans_present(lesson, responses):
        return None
    return {
        "course": course,
        "enrolment": enrolment,
        "lesson_complete": bool(enrolment.lesson_complete),
        "locked_reason": "",
        "can_read": True,
        "responses": responses,
        "orphan_responses": [],
        "lesson_skeleton": plan,
        **header,
    }


def _lesson_full_context(lesson, course, enrolment, version, user, header) -> dict:
    can_read = enrolment is not None or can_read_without_enrolment(user)
    outline_key = course_outline_key(course.pk, version) if course is not None else None
    blocks_key = lesson_blocks_key(lesson, version=version) if can_read else None
    # The footer's crisis lines and the content note's, rendered per content version.
    crisis_keys = [crisis_lines_html_key(version)]
    if lesson.content_note:
        crisis_keys.append(crisis_lines_html_key(version, *_CONTENT_NOTE_CRISIS_LINES))
    found = cache.get_many([key for key in (outline_key, blocks_key) if key] + crisis_keys)
    course_url, modules = "", []
    if course is not None:
        course_url, modules = course_outline(course, outline_key, found.get(outline_key))
    flat = [node for module in modules for node in module.lessons]
    index = next((i for i, node in enumerate(flat) if node.id == lesson.pk), None)
    module = next((m for m in modules if any(n.id == lesson.pk for n in m.lessons)), None)
    locked_reason = ""
    if enrolment is not None and course.modules_unlock_in_order and module is not None:
        # The order rule needs completion of earlier modules: one more query, only for
        # courses that use it.
        apply_progress(modules, completed_lesson_ids(enrolment))
        apply_locks(course, modules, enrolment)
        locked_reason = module.locked_reason
    elif enrolment is not None and module is not None:
        locked_reason = hooks.module_locks(enrolment=enrolment, modules=[module]).get(module.id, "")
    responses = {}
    if enrolment is not None:
        responses = {
            response.block_id: response
            for response in _LESSON_RESPONSES.all(enrolment_id=enrolment.pk, lesson_id=lesson.pk)
        }
    body_parts = None
    if can_read and not locked_reason:
        body_parts, fresh = lesson_body_parts(lesson, found.get(blocks_key), version=version)
        if fresh is not None:
            cache.set(blocks_key, fresh, BLOCKS_TIMEOUT)
    # The raw stream's ids: no block is built for this.
    block_ids = {item.get("id") for item in lesson.body.raw_data} if responses else set()
    return {
        "course": course,
        "course_url": course_url,
        "module_node": module,
        "enrolment": enrolment,
        "lesson_complete": bool(enrolment and enrolment.lesson_complete),
        "locked_reason": locked_reason,
        "can_read": can_read and not locked_reason,
        "body_parts": body_parts,
        "responses": responses,
        "orphan_responses": [r for block_id, r in responses.items() if block_id not in block_ids],
        "previous_lesson": flat[index - 1] if index else None,
        "next_lesson": flat[index + 1] if index is not None and index + 1 < len(flat) else None,
        CRISIS_LINES_CONTEXT: {"version": version, "found": found},
        **header,
    }
