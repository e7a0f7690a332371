"""The privacy notice in the Wagtail admin: Settings → Privacy notices (lms.consent).

Content editors and national admins write a version (its text in English, and in any other
language of LANGUAGES as one more row), keep it as a draft or publish it. Publishing gives it
the next version number and makes it the notice in force: everyone signed in is asked to
agree to it on their next page. A published version is read-only (its page shows the text in
each language; Copy starts a new draft from it); only drafts are edited or deleted. Those
without the permissions are refused by Wagtail's own checks.
"""

from django import forms
from django.conf import settings
from django.db import IntegrityError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from .consent import PUBLISH_PERMISSION, ConsentError, privacy_notice_save
from .form_input import BadInputMixin
from .models import PrivacyNotice
from .protected_delete import ProtectedDeleteView
from .text import validate_no_control_characters


class PrivacyNoticeForm(BadInputMixin, WagtailAdminModelForm):
    publish = forms.BooleanField(
        label=gettext_lazy("Publish this version now"),
        required=False,
        help_text=gettext_lazy(
            "Once published it is the notice in force: everyone signed in is asked to agree to "
            "it on their next page, and it can no longer be changed (a correction is a new "
            "version). Leave unticked to keep a draft."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The texts' forms are Wagtail's own: they refuse control characters here too.
        for child in self.formsets["texts"].forms:
            for field in child.fields.values():
                if isinstance(field, forms.CharField):
                    field.validators = [*field.validators, validate_no_control_characters]

    def is_valid(self):
        # The texts' own forms are checked after this form's clean(), so their languages are
        # read here, once each text is valid.
        if not super().is_valid():
            return False
        languages = [
            child.cleaned_data.get("language")
            for child in self.formsets["texts"].forms
            if child.cleaned_data and not child.cleaned_data.get("DELETE")
        ]
        names = dict(settings.LANGUAGES)
        repeated = sorted({language for language in languages if languages.count(language) > 1})
        if repeated:
            self.add_error(
                None,
                _("Each language has one text: %(languages)s is there more than once.")
                % {"languages": ", ".join(names.get(code, code) for code in repeated)},
            )
        elif settings.LANGUAGE_CODE not in languages:
            self.add_error(
                None,
                _("Add the text in %(language)s: it is shown to everyone who reads no other.")
                % {"language": names.get(settings.LANGUAGE_CODE, settings.LANGUAGE_CODE)},
            )
        return not self.errors


class _SaveMixin:
    """Saves through lms.consent's service, which numbers and publishes."""

    def save_instance(self):
        notice = self.form.save(commit=False)
        publish = bool(self.form.cleaned_data.get("publish"))
        adding = notice.pk is None
        notice = privacy_notice_save(notice=notice, by=self.request.user, publish=publish)
        log(instance=notice, action="wagtail.create" if adding else "wagtail.edit")
        if publish:
            log(instance=notice, action="wagtail.publish")
        return notice

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ConsentError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        except IntegrityError:
            # Two texts in one language (a form sent twice, or by hand): nothing was saved.
            form.add_error(None, _("Each language has one text. Reload the page and try again."))
            return self.form_invalid(form)

    def get_success_message(self, *args):
        if self.object.published:
            return _("Version %(version)s of the privacy notice is published and in force.") % {
                "version": self.object.version
            }
        return _("The privacy notice draft is saved; it is not in force until published.")


class NoticeCreateView(_SaveMixin, CreateView):
    pass


class NoticeEditView(_SaveMixin, EditView):
    """Only drafts are edited; a published version opens read-only."""

    def dispatch(self, request, *args, **kwargs):
        # Those who may not change notices are refused by Wagtail's own check.
        if self.user_has_permission("change"):
            notice = self.get_object()
            if notice.published:
                messages.warning(
                    request,
                    _(
                        "Version %(version)s is published and people may have agreed to it, so "
                        "it is not changed. Copy it to write a new version."
                    )
                    % {"version": notice.version},
                )
                return redirect(self.inspect_url_name, notice.pk)
        return super().dispatch(request, *args, **kwargs)


class NoticeDeleteView(ProtectedDeleteView):
    """Drafts only: a published version is what people agreed to."""

    def in_use(self) -> bool:
        return self.object.published

    def refusal_message(self) -> str:
        return _("Version %(version)s is published, so it is kept.") % {
            "version": self.object.version
        }


class NoticeIndexView(IndexView):
    def get_base_queryset(self):
        return PrivacyNotice.objects.prefetch_related("texts")

    def get_edit_url(self, instance):
        return None if instance.published else super().get_edit_url(instance)

    def get_delete_url(self, instance):
        return None if instance.published else super().get_delete_url(instance)


class NoticeInspectView(InspectView):
    """A version as it reads, in each of its languages."""

    template_name = "lms/admin/privacy_notice_inspect.html"

    def get_edit_url(self):
        return None if self.object.published else super().get_edit_url()

    def get_delete_url(self):
        return None if self.object.published else super().get_delete_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        names = dict(settings.LANGUAGES)
        context["texts"] = [
            (names.get(text.language, text.language), text)
            for text in self.object.texts.order_by("language")
        ]
        context["public_url"] = (
            reverse("privacy_notice_version", args=[self.object.version])
            if self.object.published
            else None
        )
        return context


def _title(notice) -> str:
    texts = {text.language: text for text in notice.texts.all()}
    text = texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()), None)
    return text.title if text else str(notice)


def _state(notice) -> str:
    if not notice.published:
        return _("Draft")
    return _("Published %(when)s") % {
        "when": timezone.localtime(notice.published_at).strftime("%Y-%m-%d")
    }


def _languages(notice) -> str:
    names = dict(settings.LANGUAGES)
    return ", ".join(names.get(text.language, text.language) for text in notice.texts.all())


class PrivacyNoticeViewSet(ModelViewSet):
    model = PrivacyNotice
    icon = "lock"
    menu_label = gettext_lazy("Privacy notices")
    add_to_settings_menu = True
    index_view_class = NoticeIndexView
    add_view_class = NoticeCreateView
    edit_view_class = NoticeEditView
    delete_view_class = NoticeDeleteView
    inspect_view_class = NoticeInspectView
    inspect_view_enabled = True
    list_display = [
        Column("title", label=gettext_lazy("Title"), accessor=_title),
        Column("version", label=gettext_lazy("Version"), sort_key="version"),
        Column("state", label=gettext_lazy("State"), accessor=_state),
        Column("languages", label=gettext_lazy("Languages"), accessor=_languages),
    ]
    ordering = ["-created_at"]
    edit_handler = ObjectList(
        [
            InlinePanel(
                "texts",
                panels=[
                    FieldPanel("language"),
                    FieldPanel("title"),
                    FieldPanel("summary"),
                    FieldPanel("body"),
                ],
                heading=gettext_lazy("The notice, in each language (English first)"),
                label=gettext_lazy("Text in one language"),
                min_num=1,
            ),
            # Only for those who may publish (lms.roles: editors, national admins).
            FieldPanel("publish", permission=PUBLISH_PERMISSION),
        ],
        base_form_class=PrivacyNoticeForm,
    )
