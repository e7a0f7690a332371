"""Reads for courses: the course outline, a trainee's progress, and each page's context.

Query counts stay fixed however large a course or however many enrolments: the outline of a
course (modules and lessons) is built in two queries and cached per course and content
version (a token the database changes with every publish, unpublish, move or delete, see
courses/page_cache.py); a trainee's own state is one query per kind.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import translation
from wagtail.models import Site

from lms.context_processors import HEADER_PERMISSIONS, header_flags, header_permission_held

from . import hooks
from .models import (
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    LessonResponse,
    ModulePage,
    Supervision,
)
from .page_cache import (
    page_content_version,
)
from .translations import source_locale_filter, translated_titles

OUTLINE_TIMEOUT = 60 * 60 * 24


@dataclass
class LessonNode:
    id: int
    title: str
    url_path: str
    estimated_minutes: int
    module_id: int
    url: str = ""
    complete: bool = False


@dataclass
class ModuleNode:
    id: int
    title: str
    url_path: str
    estimated_minutes: int
    lessons: list[LessonNode] = field(default_factory=list)
    url: str = ""
    locked_reason: str = ""

    @property
    def completed_count(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.complete)

    @property
    def complete(self) -> bool:
        return bool(self.lessons) and self.completed_count == len(self.lessons)

    @property
    def lesson_ids(self) -> list[int]:
        return [lesson.id for lesson in self.lessons]


@dataclass
class ModuleSummary:
    """A module as the course page needs it: its live lessons' ids and how many of them the
    trainee completed, without a node per lesson (the page's time must not grow with the
    course). apply_locks and the certificate rules read it as they read a ModuleNode."""

    id: int
    title: str
    url: str
    lesson_ids: tuple[int, ...]
    completed_count: int = 0
    locked_reason: str = ""

    @property
    def complete(self) -> bool:
        return bool(self.lesson_ids) and self.completed_count == len(self.lesson_ids)


@dataclass
class Progress:
    completed: int
    total: int

    @property
    def percent(self) -> int:
        # Floor, so 299 of 300 never shows as 100%.
        return 100 * self.completed // self.total if self.total else 0


# --- The course outline ---------------------------------------------------------------------


def course_outline_key(course_id: int, version: str) -> str:
    # Per language: the titles are the live translations' (courses/translations.py).
    return f"courses:outline:{course_id}:{version}:{translation.get_language() or ''}"


def course_cached(course: CoursePage, name: str, build):
    """What `build()` returns about a course that is the same for every trainee and changes
    only with the content version (pages, and the models that say `learner_content`, such
    as a module's quiz): built once per course, content version and language, and cached.
    For other apps' course-wide reads on the learner pages (the certificate checklist's)."""
    version = page_content_version(course)
    key = f"courses:course:{course.pk}:{version}:{translation.get_language() or ''}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, OUTLINE_TIMEOUT)
    return value


def course_structure(course: CoursePage, *, version: str | None = None) -> list[ModuleNode]:
    """The live modules of a course, in tree order, each with its live lessons."""
    version = version or page_content_version(course)
    key = course_outline_key(course.pk, version)
    return course_outline(course, key, cache.get(key))[1]


def course_outline(course: CoursePage, key: str, raw) -> tuple[str, list[ModuleNode]]:
    """The course's URL and its module nodes, from what the cache held under `key` (built
    and cached when it held nothing)."""
    if raw is None:
        root_paths = _root_paths()
        raw = {
            "url": _url(course.url_path, root_paths),
            "modules": _build_structure(course, root_paths, translation.get_language()),
        }
        cache.set(key, raw, OUTLINE_TIMEOUT)
    modules = [
        ModuleNode(
            **{k: v for k, v in module.items() if k != "lessons"},
            lessons=[LessonNode(**lesson) for lesson in module["lessons"]],
        )
        for module in raw["modules"]
    ]
    return raw["url"], modules


def _build_structure(course: CoursePage, root_paths, language=None) -> list[dict]:
    """The outline of the source tree (ids and URLs are the source pages', what progress
    counts), with each title in `language` where a live translation has one."""
    modules = {
        module.pk: {
            "id": module.pk,
            "title": module.title,
            "translation_key": module.translation_key,
            "url_path": module.url_path,
            "estimated_minutes": module.estimated_minutes,
            "lessons": [],
        }
        for module in ModulePage.objects.live()
        .child_of(course)
        .only("id", "title", "url_path", "estimated_minutes", "path", "translation_key")
        .order_by("path")
    }
    lessons = list(
        LessonPage.objects.live()
        .descendant_of(course)
        .only("id", "title", "url_path", "estimated_minutes", "path", "translation_key")
        .order_by("path")
    )
    titles = translated_titles(
        [m["translation_key"] for m in modules.values()] + [x.translation_key for x in lessons],
        language,
    )
    module_by_path = {}
    for module_id, data in modules.items():
        module_by_path[data["url_path"]] = module_id
    for lesson in lessons:
        parent_url_path = lesson.url_path.rstrip("/").rsplit("/", 1)[0] + "/"
        module_id = module_by_path.get(parent_url_path)
        if module_id is None:  # its module is not live: the lesson is not reachable
            continue
        modules[module_id]["lessons"].append(
            {
                "id": lesson.pk,
                "title": titles.get(lesson.translation_key, lesson.title),
                "url_path": lesson.url_path,
                "estimated_minutes": lesson.estimated_minutes,
                "module_id": module_id,
            }
        )
    for module in modules.values():
        key = module.pop("translation_key")
        module["title"] = titles.get(key, module["title"])
        module["url"] = _url(module["url_path"], root_paths)
        for lesson in module["lessons"]:
            lesson["url"] = _url(lesson["url_path"], root_paths)
    return list(modules.values())


def _root_paths():
    return Site.get_site_root_paths()


def _url(url_path: str, root_paths) -> str:
    for root in root_paths:
        if url_path.startswith(root.root_path):
            return "/" + url_path[len(root.root_path) :]
    return url_path


def course_for_page(page) -> CoursePage | None:
    """The course a module or lesson belongs to (one query)."""
    course_depth = page.depth - (1 if isinstance(page, ModulePage) else 2)
    return CoursePage.objects.filter(path=page.path[: course_depth * page.steplen]).first()


def course_ids_for_page(page) -> list[int]:
    """The course a page of any kind belongs to (itself, when it is one), as a list of at
    most one id: empty for pages outside courses."""
    return list(CoursePage.objects.ancestor_of(page, inclusive=True).values_list("pk", flat=True))


# --- A trainee's state ----------------------------------------------------------------------


def enrolment_kept_for(*, user, course_id: int) -> Enrolment | None:
    """The user's enrolment in a course whatever its status (there is one per person and
    course), with the course: for records that outlive a withdrawal, such as the trainee's
    hours statements."""
    return Enrolment.objects.filter(user=user, course_id=course_id).select_related("course").first()


def enrolment_active_or_404(*, user, course_id: int) -> Enrolment:
    """The user's active enrolment in a course, with the course, or Http404: for the pages a
    trainee opens only while enrolled (their code of ethics, practice log, certificate
    status)."""
    enrolment = (
        Enrolment.objects.filter(user=user, course_id=course_id, status=Enrolment.Status.ACTIVE)
        .select_related("course")
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def enrolment_for(
    *, user, course_id: int, lesson: LessonPage | None = None, for_page: bool = False
):
    """The active enrolment of a user in a course, or None; with a lesson, annotated with
    `lesson_complete` and `has_supervisor` in the same query. `for_page`: with its course,
    and with what the page header needs to know about the user's permissions, still in
    that one query (see lms.context_processors)."""
    if not user.is_authenticated:
        return None
    return enrolment_queryset(
        user_id=user.pk, course_id=course_id, lesson=lesson, for_page=for_page
    ).first()


def enrolment_queryset(*, user_id: int, course_id: int, lesson=None, for_page: bool = False):
    """enrolment_for's query, for courses.prepared to compile once (the lesson page)."""
    queryset = Enrolment.objects.filter(
        user_id=user_id, course_id=course_id, status=Enrolment.Status.ACTIVE
    )
    if lesson is not None:
        queryset = queryset.annotate(
            lesson_complete=Exists(
                LessonCompletion.objects.filter(enrolment=OuterRef("pk"), lesson=lesson)
            ),
            # Whether "Share with my supervisor" reaches anyone now (the reflection block's
            # wording depends on it), in the same query.
            has_supervisor=Exists(
                Supervision.objects.filter(enrolment=OuterRef("pk"), ended_at__isnull=True)
            ),
        )
    if for_page:
        queryset = queryset.select_related("course").annotate(
            **{
                f"header_{name}": Exists(header_permission_held(name, OuterRef("user_id")))
                for name in HEADER_PERMISSIONS
            }
        )
    return queryset


def header_context(user, enrolment) -> dict:
    """The header's permission flags from an enrolment read `for_page`, so the `site`
    context processor need not ask; empty without one (the processor then asks)."""
    if enrolment is None:
        return {}
    return header_flags(
        user, {name: getattr(enrolment, f"header_{name}") for name in HEADER_PERMISSIONS}
    )


def completed_lesson_ids(enrolment: Enrolment | None) -> set[int]:
    if enrolment is None:
        return set()
    return set(enrolment.completions.values_list("lesson_id", flat=True))


def apply_progress(modules: list[ModuleNode], done: set[int]) -> Progress:
    total = completed = 0
    for module in modules:
        for lesson in module.lessons:
            lesson.complete = lesson.id in done
            total += 1
            completed += lesson.complete
    return Progress(completed=completed, total=total)


def apply_locks(course: CoursePage, modules: list[ModuleNode], enrolment) -> None:
    """Mark locked modules with the reason: the course's own order rule, then the hooks."""
    from django.utils.translation import gettext as _

    if enrolment is None:
        return
    if course.modules_unlock_in_order:
        previous = None
        for module in modules:
            if previous is not None and not previous.complete:
                module.locked_reason = _("Complete “%(module)s” first.") % {
                    "module": previous.title
                }
            previous = module
    for module_id, reason in hooks.module_locks(enrolment=enrolment, modules=modules).items():
        for module in modules:
            if module.id == module_id and not module.locked_reason:
                module.locked_reason = reason


def current_supervisor(enrolment: Enrolment | None):
    if enrolment is None:
        return None
    supervision = (
        Supervision.objects.filter(enrolment=enrolment, ended_at__isnull=True)
        .select_related("supervisor")
        .first()
    )
    return supervision.supervisor if supervision else None


def shared_reflections_for(enrolment: Enrolment, *, supervisor) -> list[LessonResponse]:
    """The reflections the trainee shares with `supervisor`, in course order (lesson, then
    the block's place in it); one query however many there are.

    Empty unless `supervisor` is the enrolment's current supervisor: the rule is in the
    query, not left to the caller. Only what the trainee can still untick is shown: a
    reflection of an active enrolment, on a live lesson of the enrolment's course whose
    reflection block still exists. A reflection the lesson no longer has is listed to the
    trainee as "only you can see them", and a withdrawn trainee or an unpublished lesson
    leaves them no box to untick. The lesson (with its body) comes with each response;
    `position` is set on each for the template.
    """
    responses = (
        LessonResponse.objects.filter(
            enrolment=enrolment,
            enrolment__status=Enrolment.Status.ACTIVE,
            enrolment__supervisions__supervisor=supervisor,
            enrolment__supervisions__ended_at__isnull=True,
            kind=LessonResponse.Kind.REFLECTION,
            shared_with_supervisor=True,
            lesson__live=True,
            lesson__path__startswith=enrolment.course.path,
        )
        .select_related("lesson")
        .order_by()
    )
    shown = []
    positions: dict[int, dict[str, int]] = {}
    for response in responses:
        lesson = response.lesson
        if lesson.pk not in positions:
            # The raw stream: its ids and types without building any block (no queries).
            positions[lesson.pk] = {
                item.get("id"): index
                for index, item in enumerate(lesson.body.raw_data)
                if item.get("type") == "reflection"
            }
        position = positions[lesson.pk].get(response.block_id)
        if position is None:
            continue
        response.position = position
        shown.append(response)
    shown.sort(key=lambda r: (r.lesson.path, r.position))
    return shown


def can_read_without_enrolment(user) -> bool:
    """Editors, reviewers and admins read lesson bodies to check them."""
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


# --- The dashboard --------------------------------------------------------------------------


def dashboard_for(*, user) -> list[dict]:
    """The user's active enrolments with progress, in three queries however many there are.
    Each enrolment also carries the header's permission flags (`header_context`), so the
    `site` context processor need not ask when there is one."""
    enrolments = list(
        Enrolment.objects.filter(user=user, status=Enrolment.Status.ACTIVE)
        .select_related("course", "last_lesson", "cohort")
        .annotate(
            **{
                f"header_{name}": Exists(header_permission_held(name, OuterRef("user_id")))
                for name in HEADER_PERMISSIONS
            }
        )
        .order_by("-last_activity_at", "-enrolled_at")
    )
    if not enrolments:
        return []
    course_paths = {e.course.path: e.course_id for e in enrolments}
    prefix_length = len(next(iter(course_paths)))
    totals = {
        course_paths.get(row["prefix"]): row["total"]
        for row in LessonPage.objects.live()
        .annotate(prefix=Substr("path", 1, prefix_length))
        .filter(prefix__in=list(course_paths))
        .values("prefix")
        .annotate(total=Count("id"))
        .order_by()
    }
    done = {
        row["enrolment_id"]: row["done"]
        for row in LessonCompletion.objects.filter(enrolment__in=enrolments, lesson__live=True)
        .values("enrolment_id")
        .annotate(done=Count("id"))
        .order_by()
    }
    root_paths = _root_paths()
    # Titles in the reader's language where a live translation has one (one query, none in
    # the default language); ids and URLs stay the source pages'.
    titles = translated_titles(
        [e.course.translation_key for e in enrolments]
        + [e.last_lesson.translation_key for e in enrolments if e.last_lesson],
        translation.get_language(),
    )
    rows = []
    for enrolment in enrolments:
        enrolment.course.title = titles.get(
            enrolment.course.translation_key, enrolment.course.title
        )
        progress = Progress(
            completed=done.get(enrolment.pk, 0), total=totals.get(enrolment.course_id, 0)
        )
        last = enrolment.last_lesson
        rows.append(
            {
                "enrolment": enrolment,
                "course": enrolment.course,
                "course_url": _url(enrolment.course.url_path, root_paths),
                "progress": progress,
                "continue_url": _url(last.url_path, root_paths) if last and last.live else "",
                "continue_title": titles.get(last.translation_key, last.title)
                if last and last.live
                else "",
            }
        )
    return rows


# --- Asked by other apps -------------------------------------------------------------------
# Reads that certificates (and demo code) need, so they ask courses instead of querying its
# models: the rules for what an enrolment or a course's pages are stay here.


def enrolment_by_id(enrolment_id: int) -> Enrolment | None:
    """An enrolment by id whatever its status, or None: for a task handed an id, which must
    shrug when the enrolment was deleted after it was queued."""
    return Enrolment.objects.filter(pk=enrolment_id).first()


def enrolment_reload(enrolment: Enrolment) -> Enrolment:
    """The enrolment read again, with its course and trainee: for a decision on its status as
    it is now, since the instance a caller holds (a task's, the sweep's) may predate a
    withdrawal. Enrolment.DoesNotExist when it is gone."""
    return Enrolment.objects.select_related("course", "user").get(pk=enrolment.pk)


def enrolments_by_ids(enrolment_ids) -> list[Enrolment]:
    """The enrolments with these ids, newest first (the model's order): for a batch a caller
    chose by id, such as the certificates sweep."""
    return list(Enrolment.objects.filter(pk__in=enrolment_ids))


def enrolments_of(*, user) -> list[Enrolment]:
    """Every enrolment of the person whatever its status, with its course, oldest first: for
    the records that outlive a withdrawal, such as the person's copy of their data."""
    return list(
        Enrolment.objects.filter(user=user).select_related("course").order_by("enrolled_at", "pk")
    )


def enrolments_active():
    """Every active enrolment, as a queryset a caller narrows in the same query: the
    certificates sweep adds what counts as recent progress and what already has a
    certificate, which are certificates' rules, not ours."""
    return Enrolment.objects.filter(status=Enrolment.Status.ACTIVE)


def enrolment_active_with_user(*, user, course_id: int) -> Enrolment | None:
    """The user's active enrolment in a course with the user loaded, or None: for demo code
    that acts as the trainee through the services, which read `enrolment.user`."""
    return (
        Enrolment.objects.select_related("user")
        .filter(user=user, course_id=course_id, status=Enrolment.Status.ACTIVE)
        .first()
    )


def course_by_slug(slug: str) -> CoursePage | None:
    """The course with this slug, or None: how commands find the demo course, whose slug
    content's curriculum gives."""
    return source_locale_filter(CoursePage.objects.filter(slug=slug)).first()


def courses_for_choice():
    """Every course by title, as a queryset: what an admin form's course field offers (a
    ModelChoiceField needs a queryset, and reads it afresh for each form)."""
    return source_locale_filter(CoursePage.objects.order_by("title"))


def live_modules_for(course: CoursePage) -> list[ModulePage]:
    """The course's live modules as pages, in the order a trainee meets them: for code that
    acts on each module (the outline's nodes are not pages)."""
    return list(ModulePage.objects.live().child_of(course).order_by("path"))


def live_lessons_for(course: CoursePage) -> list[LessonPage]:
    """The course's live lessons as pages, in the order a trainee meets them: for code that
    completes them through `courses.services.lesson_complete`, which takes the page."""
    return list(LessonPage.objects.live().descendant_of(course).order_by("path"))


def enrolment_ids_completed_since(since):
    """The enrolments with a lesson completed at or after `since`, as a subquery."""
    return LessonCompletion.objects.filter(completed_at__gte=since).values("enrolment_id")


def lesson_completed_at(enrolment: Enrolment) -> dict:
    """When the trainee completed each lesson: lesson id → completion time."""
    return dict(enrolment.completions.values_list("lesson_id", "completed_at"))


def continuing_lesson_ids(course: CoursePage) -> set[int]:
    """The live lessons of a course marked as continuing education (what a renewal asks)."""
    return set(
        LessonPage.objects.live()
        .descendant_of(course)
        .filter(continuing_education=True)
        .values_list("pk", flat=True)
    )


# Many enrolments at once (a cohort's progress): one query each however many there are.


def completed_lesson_ids_for(enrolments, lesson_ids) -> dict[int, set[int]]:
    """Which of `lesson_ids` each of `enrolments` (a queryset) has completed: enrolment id →
    lesson ids, for those that completed any."""
    done: dict[int, set[int]] = {}
    for enrolment_id, lesson_id in LessonCompletion.objects.filter(
        enrolment_id__in=enrolments.values("pk"), lesson_id__in=list(lesson_ids)
    ).values_list("enrolment_id", "lesson_id"):
        done.setdefault(enrolment_id, set()).add(lesson_id)
    return done


def lesson_completed_at_for(enrolment_ids) -> dict[int, dict]:
    """lesson_completed_at for each of these enrolments: enrolment id → lesson id → when."""
    completed: dict[int, dict] = {}
    for enrolment_id, lesson_id, at in LessonCompletion.objects.filter(
        enrolment_id__in=list(enrolment_ids)
    ).values_list("enrolment_id", "lesson_id", "completed_at"):
        completed.setdefault(enrolment_id, {})[lesson_id] = at
    return completed


def current_supervisor_names_for(enrolments) -> dict[int, str]:
    """The current supervisor's name (or email) of each of `enrolments` (a queryset) that
    has one: enrolment id → name."""
    return {
        enrolment_id: name or email
        for enrolment_id, name, email in Supervision.objects.filter(
            enrolment_id__in=enrolments.values("pk"), ended_at__isnull=True
        )
        .order_by()
        .values_list("enrolment_id", "supervisor__full_name", "supervisor__email")
    }
