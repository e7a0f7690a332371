"""Forms for the supervisor's pages: the queue's filter and bulk approval, one log's decision,
a trainee's competency observations and sign-offs, and an essay's grade.

The rules (who may decide, which version, comment required to return or reject) live in
`assessments.practice.services`; these forms only check shape, so a refusal always carries
the service's own words. The attestation a supervisor ticks is written once, in
`assessments.practice.forms` (the demo's sign-offs use it too), and the view stores exactly
the text the page showed, so the sign-off records what was agreed to.
"""

import re
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import SignOff
from assessments.practice.forms import COMPETENCY_ATTESTATION, PRACTICE_ATTESTATION
from lms.form_input import BadInputMixin

# Ids arrive as form values; anything else is refused before it reaches a query.
ID_RE = re.compile(r"^\d{1,12}$")
# More than a page of rows cannot have come from the queue page.
BULK_LIMIT = 100


class SignatureMixin:
    """Adds the attestation checkbox (its label is the text in full) and the typed name."""

    attestation_text = PRACTICE_ATTESTATION

    def add_signature_fields(self):
        self.fields["attest"] = forms.BooleanField(
            label=self.attestation_text,
            required=True,
            error_messages={"required": gettext_lazy("Tick the box to agree to this statement.")},
        )
        self.fields["signature"] = forms.CharField(
            label=gettext_lazy("Your full name, as your signature"),
            max_length=150,
            error_messages={"required": gettext_lazy("Type your name as your signature.")},
            widget=forms.TextInput(attrs={"autocomplete": "name"}),
        )

    @property
    def attestation(self) -> str:
        """The statement exactly as the page showed it, in the supervisor's language."""
        return str(self.attestation_text)


class QueueFilterForm(BadInputMixin, forms.Form):
    """Narrow the queue to one trainee or one category. Unknown values are ignored, as a
    stale bookmark should still show the queue."""

    trainee = forms.TypedChoiceField(
        label=gettext_lazy("Trainee"), required=False, coerce=int, empty_value=None
    )
    category = forms.TypedChoiceField(
        label=gettext_lazy("Activity"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, trainees, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainee"].choices = [("", _("All trainees"))] + list(trainees)
        self.fields["category"].choices = [("", _("All activities"))] + list(categories)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"trainee_id": None, "category_id": None}
        return {
            "trainee_id": self.cleaned_data["trainee"],
            "category_id": self.cleaned_data["category"],
        }


class BulkApproveForm(BadInputMixin, SignatureMixin, forms.Form):
    """Approve the ticked rows of the queue with one attestation.

    Each row posts `log` (its id, when ticked) and `version-<id>` (the version the page
    showed), so every log is approved at the version the supervisor read.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_signature_fields()

    def clean(self):
        cleaned = super().clean()
        ids = self.data.getlist("log") if hasattr(self.data, "getlist") else []
        if not ids:
            raise forms.ValidationError(_("Select at least one log to approve."))
        if len(ids) > BULK_LIMIT or not all(ID_RE.match(value) for value in ids):
            raise forms.ValidationError(_("This selection did not come from the queue page."))
        selected = {}
        for value in ids:
            version = self.data.get(f"version-{value}", "")
            if not ID_RE.match(version):
                raise forms.ValidationError(
                    _("This page is out of date. Reload the queue and select again.")
                )
            selected[int(value)] = int(version)
        cleaned["selected"] = selected
        return cleaned


class DecisionForm(BadInputMixin, SignatureMixin, forms.Form):
    """One decision on the version of a log the page showed."""

    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            (SignOff.Decision.APPROVED, gettext_lazy("Approve")),
            (SignOff.Decision.CHANGES_REQUESTED, gettext_lazy("Request changes")),
            (SignOff.Decision.REJECTED, gettext_lazy("Reject")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose approve, request changes or reject.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment for the trainee"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Needed when you request changes or reject: say what to change, or why. The "
            "trainee sees it."
        ),
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            key: gettext_lazy("This page is out of date. Reload the log and decide again.")
            for key in ("required", "invalid", "min_value")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_signature_fields()


class ObservationForm(BadInputMixin, forms.Form):
    """An observation of one competency, rated on the course's scale. Prefixed, as it shares
    a page with the sign-off form."""

    prefix = "observe"

    competency = forms.TypedChoiceField(label=gettext_lazy("Competency"), coerce=int)
    observed_on = forms.DateField(
        label=gettext_lazy("Date observed"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Enter a date, such as 2026-03-14.")},
    )
    rating = forms.TypedChoiceField(
        label=gettext_lazy("Rating"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose a rating.")},
    )
    evidence = forms.CharField(
        label=gettext_lazy("Evidence"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "What you saw, de-identified: no names, phone numbers or email addresses of the "
            "people the trainee supported."
        ),
        error_messages={"required": gettext_lazy("Describe what you saw.")},
    )

    def __init__(self, *args, competencies, scale: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [("", _("Choose a competency"))] + list(competencies)
        self.fields["rating"].choices = [
            (index, label) for index, label in enumerate(scale, start=1)
        ]


class CompetencySignOffForm(BadInputMixin, SignatureMixin, forms.Form):
    """Sign off one competency the trainee has shown."""

    prefix = "sign_off"
    attestation_text = COMPETENCY_ATTESTATION

    competency = forms.TypedChoiceField(label=gettext_lazy("Competency to sign off"), coerce=int)
    comment = forms.CharField(
        label=gettext_lazy("Comment for the trainee (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [("", _("Choose a competency"))] + list(competencies)
        self.add_signature_fields()


class EssayGradeForm(BadInputMixin, forms.Form):
    """A supervisor's grade for one essay: points out of the question's, and a comment."""

    points = forms.DecimalField(
        label=gettext_lazy("Points"),
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=2,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment for the trainee"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("What went well, and what to think about next time."),
    )

    def __init__(self, *args, max_points: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_points = max_points
        field = self.fields["points"]
        field.max_value = max_points
        field.validators.append(MaxValueValidator(max_points))
        field.widget.attrs.update({"min": "0", "max": f"{max_points.normalize():f}", "step": "any"})
        field.help_text = gettext_lazy("From 0 to %(points)s.") % {
            "points": f"{max_points.normalize():f}"
        }
        for name, each in self.fields.items():
            each.widget.attrs["aria-describedby"] = f"id_{name}-help"
