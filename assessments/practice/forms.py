"""The trainee's practice log form: what they type, shaped for `practice_log_create/update`.

The form checks only that each value has the right shape (a date, a time, whole numbers, one of
this course's categories). Every rule about what a log may be (no future dates, not before the
enrolment, the course's duration bounds, no overlap, no phone numbers or email addresses) lives
in `assessments.practice.services`, so the admin, a command and this page refuse the same things
with the
same words; the view shows the service's message above the form with everything typed kept.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from assessments.models import PracticeCategory, PracticeLog
from lms.durations import minutes_words
from lms.form_input import BadInputMixin

# What a supervisor agrees to when signing off; the sign-off stores the text the page showed.
# Written here, in the practice room, so the supervisor's forms and the demo share one copy.
PRACTICE_ATTESTATION = gettext_lazy(
    "I supervised or reviewed this practice and confirm this record is accurate to the best "
    "of my knowledge."
)
COMPETENCY_ATTESTATION = gettext_lazy(
    "I have seen this trainee show this competency in practice, and the observations behind "
    "this sign-off are accurate to the best of my knowledge."
)


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PracticeLogForm(BadInputMixin, forms.Form):
    """Date, start time, duration as hours and minutes, category, mode, description, reflection.

    Hours and minutes are two small boxes because "1 hour 30 minutes" is how people remember a
    session; the service receives their total in minutes. A category from another course (a
    forged POST) is not among the choices, so it is refused here with a message that says so.
    """

    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day the practice took place, in your own time zone."),
        error_messages={
            "required": _("Enter the date of the practice."),
            "invalid": _("Enter the date as year-month-day, e.g. 2026-03-14."),
        },
    )
    start = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Enter the time the practice started."),
            "invalid": _("Enter the start time as hours and minutes, e.g. 14:30."),
        },
    )
    hours = forms.IntegerField(
        label=_("Hours"),
        min_value=0,
        max_value=99,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the hours (0 if it was under an hour)."),
            "invalid": _("Enter the hours as a whole number."),
        },
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=0,
        max_value=59,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the minutes (0 for whole hours)."),
            "invalid": _("Enter the minutes as a whole number from 0 to 59."),
        },
    )
    category = CategoryChoiceField(
        label=_("Activity"),
        queryset=PracticeCategory.objects.none(),
        empty_label=_("Choose an activity"),
        error_messages={
            "invalid_choice": _("Choose one of this course's activities."),
            "required": _("Choose the kind of activity."),
        },
    )
    mode = forms.ChoiceField(
        label=_("How it took place"),
        choices=PracticeLog.Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the practice took place.")},
    )
    description = forms.CharField(
        label=_("What you did"),
        max_length=PracticeLog.DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Keep it de-identified: no names, phone numbers or email addresses, and nothing "
            "else that could tell someone who the person is. Your supervisor reads this."
        ),
        error_messages={"required": _("Describe the practice (without identifying anyone).")},
    )
    reflection = forms.CharField(
        label=_("Private reflection (optional)"),
        required=False,
        max_length=PracticeLog.REFLECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Only you see this. Your supervisor does not, and it is not part of your hours "
            "statement."
        ),
    )
    # The version the trainee opened, so an edit over a newer one is refused (edits only).
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, course_id: int, bounds: tuple[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = PracticeCategory.objects.filter(course_id=course_id)
        low, high = bounds
        self.duration_help = _("Between %(low)s and %(high)s.") % {
            "low": minutes_words(low),
            "high": minutes_words(high),
        }

    def clean(self):
        cleaned = super().clean()
        hours, minutes = cleaned.get("hours"), cleaned.get("minutes")
        if hours is not None and minutes is not None:
            cleaned["duration_minutes"] = hours * 60 + minutes
        return cleaned

    def service_kwargs(self) -> dict:
        """The cleaned values as `practice_log_create/update` take them."""
        data = self.cleaned_data
        return {
            "category": data["category"],
            "day": data["day"],
            "start": data["start"],
            "duration_minutes": data["duration_minutes"],
            "mode": data["mode"],
            "description": data["description"],
            "reflection": data.get("reflection") or "",
        }

    @classmethod
    def initial_for(cls, log: PracticeLog, zone) -> dict:
        """A log's values as the form shows them, with its start in the trainee's zone."""
        local = timezone.localtime(log.started_at, zone)
        hours, minutes = divmod(log.duration_minutes, 60)
        return {
            "day": local.date(),
            "start": local.time().replace(second=0, microsecond=0),
            "hours": hours,
            "minutes": minutes,
            "category": log.category_id,
            "mode": log.mode,
            "description": log.description,
            "reflection": log.reflection,
            "version": log.version,
        }
