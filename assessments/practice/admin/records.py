"""Programme admins' side of practice in the admin: a trainee's logs with every sign-off
(never the private reflection), and a cohort's approved, pending and required minutes per
trainee and category as a CSV file.

Reassigning a trainee to another supervisor is already in "Courses & cohorts" (the
enrolment's "Assign supervisor", `courses.services.supervision_assign`), so it is not
repeated here; the records page links to it. Registered from `assessments/wagtail_hooks.py`
through `PracticeAdminGroup` (this package's `__init__`).
"""

import csv
import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Q, Sum, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from assessments.models import (
    CompetencyObservation,
    CompetencySignOff,
    PracticeLog,
    SignOff,
)
from assessments.practice.selectors import (
    COHORT_HOURS_COLUMNS,
    cohort_hours_rows,
    rating_label,
    rating_scale_for,
)
from courses.models import Cohort, Supervision
from courses.organisations import cohorts_for, enrolments_for
from lms.audit import audit_record
from lms.durations import hours_figure
from lms.form_input import BadInputMixin
from lms.models import AuditEvent
from lms.spreadsheets import csv_cell
from lms.timezones import user_zone

RECORDS_PERMISSION = "assessments.view_practicelog"
COHORT_PERMISSION = "courses.view_cohort"


def can_view_records(user) -> bool:
    return user.is_active and user.has_perm(RECORDS_PERMISSION)


def can_download_cohort_hours(user) -> bool:
    return can_view_records(user) and user.has_perm(COHORT_PERMISSION)


# --- Programme admins: records and cohort hours ----------------------------------------------


def _current_supervisions():
    return Prefetch(
        "supervisions",
        queryset=Supervision.objects.filter(ended_at__isnull=True).select_related("supervisor"),
        to_attr="current_supervisions",
    )


def _supervisor_name(enrolment) -> str:
    current = enrolment.current_supervisions
    return current[0].supervisor.full_name if current else ""


def _minutes(status: str):
    return Sum(
        Case(
            When(practice_logs__status=status, then="practice_logs__duration_minutes"),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def cohort_hours_csv(cohort: Cohort) -> bytes:
    """The cohort's minutes per trainee and category
    (`assessments.practice.selectors.cohort_hours_rows`)
    as UTF-8 CSV with a byte-order mark, so spreadsheet programs read names in any script
    correctly; every text cell is guarded against formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(heading) for _key, heading in COHORT_HOURS_COLUMNS])
    for row in cohort_hours_rows(cohort):
        writer.writerow([csv_cell(row[key]) for key, _heading in COHORT_HOURS_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class RecordsPageView(WagtailAdminTemplateMixin, View):
    header_icon = "time"

    def check_permission(self, user) -> bool:
        return can_view_records(user)

    def dispatch(self, request, *args, **kwargs):
        if not self.check_permission(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, **context):
        return TemplateResponse(self.request, self.template_name, self.get_context_data(**context))


class RecordsFilterForm(BadInputMixin, forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Name or email"), required=False, max_length=200, strip=True
    )
    cohort = forms.ModelChoiceField(
        label=gettext_lazy("Cohort"),
        queryset=Cohort.objects.none(),
        required=False,
        empty_label=gettext_lazy("Every cohort"),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts_for(
            actor, Cohort.objects.select_related("course")
        ).order_by("-starts_on", "name")
        self.fields["cohort"].label_from_instance = lambda c: f"{c.name} ({c.course.title})"


class PracticeRecordsView(RecordsPageView):
    """Trainees with their approved and waiting hours; choose a cohort to download its hours.
    A fixed number of queries per page, however many logs there are."""

    template_name = "assessments/admin/practice_records.html"
    page_title = gettext_lazy("Practice records")
    per_page = 50

    def get(self, request):
        form = RecordsFilterForm(request.GET or None, actor=request.user)
        # Only the enrolments of the admin's organisations (courses/organisations.py).
        enrolments = enrolments_for(request.user).select_related("user", "course", "cohort")
        cohort = None
        if form.is_bound and form.is_valid():
            if search := form.cleaned_data["q"]:
                enrolments = enrolments.filter(
                    Q(user__full_name__icontains=search) | Q(user__email__icontains=search)
                )
            cohort = form.cleaned_data["cohort"]
            if cohort is not None:
                enrolments = enrolments.filter(cohort=cohort)
        enrolments = (
            enrolments.annotate(
                approved_minutes=_minutes(PracticeLog.Status.APPROVED),
                pending_minutes=_minutes(PracticeLog.Status.SUBMITTED),
            )
            .prefetch_related(_current_supervisions())
            .order_by("user__full_name", "user__email", "pk")
        )
        page = Paginator(enrolments, self.per_page).get_page(request.GET.get("p"))
        for enrolment in page.object_list:
            enrolment.approved_hours = hours_figure(enrolment.approved_minutes or 0)
            enrolment.pending_hours = hours_figure(enrolment.pending_minutes or 0)
            enrolment.supervisor_name = _supervisor_name(enrolment)
        query = request.GET.copy()
        query.pop("p", None)
        return self.render(
            form=form,
            page=page,
            cohort=cohort,
            query=query.urlencode(),
            csv_url=(
                reverse("practice_records:cohort_csv", args=[cohort.pk])
                if cohort is not None and can_download_cohort_hours(request.user)
                else None
            ),
            can_assign=request.user.has_perm("courses.add_supervision"),
        )


class PracticeHistoryView(RecordsPageView):
    """One trainee's practice as an auditor reads it: every log with every sign-off, the
    supervision history, and competency observations and sign-offs. The reflection is the
    trainee's alone and is never loaded here."""

    template_name = "assessments/admin/practice_history.html"
    page_title = gettext_lazy("Practice history")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("practice_records:index"), "label": _("Practice records")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, pk):
        enrolment = get_object_or_404(
            enrolments_for(request.user).select_related("user", "course", "cohort"), pk=pk
        )
        self.page_subtitle = enrolment.user.full_name
        # Who looked: the trainee's record was opened (lms.audit_chain; in their export).
        audit_record(
            kind=AuditEvent.Kind.RECORD_VIEWED,
            subject_id=enrolment.user_id,
            data={"enrolment_id": enrolment.pk, "view": "practice_history"},
        )
        zone = user_zone(enrolment.user)
        logs = list(
            PracticeLog.objects.filter(enrolment=enrolment)
            .defer("reflection")
            .select_related("category")
            .prefetch_related(
                Prefetch(
                    "sign_offs",
                    queryset=SignOff.objects.select_related("decided_by").order_by(
                        "decided_at", "pk"
                    ),
                )
            )
            .order_by("started_at", "pk")
        )
        for log in logs:
            log.local_start = timezone.localtime(log.started_at, zone)
            log.hours = hours_figure(log.duration_minutes)
        supervisions = list(
            enrolment.supervisions.select_related("supervisor", "assigned_by").order_by(
                "started_at", "pk"
            )
        )
        observations = list(
            CompetencyObservation.objects.filter(enrolment=enrolment)
            .select_related("competency", "recorded_by")
            .order_by("observed_on", "recorded_at", "pk")
        )
        scale = rating_scale_for(enrolment.course_id)
        for observation in observations:
            observation.level = rating_label(scale, observation.rating)
        competency_sign_offs = list(
            CompetencySignOff.objects.filter(enrolment=enrolment)
            .select_related("competency", "decided_by")
            .order_by("decided_at", "pk")
        )
        return self.render(
            enrolment=enrolment,
            zone=str(zone),
            logs=logs,
            supervisions=supervisions,
            observations=observations,
            competency_sign_offs=competency_sign_offs,
            assign_url=(
                reverse("enrolment:assign", args=[enrolment.pk])
                if request.user.has_perm("courses.add_supervision")
                else None
            ),
        )


class CohortHoursCsvView(RecordsPageView):
    def check_permission(self, user):
        return can_download_cohort_hours(user)

    def get(self, request, pk):
        cohort = get_object_or_404(
            cohorts_for(request.user, Cohort.objects.select_related("course")), pk=pk
        )
        filename = f"practice-hours-{slugify(cohort.name) or cohort.pk}.csv"
        response = HttpResponse(cohort_hours_csv(cohort), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class PracticeRecordsViewSet(ViewSet):
    name = "practice_records"
    url_prefix = "practice-records"
    icon = "time"
    menu_label = gettext_lazy("Practice records")

    @cached_property
    def menu_item_class(self):
        def is_shown(_self, request):
            return can_view_records(request.user)

        return type("PracticeRecordsMenuItem", (AdminMenuItem,), {"is_shown": is_shown})

    def get_urlpatterns(self):
        return [
            path("", PracticeRecordsView.as_view(), name="index"),
            path("<id:pk>/", PracticeHistoryView.as_view(), name="history"),
            path("cohort/<id:pk>/hours.csv", CohortHoursCsvView.as_view(), name="cohort_csv"),
        ]
