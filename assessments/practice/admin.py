"""Supervised practice in the Wagtail admin, under one "Practice" menu.

Content editors set up each course's practice: its categories with the hours each requires,
its settings (how long one log may be, the competency rating scale) and its competencies.
Programme admins read the records: a trainee's logs with every sign-off (never the private
reflection), and a cohort's approved, pending and required minutes per trainee and category
as a CSV file.

Reassigning a trainee to another supervisor is already in "Courses & cohorts" (the enrolment's
"Assign supervisor", `courses.services.supervision_assign`), so it is not repeated here; the
records page links to it. Categories and competencies that logs or observations point at are
protected by the database: deleting one is refused with a message, and so is moving one to
another course, which would silently move the trainees' records with it.
"""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Sum, Value, When
from django.db.models.deletion import ProtectedError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from assessments.models import (
    Competency,
    CompetencyObservation,
    CompetencySignOff,
    PracticeCategory,
    PracticeLog,
    PracticeSettings,
    SignOff,
)
from assessments.practice.selectors import (
    COHORT_HOURS_COLUMNS,
    cohort_hours_rows,
    rating_label,
    rating_scale_for,
)
from courses.models import Cohort, CoursePage, Enrolment, Supervision
from lms.form_input import BadInputMixin
from lms.spreadsheets import csv_cell
from lms.timezones import user_zone

RECORDS_PERMISSION = "assessments.view_practicelog"
COHORT_PERMISSION = "courses.view_cohort"

# A single log longer than a day is a typing mistake, whatever a course allows.
MAX_LOG_MINUTES = 24 * 60
MAX_RATING_LEVELS = 10
RATING_LEVEL_MAX_LENGTH = 80
MAX_REQUIRED_HOURS = 10_000


def can_view_records(user) -> bool:
    return user.is_active and user.has_perm(RECORDS_PERMISSION)


def can_download_cohort_hours(user) -> bool:
    return can_view_records(user) and user.has_perm(COHORT_PERMISSION)


def hours(minutes: int) -> str:
    """Minutes as hours with up to two decimals, for people: 90 → "1.5", 60 → "1"."""
    value = (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value.normalize():f}"


def rating_levels(text: str) -> list[str]:
    """The rating scale's levels, one a line, blank lines and outer spaces dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


def _courses():
    # Drafts too: editors set a course's practice up before it goes live.
    return CoursePage.objects.order_by("title")


class _CourseOwnedForm(BadInputMixin, WagtailAdminModelForm):
    """A row that belongs to one course, with a name unique within it. `records` names the
    trainees' rows that pin it to its course (checked only when the course changes)."""

    course = CourseChoiceField(queryset=CoursePage.objects.none(), label=gettext_lazy("Course"))
    duplicate_message = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = _courses()

    def has_records(self) -> bool:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        course, name = cleaned.get("course"), (cleaned.get("name") or "").strip()
        if course and name:
            clash = type(self.instance).objects.filter(course=course, name__iexact=name)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "name", self.duplicate_message % {"course": course.title, "name": name}
                )
            cleaned["name"] = name
        if (
            course
            and self.instance.pk
            and self.instance.course_id != course.pk
            and self.has_records()
        ):
            self.add_error(
                "course",
                _(
                    "Trainees already have records in this one, so it stays in its course. "
                    "Add a new one to the other course instead."
                ),
            )
        return cleaned


class PracticeCategoryForm(_CourseOwnedForm):
    """Editors think in hours; the model keeps whole minutes, so 1.5 hours is 90 minutes."""

    required_hours = forms.DecimalField(
        label=gettext_lazy("Required hours"),
        min_value=0,
        max_value=MAX_REQUIRED_HOURS,
        max_digits=7,
        decimal_places=2,
        initial=0,
        help_text=gettext_lazy(
            "Approved practice a trainee needs in this category, in hours (1.5 is an hour and "
            "a half). 0 means none is required."
        ),
    )
    duplicate_message = gettext_lazy("%(course)s already has a category called “%(name)s”.")

    class Meta:
        model = PracticeCategory
        fields = ["course", "name", "required_hours", "sort_order"]
        labels = {"name": gettext_lazy("Name"), "sort_order": gettext_lazy("Order")}
        help_texts = {
            "name": gettext_lazy("A kind of practice, e.g. one-to-one peer support."),
            "sort_order": gettext_lazy("Lower numbers are listed first."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["required_hours"] = hours(self.instance.required_minutes)

    def has_records(self) -> bool:
        return PracticeLog.objects.filter(category_id=self.instance.pk).exists()

    def _post_clean(self):
        value = self.cleaned_data.get("required_hours")
        if value is not None:
            minutes = (value * 60).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
            self.instance.required_minutes = int(minutes)
        super()._post_clean()


class CompetencyForm(_CourseOwnedForm):
    duplicate_message = gettext_lazy("%(course)s already has a competency called “%(name)s”.")

    class Meta:
        model = Competency
        fields = ["course", "name", "description", "sort_order"]
        labels = {"sort_order": gettext_lazy("Order")}
        help_texts = {
            "name": gettext_lazy(
                "Something seen in practice, e.g. holds boundaries under pressure."
            ),
            "sort_order": gettext_lazy("Lower numbers are listed first."),
        }

    def has_records(self) -> bool:
        return (
            CompetencyObservation.objects.filter(competency_id=self.instance.pk).exists()
            or CompetencySignOff.objects.filter(competency_id=self.instance.pk).exists()
        )


class PracticeSettingsForm(BadInputMixin, WagtailAdminModelForm):
    """One row per course. The course is fixed once chosen: observations already rated on a
    course's scale must keep meaning what they meant."""

    course = CourseChoiceField(queryset=CoursePage.objects.none(), label=gettext_lazy("Course"))

    class Meta:
        model = PracticeSettings
        fields = ["course", "min_minutes", "max_minutes", "rating_scale"]
        labels = {
            "min_minutes": gettext_lazy("Shortest log (minutes)"),
            "max_minutes": gettext_lazy("Longest log (minutes)"),
        }
        help_texts = {
            "min_minutes": gettext_lazy("A log shorter than this is refused. Default 15."),
            "max_minutes": gettext_lazy(
                "A log longer than this is refused; at most 1440 (a day). Default 720."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = _courses()
        if self.instance.pk:
            self.fields["course"].disabled = True
            self.fields["course"].help_text = _("Each course has one set of practice settings.")

    def clean_course(self):
        course = self.cleaned_data["course"]
        if not self.instance.pk and PracticeSettings.objects.filter(course=course).exists():
            raise forms.ValidationError(
                _("%(course)s already has practice settings: edit those instead.")
                % {"course": course.title}
            )
        return course

    def clean_rating_scale(self):
        levels = rating_levels(self.cleaned_data["rating_scale"])
        if len(levels) < 2:
            raise forms.ValidationError(_("Give at least two levels, one per line, lowest first."))
        if len(levels) > MAX_RATING_LEVELS:
            raise forms.ValidationError(_("Give at most %(n)s levels.") % {"n": MAX_RATING_LEVELS})
        if any(len(level) > RATING_LEVEL_MAX_LENGTH for level in levels):
            raise forms.ValidationError(
                _("Keep each level to %(n)s characters or fewer.") % {"n": RATING_LEVEL_MAX_LENGTH}
            )
        if len({level.casefold() for level in levels}) != len(levels):
            raise forms.ValidationError(_("Each level must be different from the others."))
        course_id = self.instance.course_id if self.instance.pk else None
        if course_id:
            highest = (
                CompetencyObservation.objects.filter(competency__course_id=course_id)
                .order_by("-rating")
                .values_list("rating", flat=True)
                .first()
            )
            if highest and highest > len(levels):
                raise forms.ValidationError(
                    _(
                        "Supervisors have already rated trainees up to level %(highest)s, so "
                        "the scale needs at least %(highest)s levels."
                    )
                    % {"highest": highest}
                )
        return "\n".join(levels)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_minutes"), cleaned.get("max_minutes")
        if low is not None and low < 1:
            self.add_error("min_minutes", _("The shortest log must be at least 1 minute."))
        if high is not None and high > MAX_LOG_MINUTES:
            self.add_error(
                "max_minutes",
                _("One log can be at most %(n)s minutes (a day).") % {"n": MAX_LOG_MINUTES},
            )
        if low and high and high < low:
            self.add_error(
                "max_minutes", _("The longest log cannot be shorter than the shortest one.")
            )
        return cleaned


# --- Deleting what trainees' records point at is refused -------------------------------------


class ProtectedDeleteView(DeleteView):
    """Wagtail's reference index may already know the row is protected (and would answer
    with a bare "permission denied"); the database is the final guard. Either way the editor
    is told why, and nothing is deleted."""

    refusal = ""

    def in_use(self) -> bool:
        raise NotImplementedError

    def form_valid(self, form):
        if self.in_use():
            return self._refuse()
        try:
            return super().form_valid(form)
        except ProtectedError:
            return self._refuse()

    def _refuse(self):
        messages.error(self.request, self.refusal % {"name": self.object})
        return redirect(self.get_success_url())


class PracticeCategoryDeleteView(ProtectedDeleteView):
    refusal = gettext_lazy(
        "“%(name)s” cannot be deleted: trainees have practice logs in it. Rename it or set "
        "its required hours to 0 instead."
    )

    def in_use(self):
        return self.object.logs.exists()


class CompetencyDeleteView(ProtectedDeleteView):
    refusal = gettext_lazy(
        "“%(name)s” cannot be deleted: supervisors have recorded observations or sign-offs "
        "of it. Rename it or describe it more clearly instead."
    )

    def in_use(self):
        return self.object.observations.exists() or self.object.sign_offs.exists()


# --- Editors' viewsets -----------------------------------------------------------------------


def _required_hours(category):
    return hours(category.required_minutes)


def _levels(settings):
    return len(rating_levels(settings.rating_scale))


class PracticeCategoryViewSet(ModelViewSet):
    model = PracticeCategory
    icon = "time"
    menu_label = gettext_lazy("Practice categories")
    delete_view_class = PracticeCategoryDeleteView
    copy_view_enabled = False
    list_per_page = 50
    search_fields = ["name"]
    list_filter = ["course"]
    ordering = ["course__title", "sort_order", "name"]
    list_display = [
        "name",
        Column("course", label=gettext_lazy("Course"), accessor="course.title"),
        Column("required", label=gettext_lazy("Required hours"), accessor=_required_hours),
        Column("log_count", label=gettext_lazy("Logs")),
    ]

    def get_queryset(self, request):
        return PracticeCategory.objects.select_related("course").annotate(log_count=Count("logs"))

    def get_form_class(self, for_update=False):
        return PracticeCategoryForm


class PracticeSettingsViewSet(ModelViewSet):
    model = PracticeSettings
    icon = "cog"
    menu_label = gettext_lazy("Practice settings")
    copy_view_enabled = False
    list_per_page = 50
    list_filter = ["course"]
    ordering = ["course__title"]
    list_display = [
        Column("course", label=gettext_lazy("Course"), accessor="course.title"),
        Column("min_minutes", label=gettext_lazy("Shortest log (minutes)")),
        Column("max_minutes", label=gettext_lazy("Longest log (minutes)")),
        Column("levels", label=gettext_lazy("Rating levels"), accessor=_levels),
    ]

    def get_queryset(self, request):
        return PracticeSettings.objects.select_related("course")

    def get_form_class(self, for_update=False):
        return PracticeSettingsForm


class CompetencyViewSet(ModelViewSet):
    model = Competency
    icon = "success"
    menu_label = gettext_lazy("Competencies")
    delete_view_class = CompetencyDeleteView
    copy_view_enabled = False
    list_per_page = 50
    search_fields = ["name"]
    list_filter = ["course"]
    ordering = ["course__title", "sort_order", "name"]
    list_display = [
        "name",
        Column("course", label=gettext_lazy("Course"), accessor="course.title"),
        Column("observation_count", label=gettext_lazy("Observations")),
    ]

    def get_queryset(self, request):
        return Competency.objects.select_related("course").annotate(
            observation_count=Count("observations")
        )

    def get_form_class(self, for_update=False):
        return CompetencyForm


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.select_related("course").order_by(
            "-starts_on", "name"
        )
        self.fields["cohort"].label_from_instance = lambda c: f"{c.name} ({c.course.title})"


class PracticeRecordsView(RecordsPageView):
    """Trainees with their approved and waiting hours; choose a cohort to download its hours.
    A fixed number of queries per page, however many logs there are."""

    template_name = "assessments/admin/practice_records.html"
    page_title = gettext_lazy("Practice records")
    per_page = 50

    def get(self, request):
        form = RecordsFilterForm(request.GET or None)
        enrolments = Enrolment.objects.select_related("user", "course", "cohort")
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
            enrolment.approved_hours = hours(enrolment.approved_minutes or 0)
            enrolment.pending_hours = hours(enrolment.pending_minutes or 0)
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
            Enrolment.objects.select_related("user", "course", "cohort"), pk=pk
        )
        self.page_subtitle = enrolment.user.full_name
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
            log.hours = hours(log.duration_minutes)
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
        cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=pk)
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


class PracticeAdminGroup(ViewSetGroup):
    """The "Practice" menu: editors see the set-up, programme admins the records."""

    menu_label = gettext_lazy("Practice")
    menu_icon = "time"
    menu_order = 245
    items = (
        PracticeCategoryViewSet("practice_category"),
        PracticeSettingsViewSet("practice_settings"),
        CompetencyViewSet("competency"),
        PracticeRecordsViewSet(),
    )


@hooks.register("register_admin_viewset")
def register_practice_admin():
    return PracticeAdminGroup()
