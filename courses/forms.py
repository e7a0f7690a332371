"""Admin forms for cohorts, enrolment, CSV import and supervision.

Forms check what a person typed and say what is wrong next to the field; the services in
courses.services and courses.enrolment_import make the change and guard the invariants.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from lms import roles
from lms.form_input import BadInputMixin

from .enrolment_import import FULL_NAME_MAX_LENGTH, MAX_BYTES
from .models import Cohort, CoursePage, Enrolment, Organisation
from .organisations import cohorts_for, organisations_for, people_for, scope_for

User = get_user_model()


def supervisors_queryset(actor=None):
    """Active supervisors; for a programme admin (`actor`), those of their organisations."""
    supervisors = User.objects.filter(groups__name=roles.SUPERVISOR, is_active=True)
    if actor is not None:
        supervisors = people_for(actor, supervisors)
    return supervisors.distinct().order_by("full_name", "email")


class SupervisorChoiceField(forms.ModelChoiceField):
    """People with the Supervisor role, shown with their email so namesakes differ."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", supervisors_queryset())
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return f"{obj.full_name} <{obj.email}>"


class SupervisorsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} <{obj.email}>"


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


def live_courses():
    return CoursePage.objects.live().order_by("title")


class CohortForm(BadInputMixin, WagtailAdminModelForm):
    """A cohort: its organisation, a live course, a name, dates and the supervisors who look
    after it. A programme admin picks among their own organisations and supervisors."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation")
    )
    course = CourseChoiceField(queryset=CoursePage.objects.none(), label=_("Course"))
    supervisors = SupervisorsField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Supervisors"),
        help_text=_("Only people with the Supervisor role are listed."),
    )

    class Meta:
        model = Cohort
        fields = ["organisation", "course", "name", "starts_on", "ends_on", "supervisors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.for_user
        organisations = organisations_for(actor) if actor is not None else Organisation.objects
        field = self.fields["organisation"]
        field.queryset = organisations.order_by("name")
        choices = list(field.queryset[:2])
        # Someone who runs one organisation is not asked which.
        self.only_organisation = choices[0] if len(choices) == 1 else None
        if self.only_organisation is not None:
            field.required = False
            field.widget = forms.HiddenInput()
        courses = live_courses()
        if self.instance.pk and self.instance.course_id:
            # A cohort keeps its course even if the course was unpublished later.
            courses = CoursePage.objects.filter(pk=self.instance.course_id) | courses
        self.fields["course"].queryset = courses.order_by("title")
        self.fields["supervisors"].queryset = supervisors_queryset(actor)

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self.only_organisation

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on",
                _("The cohort must end on or after its start date (%(start)s).")
                % {"start": starts_on.isoformat()},
            )
        course, name = cleaned.get("course"), cleaned.get("name")
        if course and name:
            clash = Cohort.objects.filter(course=course, name__iexact=name.strip())
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "name",
                    _("%(course)s already has a cohort called “%(name)s”.")
                    % {"course": course.title, "name": name},
                )
        return cleaned


class OrganisationForm(BadInputMixin, WagtailAdminModelForm):
    """An organisation's name and programme admins (only people with that role)."""

    admins = SupervisorsField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Programme admins"),
        help_text=_("People with the Programme admin role who run this organisation."),
    )

    class Meta:
        model = Organisation
        fields = ["name", "admins"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["admins"].queryset = (
            User.objects.filter(groups__name=roles.PROGRAMME_ADMIN, is_active=True)
            .distinct()
            .order_by("full_name", "email")
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Organisation.objects.filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another organisation already has this name."))
        return name


class EnrolmentEditForm(BadInputMixin, WagtailAdminModelForm):
    """Move an enrolment to another cohort of the same course, or withdraw it."""

    class Meta:
        model = Enrolment
        fields = ["cohort", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cohorts = Cohort.objects.filter(course_id=self.instance.course_id)
        if self.for_user is not None:
            cohorts = cohorts_for(self.for_user, cohorts)
        self.fields["cohort"].queryset = cohorts.order_by("-starts_on", "name")
        self.fields["cohort"].help_text = _("Only cohorts of this enrolment's course.")


def _cohort_choices(field, actor) -> None:
    """Cohorts (with their course) an actor may enrol into: their organisations'."""
    cohorts = Cohort.objects.select_related("course").order_by("-starts_on", "name")
    field.queryset = cohorts_for(actor, cohorts) if actor is not None else cohorts
    field.label_from_instance = lambda c: f"{c.name} ({c.course.title})"


class EnrolForm(BadInputMixin, forms.Form):
    """Enrol one person: an existing account by email, or a new one with a full name."""

    email = forms.EmailField(label=_("Email"))
    full_name = forms.CharField(
        label=_("Full name"),
        required=False,
        max_length=FULL_NAME_MAX_LENGTH,
        help_text=_(
            "Needed only if the person has no account yet: one is created and they are "
            "emailed a link to set a password."
        ),
    )
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.none(),
        required=False,
        help_text=_("Optional. Leave empty and choose a course to enrol without a cohort."),
    )
    course = CourseChoiceField(
        label=_("Course"),
        queryset=CoursePage.objects.none(),
        required=False,
        help_text=_("Needed only without a cohort; a cohort sets the course."),
    )
    supervisor = SupervisorChoiceField(label=_("Supervisor"), required=False)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        _cohort_choices(self.fields["cohort"], actor)
        self.fields["course"].queryset = live_courses()
        self.fields["supervisor"].queryset = supervisors_queryset(actor)
        # An enrolment without a cohort belongs to the home organisation
        # (courses/organisations.py), so an admin of other organisations names a cohort.
        scope = scope_for(actor) if actor is not None else None
        self.cohort_required = scope is not None and not (scope.national or scope.home)
        if self.cohort_required:
            self.fields["cohort"].required = True
            self.fields["cohort"].help_text = _("Your organisations' cohorts.")
            self.fields["course"].widget = forms.HiddenInput()
        self.existing_user = None

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        self.existing_user = User.objects.filter(email__iexact=email).first()
        return email

    def clean_full_name(self):
        return " ".join(self.cleaned_data.get("full_name", "").split())

    def clean(self):
        cleaned = super().clean()
        cohort, course = cleaned.get("cohort"), cleaned.get("course")
        if cohort is None and course is None and not self.has_error("cohort"):
            self.add_error("course", _("Choose a cohort or a course."))
        elif cohort is not None and course is not None and cohort.course_id != course.pk:
            self.add_error("cohort", _("That cohort belongs to another course."))
        if cohort is not None:
            cleaned["course"] = cohort.course
        if "email" in cleaned and self.existing_user is None and not cleaned.get("full_name"):
            self.add_error(
                "full_name",
                _("No account has this email yet. Give the person's full name to create one."),
            )
        supervisor = cleaned.get("supervisor")
        if supervisor is not None and supervisor.email == cleaned.get("email"):
            self.add_error("supervisor", _("A trainee cannot supervise themselves."))
        return cleaned


class EnrolmentImportForm(BadInputMixin, forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.none(),
        help_text=_("Everyone in the file is enrolled in this cohort and its course."),
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV, at most %(kb)s kB, with the header row: email, full name, supervisor "
            "email. The supervisor email may be empty."
        )
        % {"kb": MAX_BYTES // 1000},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        _cohort_choices(self.fields["cohort"], actor)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(kb)s kB. Split it into smaller files.")
                % {"kb": MAX_BYTES // 1000}
            )
        return upload


class SupervisorAssignForm(BadInputMixin, forms.Form):
    supervisor = SupervisorChoiceField(label=_("Supervisor"))

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors_queryset(actor)
