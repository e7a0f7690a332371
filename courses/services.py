"""Writes for courses: enrolment, supervision, lesson completion and trainee responses."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms import roles
from lms.text import MESSAGE as CONTROL_CHARACTERS_MESSAGE
from lms.text import has_control_characters

from .blocks import INTERACTIVE_BLOCK_TYPES
from .models import (
    Cohort,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    LessonResponse,
    Organisation,
    Supervision,
)
from .selectors import course_for_page, enrolment_for
from .signals import enrolment_progressed_announce
from .translations import source_lesson, source_page

User = get_user_model()

# A continuing-education lesson completed again within this long is a double click, not a
# re-completion (see lesson_complete).
RECOMPLETION_AFTER = timedelta(minutes=1)


class CourseError(Exception):
    """A refused request, with a message to show the person who made it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Enrolment and supervision --------------------------------------------------------------


def enrolment_create(
    *,
    user,
    course: CoursePage,
    cohort: Cohort | None = None,
    supervisor=None,
    source: str = Enrolment.Source.ADMIN,
    by=None,
) -> Enrolment:
    """Enrol a person in a course, optionally in a cohort and with a supervisor."""
    if cohort is not None and cohort.course_id != course.pk:
        raise CourseError(_("That cohort belongs to another course."))
    try:
        with transaction.atomic():
            enrolment = Enrolment(user=user, course=course, cohort=cohort, source=source)
            enrolment.full_clean(validate_unique=False, validate_constraints=False)
            enrolment.save()
            if supervisor is not None:
                supervision_assign(enrolment=enrolment, supervisor=supervisor, by=by)
    except IntegrityError:
        raise CourseError(
            _("%(person)s is already enrolled in %(course)s.")
            % {"person": user.email, "course": course.title}
        ) from None
    return enrolment


def enrolment_self_create(*, user, course: CoursePage) -> Enrolment:
    """A signed-in person enrols themselves in an open course; no supervisor yet. Enrolment
    is in the source course, whichever language its page was read in."""
    course = source_page(course)
    if not (course.live and course.open_enrolment):
        raise CourseError(_("This course is not open for enrolment. Ask your programme admin."))
    existing = enrolment_for(user=user, course_id=course.pk)
    if existing is not None:
        return existing
    return enrolment_create(user=user, course=course, source=Enrolment.Source.SELF)


def supervision_assign(*, enrolment: Enrolment, supervisor, by=None) -> Supervision:
    """Make `supervisor` the current supervisor, closing the previous supervision.

    The enrolment row is locked so two admins assigning at once queue up; the partial unique
    constraint guarantees one current supervision whatever happens.
    """
    if not supervisor.groups.filter(name=roles.SUPERVISOR).exists():
        raise CourseError(
            _("%(person)s does not have the Supervisor role.") % {"person": supervisor.email}
        )
    if supervisor.pk == enrolment.user_id:
        raise CourseError(_("A trainee cannot supervise themselves."))
    now = timezone.now()
    with transaction.atomic():
        Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        current = Supervision.objects.filter(enrolment=enrolment, ended_at__isnull=True).first()
        if current is not None and current.supervisor_id == supervisor.pk:
            return current
        if current is not None:
            current.ended_at = now
            current.save(update_fields=["ended_at"])
        return Supervision.objects.create(
            enrolment=enrolment, supervisor=supervisor, started_at=now, assigned_by=by
        )


# --- Working through a course ---------------------------------------------------------------


def _enrolment_for_lesson(*, user, lesson: LessonPage) -> Enrolment:
    if not lesson.live:
        raise CourseError(_("This lesson is not published."))
    course = course_for_page(lesson)
    enrolment = enrolment_for(user=user, course_id=course.pk) if course else None
    if enrolment is None:
        raise CourseError(_("You are not enrolled in this course."))
    return enrolment


def lesson_complete(*, user, lesson: LessonPage) -> LessonCompletion:
    """Mark a lesson complete. Doing it again (a double click, two tabs) changes nothing.

    A continuing-education lesson completed again after a minute or more records the new
    time: a certificate's renewal counts only what was done after the previous certificate,
    so keeping the first time would leave the renewal forever out of reach. Within the same
    minute it is a double click and nothing changes.

    A translated lesson completes its source: the course counts each lesson once, whatever
    language it was read in (courses/translations.py).
    """
    lesson = source_lesson(lesson)
    enrolment = _enrolment_for_lesson(user=user, lesson=lesson)
    now = timezone.now()
    with transaction.atomic():
        completion, created = LessonCompletion.objects.get_or_create(
            enrolment=enrolment, lesson=lesson
        )
        recompleted = (
            not created
            and lesson.continuing_education
            # A conditional UPDATE, so two clicks at once record one re-completion.
            and LessonCompletion.objects.filter(
                pk=completion.pk, completed_at__lt=now - RECOMPLETION_AFTER
            ).update(completed_at=now)
        )
        if recompleted:
            completion.completed_at = now
        Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson, last_activity_at=now)
        if created or recompleted:
            enrolment_progressed_announce(enrolment.pk)
    return completion


def lesson_visit(*, enrolment: Enrolment, lesson: LessonPage) -> None:
    """Remember the lesson for "continue where you left off" (one UPDATE, no read). The
    lesson is the served page: a source page, whichever language it was shown in."""
    Enrolment.objects.filter(pk=enrolment.pk).update(
        last_lesson=lesson, last_activity_at=timezone.now()
    )


def lesson_response_save(
    *, user, lesson: LessonPage, block_id: str, text: str, shared: bool | None = None
) -> LessonResponse:
    """Save what a trainee wrote in a reflection or scenario block (create or update),
    against the source lesson whatever language it was read in (a translation keeps the
    source's block ids)."""
    lesson = source_lesson(lesson)
    enrolment = _enrolment_for_lesson(user=user, lesson=lesson)
    block = next((b for b in lesson.body if b.id == block_id), None)
    if block is None or block.block_type not in INTERACTIVE_BLOCK_TYPES:
        raise CourseError(_("That part of the lesson no longer takes responses."))
    text = (text or "").strip()
    if not text:
        raise CourseError(_("Write something before saving."))
    if has_control_characters(text):
        raise CourseError(str(CONTROL_CHARACTERS_MESSAGE))
    if len(text) > LessonResponse.MAX_LENGTH:
        raise CourseError(
            _("Please keep this under %(max)s characters; it is %(length)s now.")
            % {"max": LessonResponse.MAX_LENGTH, "length": len(text)}
        )
    kind = (
        LessonResponse.Kind.REFLECTION
        if block.block_type == "reflection"
        else LessonResponse.Kind.SCENARIO
    )
    prompt = (
        block.value["prompt"] if kind == LessonResponse.Kind.REFLECTION else block.value["title"]
    )
    defaults = {"text": text, "kind": kind, "prompt": prompt[:300]}
    if shared is not None and kind == LessonResponse.Kind.REFLECTION:
        defaults["shared_with_supervisor"] = shared
    with transaction.atomic():
        response, _created = LessonResponse.objects.update_or_create(
            enrolment=enrolment, lesson=lesson, block_id=block_id, defaults=defaults
        )
        Enrolment.objects.filter(pk=enrolment.pk).update(
            last_lesson=lesson, last_activity_at=timezone.now()
        )
    return response


def first_organisation_ensure() -> tuple[Organisation, bool]:
    """The installation's first organisation, named after the site, if there is none yet."""
    existing = Organisation.objects.order_by("pk").first()
    if existing is not None:
        return existing, False
    name = (settings.WAGTAIL_SITE_NAME or "").strip() or "Our organisation"
    return Organisation.objects.get_or_create(name=name)
