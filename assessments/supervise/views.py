"""The supervisor's practice pages under /supervise/: the queue of submitted logs, one log's
decision, and their trainees' hours and competencies.

Access is the area's rule (`access.supervisor_required`: 403 for anyone who supervises
nobody and lacks the role); each object is then looked up among the supervisor's *current*
trainees, so someone else's log or enrolment is a 404 and an id reveals nothing. Every write
is a service in `assessments.practice.services`; a refusal is shown in the page with its
message, nothing written.

Descriptions and evidence travel in POST bodies and page content only — never in a URL, a
message or a log — and a practice log's private reflection is never loaded into a page here.
The trainee's page shows the lesson reflections they chose to share, through
`courses.selectors.shared_reflections_for`, which returns them to the current supervisor only.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.models import Competency, PracticeCategory, PracticeLog
from assessments.practice import selectors as practice_selectors
from assessments.practice import services as practice_services
from assessments.practice.services import PracticeError
from assessments.quizzes import selectors
from assessments.supervise.access import supervisor_required
from assessments.supervise.forms import (
    BulkApproveForm,
    CompetencySignOffForm,
    DecisionForm,
    ObservationForm,
    QueueFilterForm,
)
from assessments.supervise.workload import workload_of
from courses.models import Enrolment
from courses.selectors import shared_reflections_for
from lms.context_processors import HEADER_PERMISSIONS
from lms.durations import minutes_short
from lms.timezones import user_today

QUEUE_PAGE_SIZE = 25


# --- The area's home page -------------------------------------------------------------------


@supervisor_required
@require_GET
def supervise_home(request):
    """What waits for the supervisor: their workload in figures (trainees, logs and essays
    waiting and the oldest's age, one query), the essays to grade, and the ways on."""
    return render(
        request,
        "assessments/supervise/home.html",
        {
            "essays": selectors.grading_queue_for(request.user),
            "workload": workload_of(request.user),
        },
    )


# --- The queue ------------------------------------------------------------------------------


def _filter_choices(trainees):
    """Trainee and category choices for the filter, from the current trainees' courses; a
    category is named with its course when the trainees take more than one course."""
    trainee_choices = {}
    for enrolment in trainees:
        trainee_choices.setdefault(enrolment.user_id, str(enrolment.user))
    courses = {enrolment.course_id for enrolment in trainees}
    categories = PracticeCategory.objects.filter(course_id__in=courses).select_related("course")
    several_courses = len(courses) > 1
    category_choices = [
        (c.pk, f"{c.name} ({c.course.title})" if several_courses else c.name)
        for c in categories.order_by("course__title", "sort_order", "name")
    ]
    return list(trainee_choices.items()), category_choices


def _header_links(user) -> dict[str, bool]:
    """The header's links from the permissions `supervisor_required` has just read: has_perm
    keeps them on the user, so these cost nothing and the site context processor asks no
    third time (issue 15: the queue in at most 8 queries)."""
    return {name: user.has_perm(".".join(perm)) for name, perm in HEADER_PERMISSIONS.items()}


def _queue_context(request, *, bulk_form=None):
    supervisor = request.user
    trainees = practice_selectors.supervisor_trainees(supervisor=supervisor)
    trainee_choices, category_choices = _filter_choices(trainees)
    filter_form = QueueFilterForm(
        request.GET or None, trainees=trainee_choices, categories=category_choices
    )
    filters = filter_form.filters() if request.GET else {"trainee_id": None, "category_id": None}
    queue = practice_selectors.supervisor_queue(supervisor=supervisor, **filters)
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    for log in page.object_list:
        log.duration_words = minutes_short(log.duration_minutes)
    kept = {key: value for key, value in request.GET.items() if key in ("trainee", "category")}
    return {
        **_header_links(supervisor),
        "filter_form": filter_form,
        "filtered": any(filters.values()),
        "page": page,
        "logs": page.object_list,
        "query": urlencode(kept),
        "bulk_form": bulk_form or BulkApproveForm(),
        "selected": set(),
    }


@supervisor_required
@require_http_methods(["GET", "POST"])
def practice_queue(request):
    """Submitted logs of the supervisor's current trainees, oldest first; tick several and
    approve them with one attestation, or open one to decide it alone."""
    if request.method == "POST":
        return _bulk_approve(request)
    return render(request, "assessments/supervise/practice_queue.html", _queue_context(request))


def _bulk_approve(request):
    form = BulkApproveForm(request.POST)
    if form.is_valid():
        selected = form.cleaned_data["selected"]
        logs = {
            log.pk: log
            for log in practice_selectors.supervisor_queue(supervisor=request.user).filter(
                pk__in=selected
            )
        }
        missing = [pk for pk in selected if pk not in logs]
        try:
            if missing:
                raise PracticeError(
                    _(
                        "Nothing was approved. Log %(id)s is no longer waiting for you: it may "
                        "have been decided or changed. Reload the queue to see where things are."
                    )
                    % {"id": missing[0]}
                )
            practice_services.practice_logs_approve_many(
                logs=[(logs[pk], version) for pk, version in selected.items()],
                supervisor=request.user,
                attestation=form.attestation,
                signature=form.cleaned_data["signature"],
            )
        except PracticeError as error:
            form.add_error(None, error.message)
        else:
            count = len(selected)
            messages.success(
                request,
                ngettext(
                    "You approved %(n)s log. Thank you.",
                    "You approved %(n)s logs. Thank you.",
                    count,
                )
                % {"n": count},
            )
            return redirect(request.get_full_path())
    context = _queue_context(request, bulk_form=form)
    context["selected"] = {
        int(v) for v in request.POST.getlist("log") if v.isascii() and v.isdigit() and len(v) < 13
    }
    return render(request, "assessments/supervise/practice_queue.html", context, status=400)


# --- One log --------------------------------------------------------------------------------


def _log_or_404(supervisor, log_id: int) -> PracticeLog:
    """A log of a current trainee that has been sent for a decision at least once; drafts
    stay the trainee's own until they submit them."""
    try:
        log = practice_selectors.practice_log_for_supervisor(supervisor=supervisor, log_id=log_id)
    except PracticeLog.DoesNotExist:
        raise Http404 from None
    if log.status == PracticeLog.Status.DRAFT:
        raise Http404
    return log


@supervisor_required
@require_http_methods(["GET", "POST"])
def practice_decide(request, log_id: int):
    """Approve, return or reject one log, at the version the page showed."""
    log = _log_or_404(request.user, log_id)
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                practice_services.practice_log_decide(
                    log=log,
                    supervisor=request.user,
                    decision=form.cleaned_data["decision"],
                    comment=form.cleaned_data["comment"],
                    attestation=form.attestation,
                    signature=form.cleaned_data["signature"],
                    expected_version=form.cleaned_data["version"],
                )
            except PracticeError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Your decision on the log of %(trainee)s is saved.")
                    % {"trainee": log.enrolment.user},
                )
                return redirect("supervise:practice_queue")
        log = _log_or_404(request.user, log_id)  # show its state now, after any refusal
    else:
        form = DecisionForm(initial={"version": log.version})
    context = {
        "log": log,
        "trainee": log.enrolment.user,
        "duration_words": minutes_short(log.duration_minutes),
        "history": practice_selectors.practice_log_history(log),
        "form": form,
        "decidable": log.status == PracticeLog.Status.SUBMITTED,
    }
    return render(
        request,
        "assessments/supervise/practice_decide.html",
        context,
        status=400 if form.errors else 200,
    )


# --- Trainees and competencies --------------------------------------------------------------


def _hours_by_enrolment(enrolments) -> None:
    """Set approved, pending and required minutes on each enrolment: two queries however many
    trainees and logs (one aggregate over their logs, one over their courses' categories), so
    the trainees page does not grow a query per trainee as `practice_hours_summary` would."""
    approved = Sum("duration_minutes", filter=Q(status=PracticeLog.Status.APPROVED))
    pending = Sum("duration_minutes", filter=Q(status=PracticeLog.Status.SUBMITTED))
    minutes = {
        row["enrolment_id"]: row
        for row in PracticeLog.objects.filter(enrolment__in=[e.pk for e in enrolments])
        .order_by()
        .values("enrolment_id")
        .annotate(approved=approved, pending=pending)
    }
    required = dict(
        PracticeCategory.objects.filter(course_id__in={e.course_id for e in enrolments})
        .order_by()
        .values("course_id")
        .annotate(total=Sum("required_minutes"))
        .values_list("course_id", "total")
    )
    for enrolment in enrolments:
        row = minutes.get(enrolment.pk, {})
        enrolment.approved_words = minutes_short(row.get("approved"))
        enrolment.pending_words = minutes_short(row.get("pending"))
        enrolment.required_minutes = required.get(enrolment.course_id) or 0
        enrolment.required_words = minutes_short(enrolment.required_minutes)


@supervisor_required
@require_GET
def trainee_list(request):
    """Everyone the supervisor supervises now, with their hours and what waits for review."""
    trainees = practice_selectors.supervisor_trainees(supervisor=request.user)
    if trainees:
        _hours_by_enrolment(trainees)
    return render(request, "assessments/supervise/trainees.html", {"trainees": trainees})


def _enrolment_or_404(supervisor, enrolment_id: int) -> Enrolment:
    """An enrolment the user supervises now; anyone else's is not found."""
    enrolment = (
        Enrolment.objects.select_related("user", "course")
        .filter(
            pk=enrolment_id,
            supervisions__supervisor=supervisor,
            supervisions__ended_at__isnull=True,
        )
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def _competency_choices(statuses, *, unsigned_only=False):
    return [
        (s.competency.pk, s.competency.name)
        for s in statuses
        if not (unsigned_only and s.sign_off is not None)
    ]


def _trainee_page(request, enrolment, *, observation_form=None, sign_off_form=None, status=200):
    statuses = practice_selectors.competency_status_for(enrolment)
    scale = practice_selectors.rating_scale_for(enrolment.course_id)
    summary = practice_selectors.practice_hours_summary(enrolment)
    for category in summary.categories:
        category.approved_words = minutes_short(category.approved_minutes)
        category.pending_words = minutes_short(category.pending_minutes)
        category.required_words = minutes_short(category.required_minutes)
    context = {
        "enrolment": enrolment,
        "trainee": enrolment.user,
        "summary": summary,
        "totals": {
            "approved": minutes_short(summary.approved_minutes),
            "pending": minutes_short(summary.pending_minutes),
            "required": minutes_short(summary.required_minutes),
        },
        "competencies": statuses,
        "scale": scale,
        "observation_form": observation_form
        or ObservationForm(
            competencies=_competency_choices(statuses),
            scale=scale,
            initial={"observed_on": user_today(request.user)},
        ),
        "sign_off_form": sign_off_form
        or CompetencySignOffForm(competencies=_competency_choices(statuses, unsigned_only=True)),
        "can_sign_off": any(s.sign_off is None for s in statuses),
        "shared_reflections": shared_reflections_for(enrolment, supervisor=request.user),
    }
    return render(request, "assessments/supervise/trainee.html", context, status=status)


@supervisor_required
@require_GET
def trainee_detail(request, enrolment_id: int):
    """One trainee: hours per activity, competencies with their observations, and the
    reflections the trainee shares with this supervisor."""
    enrolment = _enrolment_or_404(request.user, enrolment_id)
    return _trainee_page(request, enrolment)


def _competency_of(enrolment, competency_id: int) -> Competency:
    return Competency.objects.get(pk=competency_id, course_id=enrolment.course_id)


@supervisor_required
@require_POST
def observation_record(request, enrolment_id: int):
    enrolment = _enrolment_or_404(request.user, enrolment_id)
    statuses = practice_selectors.competency_status_for(enrolment)
    form = ObservationForm(
        request.POST,
        competencies=_competency_choices(statuses),
        scale=practice_selectors.rating_scale_for(enrolment.course_id),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            practice_services.competency_observation_record(
                enrolment=enrolment,
                competency=_competency_of(enrolment, data["competency"]),
                supervisor=request.user,
                observed_on=data["observed_on"],
                rating=data["rating"],
                evidence=data["evidence"],
            )
        except PracticeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your observation is saved."))
            return redirect("supervise:trainee_detail", enrolment_id=enrolment.pk)
    return _trainee_page(request, enrolment, observation_form=form, status=400)


@supervisor_required
@require_POST
def competency_sign_off(request, enrolment_id: int):
    enrolment = _enrolment_or_404(request.user, enrolment_id)
    statuses = practice_selectors.competency_status_for(enrolment)
    # Every competency of the course validates, so a second sign-off (another tab, another
    # supervisor) gets the service's "already signed off" rather than "not a valid choice".
    form = CompetencySignOffForm(request.POST, competencies=_competency_choices(statuses))
    if form.is_valid():
        data = form.cleaned_data
        try:
            practice_services.competency_sign_off(
                enrolment=enrolment,
                competency=_competency_of(enrolment, data["competency"]),
                supervisor=request.user,
                attestation=form.attestation,
                signature=data["signature"],
                comment=data["comment"],
            )
        except PracticeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The competency is signed off."))
            return redirect("supervise:trainee_detail", enrolment_id=enrolment.pk)
    return _trainee_page(request, enrolment, sign_off_form=form, status=400)
