"""Forms of the certificates app: the trainee's "I agree", the public verification form, and
the admin's revoke, regenerate and search forms, and the editors' wording and ethics forms."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.organisations import organisations_for
from courses.selectors import courses_for_choice
from lms.form_input import BadInputMixin

from .codes import InvalidCode, code_normalise
from .models import Certificate, CertificateWording, CodeOfEthics


class EthicsAcceptForm(BadInputMixin, forms.Form):
    """Names the version the trainee read, so a version published while the page was open is
    refused (the service compares it with the current one) instead of accepted unread."""

    ethics = forms.IntegerField(widget=forms.HiddenInput)


class VerifyForm(BadInputMixin, forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=40,
        help_text=_(
            "As printed on the certificate, for example 7KQ2-M9XD-4TBV-1R*. Capitals, spaces "
            "and dashes do not matter."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        try:
            return code_normalise(self.cleaned_data["code"])
        except InvalidCode as error:
            raise forms.ValidationError(str(error), code="invalid") from error


class RevokeForm(BadInputMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Kept in the certificate's history for programme admins. The public verification "
            "page shows only that it was revoked, and when."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I understand that anyone checking this certificate will see it is revoked."),
    )


class RegenerateForm(BadInputMixin, forms.Form):
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=courses_for_choice(), empty_label=None
    )


# Issued certificates whose rules did not all hold when last checked (`certificates.recheck`).
RULES_UNMET = "rules_unmet"

STATUS_FILTERS = [
    ("", _("Any status")),
    ("valid", _("Valid")),
    ("expiring_soon", _("Expiring soon")),
    ("expired", _("Expired")),
    (RULES_UNMET, _("Rules no longer hold")),
    (Certificate.Status.PENDING, _("Being prepared")),
    (Certificate.Status.REVOKED, _("Revoked")),
    (Certificate.Status.SUPERSEDED, _("Superseded")),
]


class CertificateFilterForm(BadInputMixin, forms.Form):
    q = forms.CharField(label=_("Code, name or course"), required=False, max_length=200, strip=True)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTERS, required=False)
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=courses_for_choice(),
        required=False,
        empty_label=_("Every course"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,  # the actor's organisations, in __init__
        required=False,
        empty_label=_("Every organisation"),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for(actor).order_by("name")
        # Only someone who works with several organisations chooses among them.
        self.several_organisations = len(self.fields["organisation"].queryset[:2]) > 1


class CertificateWordingForm(BadInputMixin, WagtailAdminModelForm):
    """The version is given on save (one more than the newest): editors never type it."""

    class Meta:
        model = CertificateWording
        fields = ["title", "statement", "signatory_line", "issuer_name", "logo"]


class CodeOfEthicsForm(BadInputMixin, WagtailAdminModelForm):
    publish = forms.BooleanField(
        label=_("Publish this version now"),
        required=False,
        help_text=_(
            "Once published, trainees must accept this version to be certified, and it can no "
            "longer be changed: a correction is a new version. Leave unticked to keep a draft."
        ),
    )

    class Meta:
        model = CodeOfEthics
        fields = ["course", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses_for_choice()
        if self.instance.pk:
            # A draft keeps its course: its version number counts within that course.
            self.fields["course"].disabled = True
