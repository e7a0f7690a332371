"""The trainee's own views: the dashboard, self-enrolment, marking a lesson complete, and
saving reflections and scenario responses.

Course, module and lesson pages are served by Wagtail (see models/pages.py); these views only
take the POSTs those pages send, call the matching service, and send the trainee back.
What a trainee writes travels in the POST body only: never in a URL, a message or a log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import hooks
from .blocks import INTERACTIVE_BLOCK_TYPES
from .models import CourseIndexPage, CoursePage, LessonPage, LessonResponse
from .selectors import dashboard_for, header_context
from .services import CourseError, enrolment_self_create, lesson_complete, lesson_response_save
from .translations import source_lesson, source_locale_filter, source_page, translation_apply


@login_required
@require_GET
def dashboard(request):
    rows = dashboard_for(user=request.user)
    context = {
        # The header's links from the enrolments' query; with none, the processor asks.
        **header_context(request.user, rows[0]["enrolment"] if rows else None),
        "rows": rows,
        "panels": hooks.panels(
            hooks.DASHBOARD_PANELS,
            request=request,
            enrolments=[row["enrolment"] for row in rows],
        ),
        "course_index": None
        if rows
        else source_locale_filter(CourseIndexPage.objects.live()).first(),
    }
    return render(request, "courses/dashboard.html", context)


@login_required
@require_POST
def enrol(request, course_id: int):
    course = source_page(get_object_or_404(CoursePage.objects.live(), pk=course_id))
    try:
        enrolment_self_create(user=request.user, course=course)
    except CourseError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("You are enrolled in %(course)s. Welcome!") % {"course": course.title}
        )
    return redirect(course.url)


def _lesson_or_404(lesson_id: int) -> LessonPage:
    """The lesson, or its source when a translation's id was sent: progress and responses
    are the source lesson's, and so is the URL a trainee goes back to."""
    return source_lesson(get_object_or_404(LessonPage.objects.all(), pk=lesson_id))


@login_required
@require_POST
def complete(request, lesson_id: int):
    lesson = _lesson_or_404(lesson_id)
    if not lesson.live:
        # Its URL would 404 too: say so on the dashboard.
        messages.error(request, _("This lesson is not published, so it cannot be completed."))
        return redirect("courses:dashboard")
    try:
        lesson_complete(user=request.user, lesson=lesson)
    except CourseError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(lesson)s” is complete.") % {"lesson": lesson.title})
    return redirect(lesson.url)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def response_save(request, lesson_id: int, block_id: str):
    """Save a reflection or scenario response.

    Without JavaScript: a form post, then a redirect to the block's anchor; a refused text is
    shown again in the re-rendered lesson (status 400) so nothing the trainee typed is lost.
    With JavaScript (static/js/lesson.js): JSON either way.
    """
    lesson = _lesson_or_404(lesson_id)
    as_json = _wants_json(request)
    if not lesson.live:
        if as_json:
            return JsonResponse({"error": _("This lesson is not published.")}, status=404)
        raise Http404
    text = request.POST.get("text", "")
    shared = None
    if "shared_field" in request.POST:  # the form has the checkbox, ticked or not
        shared = request.POST.get("shared") == "on"
    try:
        response = lesson_response_save(
            user=request.user, lesson=lesson, block_id=block_id, text=text, shared=shared
        )
    except CourseError as error:
        if as_json:
            return JsonResponse({"error": error.message}, status=400)
        return _lesson_with_error(request, lesson, block_id, text, shared, error.message)
    saved_at = time_format(timezone.localtime(response.updated_at), "H:i")
    message = _("Saved at %(time)s") % {"time": saved_at}
    if as_json:
        return JsonResponse(
            {"saved_at": saved_at, "message": message, "shared": response.shared_with_supervisor}
        )
    if response.kind == LessonResponse.Kind.SCENARIO:
        message = _("Your response is saved. The debrief is below it.")
    messages.success(request, message)
    return redirect(f"{lesson.url}#block-{block_id}")


def _lesson_with_error(request, lesson, block_id, text, shared, message):
    """The lesson page again, with the error at the block and the trainee's text kept."""
    translation_apply(lesson, get_language())  # in the trainee's language, as served
    context = lesson.get_context(request)
    context["response_errors"] = {
        block_id: {"text": text, "error": message, "shared": bool(shared)}
    }
    shown_at_block = (
        context["enrolment"] is not None
        and context["can_read"]
        and any(b.id == block_id and b.block_type in INTERACTIVE_BLOCK_TYPES for b in lesson.body)
    )
    if not shown_at_block:
        messages.error(request, message)
    return TemplateResponse(request, lesson.get_template(request), context, status=400)
