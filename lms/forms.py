"""Forms people fill in about themselves: sign-up and profile."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .form_input import BadInputMixin

User = get_user_model()
FULL_NAME_MAX = User._meta.get_field("full_name").max_length
# The field strips whitespace first, so an empty or blank name fails as "required" before
# clean_full_name runs: both paths must say the same thing.
FULL_NAME_REQUIRED = _("Please enter your full name.")


def _clean_full_name(value: str) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise forms.ValidationError(FULL_NAME_REQUIRED, code="required")
    return value


class SignupForm(BadInputMixin, AllauthSignupForm):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=FULL_NAME_MAX,
        error_messages={"required": FULL_NAME_REQUIRED},
        help_text=_("As it should appear on your certificate."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["full_name", "email", "password1", "password2"]

    def clean_full_name(self):
        return _clean_full_name(self.cleaned_data.get("full_name"))


class ProfileForm(BadInputMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language", "time_zone"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}
        error_messages = {"full_name": {"required": FULL_NAME_REQUIRED}}

    def clean_full_name(self):
        return _clean_full_name(self.cleaned_data.get("full_name"))
