"""GIFT in the Wagtail admin: upload a Moodle file into a question bank, download a bank.

Both views call `assessments.quizzes.gift_import`, as `manage.py import_gift` and `export_gift` do,
so
the screen and the commands accept and refuse the same files. Only people who may add
questions (`assessments.add_question`) reach them; everyone else gets a 403.

Upload size: Django keeps file uploads out of `DATA_UPLOAD_MAX_MEMORY_SIZE` (that limit is for
the other form fields) and streams files above `FILE_UPLOAD_MAX_MEMORY_SIZE` to a temporary
file, so a 20 MB upload reaches the form, which reads `UploadedFile.size` and refuses it
before reading its content. A proxy in front of the site may refuse large bodies earlier.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from assessments.models import QuestionBank
from assessments.quizzes.gift import GiftError
from assessments.quizzes.gift_import import MAX_BYTES, bank_export_gift, gift_import
from lms.converters import is_id
from lms.form_input import BadInputMixin

PERMISSION = "assessments.add_question"


def can_import(user) -> bool:
    return user.is_active and user.has_perm(PERMISSION)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}"


class GiftImportForm(BadInputMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("GIFT file"),
        # The service's own message for an empty file is the one the command prints too.
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.gift,text/plain"}),
    )
    bank = forms.ModelChoiceField(
        label=gettext_lazy("Existing question bank"),
        queryset=QuestionBank.objects.none(),
        required=False,
        empty_label=gettext_lazy("— a new bank, named below —"),
    )
    new_bank_name = forms.CharField(
        label=gettext_lazy("Or a new bank's name"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Leave empty when you chose an existing bank."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = QuestionBank.objects.order_by("name")
        # Built per form, so that it is in the editor's language.
        self.fields["file"].help_text = _(
            "A UTF-8 text file in Moodle's GIFT format, at most %(mb)s MB."
        ) % {"mb": _megabytes(MAX_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The size comes from the upload itself, so a huge file is never read into memory.
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s MB; GIFT files of at most %(max)s MB are accepted. "
                    "Split it into smaller files and upload them one by one."
                )
                % {"size": _megabytes(upload.size), "max": _megabytes(MAX_BYTES)}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        bank = cleaned.get("bank")
        name = (cleaned.get("new_bank_name") or "").strip()
        if bank and name:
            raise forms.ValidationError(
                _("Choose an existing bank or name a new one, not both."), code="both"
            )
        if not bank and not name and "bank" not in self.errors:
            raise forms.ValidationError(
                _("Choose the bank to import into, or name a new one."), code="no_bank"
            )
        cleaned["bank_name"] = bank.name if bank else name
        return cleaned


class _GiftView(WagtailAdminTemplateMixin, View):
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class GiftImportView(_GiftView):
    """The upload form; on failure every problem is listed with its line, nothing saved."""

    template_name = "assessments/admin/gift_import.html"
    page_title = gettext_lazy("Import questions")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request):
        initial = {}
        if is_id(bank_id := request.GET.get("bank", "")):
            initial["bank"] = bank_id
        return self.render(GiftImportForm(initial=initial))

    def post(self, request):
        form = GiftImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            result = gift_import(
                data=form.cleaned_data["file"].read(),
                bank_name=form.cleaned_data["bank_name"],
                by=request.user,
            )
        except GiftError as error:
            return self.render(form, problems=error.problems, status=400)
        message = ngettext(
            "%(count)s question imported into “%(bank)s” as a draft for clinical review.",
            "%(count)s questions imported into “%(bank)s” as drafts for clinical review.",
            result.count,
        ) % {"count": result.count, "bank": result.bank.name}
        details = ", ".join(f"{label}: {count}" for label, count in result.type_counts())
        messages.success(request, f"{message} {details}.")
        return redirect(reverse("gift_import:index") + f"?bank={result.bank.pk}")

    def render(self, form, *, problems=(), status=200):
        context = self.get_context_data(
            form=form,
            problems=list(problems),
            banks=QuestionBank.objects.order_by("name"),
            submit_button_label=_("Check and import"),
            submit_button_active_label=_("Importing…"),
            max_mb=_megabytes(MAX_BYTES),
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)


class GiftExportView(_GiftView):
    """A bank as a `.gift.txt` download."""

    def get(self, request, pk):
        bank = get_object_or_404(QuestionBank, pk=pk)
        try:
            text = bank_export_gift(bank=bank)
        except GiftError as error:
            for problem in error.problems:
                messages.error(request, problem.message)
            return redirect(reverse("gift_import:index") + f"?bank={bank.pk}")
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        filename = f"{slugify(bank.name) or 'questions'}.gift.txt"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class GiftImportViewSet(ViewSet):
    name = "gift_import"
    url_prefix = "gift"
    icon = "upload"
    menu_label = gettext_lazy("Import questions")
    # Shown inside the "Quizzes" menu group (admin/quizzes.QuizzesAdminGroup).
    menu_hook = "register_quizzes_menu_item"
    menu_order = 90

    @cached_property
    def menu_item_class(self):
        def is_shown(_self, request):
            return can_import(request.user)

        return type("GiftImportMenuItem", (MenuItem,), {"is_shown": is_shown})

    def get_urlpatterns(self):
        return [
            path("", GiftImportView.as_view(), name="index"),
            path("export/<id:pk>/", GiftExportView.as_view(), name="export"),
        ]
