"""The trainee's supervised-practice pages under /learn/practice/: the overview of hours, logs
and competencies, a new log, a log's page with its sign-off history, editing and submitting,
and the hours statement as CSV.

A trainee only ever reaches their own logs: every log is looked up together with
`enrolment__user=request.user`, so anyone else's id (another trainee's, or a supervisor opening
the trainee's URL) is a 404 that does not tell the log exists. Every write goes through the
services in `assessments.practice.services`; a refusal is shown in the page with everything typed
kept
(status 400) and nothing is written. Descriptions and reflections travel in POST bodies only:
never in a URL, a message or a log line. Pages are `never_cache`, since they hold private text.
"""

import csv
from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.models import PracticeLog
from assessments.practice import selectors, services
from assessments.practice.forms import PracticeLogForm
from assessments.practice.overview import practice_overview_for
from assessments.practice.services import PracticeError
from courses.models import Enrolment
from courses.selectors import enrolment_active_or_404, enrolment_kept_for
from lms.durations import minutes_words
from lms.spreadsheets import csv_cell
from lms.timezones import user_today, user_zone

# Characters a spreadsheet reads as the start of a formula (OWASP's CSV injection list).


# --- Helpers ---------------------------------------------------------------------------------


def _own_log_or_404(request, log_id: int) -> PracticeLog:
    return get_object_or_404(
        PracticeLog.objects.select_related("category", "enrolment__course"),
        pk=log_id,
        enrolment__user=request.user,
    )


def _hours_rows(summary: selectors.HoursSummary) -> dict:
    """The hours summary with its durations in words, per category and in total.

    The total's bar counts approved minutes only up to each category's requirement (the
    summary's `counted_minutes`): extra hours in one activity do not fill another's gap."""
    return {
        "categories": [
            {
                "name": category.name,
                "approved_minutes": category.approved_minutes,
                "pending_minutes": category.pending_minutes,
                "required_minutes": category.required_minutes,
                "approved": minutes_words(category.approved_minutes),
                "pending": minutes_words(category.pending_minutes),
                "required": minutes_words(category.required_minutes),
                "percent": category.approved_percent,
            }
            for category in summary.categories
        ],
        "approved_minutes": summary.approved_minutes,
        "pending_minutes": summary.pending_minutes,
        "required_minutes": summary.required_minutes,
        "counted_minutes": summary.counted_minutes,
        "approved": minutes_words(summary.approved_minutes),
        "pending": minutes_words(summary.pending_minutes),
        "required": minutes_words(summary.required_minutes),
        "counted": minutes_words(summary.counted_minutes),
        "percent": summary.approved_percent,
    }


def _log_rows(page):
    """The page's logs with their duration in words and whether they came back."""
    for log in page:
        log.duration_words = minutes_words(log.duration_minutes)
        log.returned = log.status in (
            PracticeLog.Status.CHANGES_REQUESTED,
            PracticeLog.Status.REJECTED,
        )
    return page


# --- The overview ----------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def overview(request):
    """Every course's hours, a page of logs and the competencies: the reads are
    `assessments.practice.overview`'s, four queries however many courses and logs."""
    page_numbers = {
        int(key.removeprefix("page-")): value
        for key, value in request.GET.items()
        if key.startswith("page-") and key.removeprefix("page-").isdigit()
    }
    sections, left = practice_overview_for(user=request.user, page_numbers=page_numbers)
    # Courses the trainee has left keep only their statements: the approved hours stay theirs.
    context = {
        "sections": [
            {
                "enrolment": section.enrolment,
                "course": section.course,
                "hours": _hours_rows(section.hours),
                "logs": _log_rows(section.logs),
                "competencies": section.competencies,
                "supervisor": section.supervisor,
            }
            for section in sections
        ],
        "left": left,
    }
    return render(request, "assessments/practice/overview.html", context)


# --- New and edited logs ---------------------------------------------------------------------


def _form_page(request, *, enrolment, form, log=None, error="", status=200):
    supervisor_id = selectors.current_supervisor_id(enrolment.pk)
    return render(
        request,
        "assessments/practice/log_form.html",
        {
            "enrolment": enrolment,
            "course": enrolment.course,
            "form": form,
            "log": log,
            "error": error,
            "has_supervisor": supervisor_id is not None,
            "has_categories": form.fields["category"].queryset.exists(),
        },
        status=status,
    )


def _submit_after_save(request, log: PracticeLog) -> None:
    """ "Save and submit": the log is saved already; a refused submit keeps it as a draft and
    says why."""
    try:
        services.practice_log_submit(log=log, by=request.user)
    except PracticeError as error:
        messages.warning(
            request,
            _("Your log is saved, but it was not submitted: %(reason)s")
            % {"reason": error.message},
        )
    else:
        messages.success(request, _("Your log is saved and sent to your supervisor."))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def log_new(request, course_id: int):
    enrolment = enrolment_active_or_404(user=request.user, course_id=course_id)
    bounds = selectors.practice_bounds(enrolment.course_id)
    if request.method != "POST":
        form = PracticeLogForm(
            course_id=enrolment.course_id,
            bounds=bounds,
            initial={"day": user_today(request.user)},
        )
        return _form_page(request, enrolment=enrolment, form=form)
    form = PracticeLogForm(request.POST, course_id=enrolment.course_id, bounds=bounds)
    if not form.is_valid():
        return _form_page(request, enrolment=enrolment, form=form, status=400)
    try:
        log = services.practice_log_create(
            enrolment=enrolment, by=request.user, **form.service_kwargs()
        )
    except PracticeError as error:
        return _form_page(request, enrolment=enrolment, form=form, error=error.message, status=400)
    if request.POST.get("action") == "submit":
        _submit_after_save(request, log)
    else:
        messages.success(request, _("Your log is saved as a draft."))
    return redirect("practice:log", log_id=log.pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def log_edit(request, log_id: int):
    log = _own_log_or_404(request, log_id)
    enrolment = log.enrolment
    if (
        log.status not in PracticeLog.EDITABLE_STATUSES
        or enrolment.status != Enrolment.Status.ACTIVE
    ):
        messages.error(request, _("Only drafts and logs returned for changes can be edited."))
        return redirect("practice:log", log_id=log.pk)
    bounds = selectors.practice_bounds(enrolment.course_id)
    if request.method != "POST":
        form = PracticeLogForm(
            course_id=enrolment.course_id,
            bounds=bounds,
            initial=PracticeLogForm.initial_for(log, user_zone(request.user)),
        )
        return _form_page(request, enrolment=enrolment, form=form, log=log)
    form = PracticeLogForm(request.POST, course_id=enrolment.course_id, bounds=bounds)
    if not form.is_valid():
        return _form_page(request, enrolment=enrolment, form=form, log=log, status=400)
    try:
        services.practice_log_update(
            log=log,
            by=request.user,
            expected_version=form.cleaned_data.get("version") or log.version,
            **form.service_kwargs(),
        )
    except PracticeError as error:
        return _form_page(
            request, enrolment=enrolment, form=form, log=log, error=error.message, status=400
        )
    if request.POST.get("action") == "submit":
        _submit_after_save(request, log)
    else:
        messages.success(request, _("Your changes are saved."))
    return redirect("practice:log", log_id=log.pk)


# --- One log ---------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def log_detail(request, log_id: int):
    log = _own_log_or_404(request, log_id)
    active = log.enrolment.status == Enrolment.Status.ACTIVE
    editable = active and log.status in PracticeLog.EDITABLE_STATUSES
    return render(
        request,
        "assessments/practice/log_detail.html",
        {
            "log": log,
            "course": log.enrolment.course,
            "duration": minutes_words(log.duration_minutes),
            "history": selectors.practice_log_history(log),
            "can_edit": editable,
            "can_submit": editable,
            "has_supervisor": selectors.current_supervisor_id(log.enrolment_id) is not None,
        },
    )


@never_cache
@login_required
@require_POST
def log_submit(request, log_id: int):
    log = _own_log_or_404(request, log_id)
    try:
        services.practice_log_submit(log=log, by=request.user)
    except PracticeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your log is sent to your supervisor."))
    return redirect("practice:log", log_id=log.pk)


# --- The hours statement ---------------------------------------------------------------------


def write_csv(response: HttpResponse, rows: Iterable[Iterable]) -> None:
    """UTF-8 with a byte-order mark, so spreadsheet apps read accents and Indian scripts."""
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])


@never_cache
@login_required
@require_GET
def statement_csv(request, course_id: int):
    """The approved entries with their sign-offs, as `practice_statement_rows` lays them out.
    Any enrolment of the trainee's in the course, so a statement outlives a withdrawal."""
    enrolment = enrolment_kept_for(user=request.user, course_id=course_id)
    if enrolment is None:
        raise Http404
    filename = f"hours-statement-{enrolment.course.slug}-{user_today(request.user):%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    columns = selectors.PRACTICE_STATEMENT_COLUMNS
    rows = selectors.practice_statement_rows(enrolment)
    write_csv(
        response,
        [[str(heading) for _key, heading in columns]]
        + [[row[key] for key, _heading in columns] for row in rows],
    )
    return response
