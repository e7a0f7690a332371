"""Content editors' side of practice in the admin: each course's practice categories (with
the hours each requires), its settings (how long one log may be, the competency rating scale)
and its competencies, as Wagtail viewsets with their forms.

Categories and competencies that logs or observations point at are protected by the
database: deleting one is refused with a message, and so is moving one to another course,
which would silently move the trainees' records with it. Registered from
`assessments/wagtail_hooks.py` through `PracticeAdminGroup` (this package's `__init__`).
"""

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from assessments.models import (
    Competency,
    CompetencyObservation,
    CompetencySignOff,
    PracticeCategory,
    PracticeLog,
    PracticeSettings,
)
from courses.models import CoursePage
from lms.durations import hours_figure
from lms.form_input import BadInputMixin
from lms.protected_delete import ProtectedDeleteView

# A single log longer than a day is a typing mistake, whatever a course allows.
MAX_LOG_MINUTES = 24 * 60
MAX_RATING_LEVELS = 10
RATING_LEVEL_MAX_LENGTH = 80
MAX_REQUIRED_HOURS = 10_000


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
            self.initial["required_hours"] = hours_figure(self.instance.required_minutes)

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
    return hours_figure(category.required_minutes)


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
