"""Forms people fill in about themselves: sign-up, profile, and agreeing to the privacy
notice (at sign-up, on an invitation, or when a new version asks again)."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .consent import consent_agree, privacy_notice_in_force, privacy_notice_text
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


PRIVACY_REQUIRED = _("Please tick the box to agree to the privacy notice.")
PRIVACY_CHANGED = _(
    "The privacy notice changed while this page was open. Please read the new version and "
    "tick the box again."
)


class PrivacyAgreeMixin:
    """The box to agree to the privacy notice in force, when one is: its summary and a link
    to the whole notice beside it (`summary=False` where the page shows the whole notice),
    and a hidden field naming the version shown, so nobody agrees to a version they did not
    see. `privacy_agreement_record(person)` records the agreement."""

    privacy_notice = None
    privacy_text = None

    def privacy_fields_add(self, notice, language, *, summary: bool = True) -> None:
        self.privacy_notice = notice
        if notice is None:
            return
        self.privacy_text = privacy_notice_text(notice, language)
        help_text = None
        if summary and self.privacy_text is not None:
            help_text = format_html(
                '{} <a href="{}">{}</a>',
                self.privacy_text.summary,
                reverse("privacy_notice_version", args=[notice.version]),
                _("Read the whole privacy notice."),
            )
        self.fields["privacy_agree"] = forms.BooleanField(
            label=_("I have read the privacy notice and I agree to it."),
            help_text=help_text,
            error_messages={"required": PRIVACY_REQUIRED},
        )
        self.fields["privacy_version"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=notice.version, required=False
        )

    def clean(self):
        cleaned = super().clean()
        notice = self.privacy_notice
        if notice is not None and cleaned.get("privacy_version") != notice.version:
            self.add_error("privacy_agree", PRIVACY_CHANGED)
            # Shown again with the version now in force, so the next submit can agree to it.
            data = self.data.copy()
            data[self.add_prefix("privacy_version")] = str(notice.version)
            self.data = data
        return cleaned

    def privacy_agreement_record(self, person):
        if self.privacy_notice is None:
            return None
        language = self.privacy_text.language if self.privacy_text else translation.get_language()
        consent, _created = consent_agree(
            person=person, notice=self.privacy_notice, language=language
        )
        return consent


class PrivacyAgreeForm(PrivacyAgreeMixin, BadInputMixin, forms.Form):
    """The box on its own: the agreement page and the invitation page."""

    def __init__(self, *args, notice, language, summary: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.privacy_fields_add(notice, language, summary=summary)


class SignupForm(PrivacyAgreeMixin, BadInputMixin, AllauthSignupForm):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=FULL_NAME_MAX,
        error_messages={"required": FULL_NAME_REQUIRED},
        help_text=_("As it should appear on your certificate."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["full_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Last, after the password: the notice in force, in the language of the page.
        self.privacy_fields_add(privacy_notice_in_force(), translation.get_language())

    def clean_full_name(self):
        return _clean_full_name(self.cleaned_data.get("full_name"))

    def save(self, request):
        # The account and the agreement to the notice in one transaction: neither without
        # the other.
        with transaction.atomic():
            user = super().save(request)
            self.privacy_agreement_record(user)
        return user


class ProfileForm(BadInputMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language", "time_zone"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}
        error_messages = {"full_name": {"required": FULL_NAME_REQUIRED}}

    def clean_full_name(self):
        return _clean_full_name(self.cleaned_data.get("full_name"))
