"""The dashboard's two forms: which cohort (only those of the reader's organisations), and
the filters and ordering of its trainees. Both are GET forms: a bad value is said next to its
field and the rest still applies."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.organisations import cohorts_for
from lms.form_input import BadInputMixin

from .dashboard import DEFAULT_SORT, SORTS

MAX_STALLED_DAYS = 3650


class CohortField(forms.ModelChoiceField):
    def label_from_instance(self, cohort):
        return _("%(cohort)s (%(course)s, %(organisation)s)") % {
            "cohort": cohort.name,
            "course": cohort.course.title,
            "organisation": cohort.organisation.name,
        }


class CohortChoiceForm(BadInputMixin, forms.Form):
    cohort = CohortField(queryset=None, label=_("Cohort"), empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = (
            cohorts_for(user)
            .select_related("course", "organisation")
            .order_by("-starts_on", "name", "pk")
        )


class ProgressFilterForm(BadInputMixin, forms.Form):
    q = forms.CharField(label=_("Name or email"), required=False, max_length=150)
    stalled = forms.IntegerField(
        label=_("Stalled: no activity for at least this many days"),
        required=False,
        min_value=1,
        max_value=MAX_STALLED_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_(
            "Leave empty to show every trainee. Certified trainees never count as stalled."
        ),
    )
    waiting = forms.BooleanField(label=_("Waiting on the supervisor"), required=False)
    one_left = forms.BooleanField(label=_("Ready but for one rule"), required=False)
    sort = forms.ChoiceField(
        required=False,
        choices=[(key, key) for name in SORTS for key in (name, f"-{name}")],
        widget=forms.HiddenInput,
    )

    def filters(self) -> dict:
        """The valid filters: a field with a bad value is left out (and says why)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "text": data.get("q") or "",
            "stalled_days": data.get("stalled"),
            "waiting": bool(data.get("waiting")),
            "one_left": bool(data.get("one_left")),
        }

    def sort_key(self) -> str:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("sort") or DEFAULT_SORT
