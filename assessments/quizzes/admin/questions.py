"""Authoring questions in the Wagtail admin: question banks, categories, questions of every
type, and approving questions. Quizzes and the "Quizzes" menu are in `admin/quizzes.py`, the
question chooser in `admin/chooser.py`; `assessments/wagtail_hooks.py` registers them all.

Wagtail has no polymorphic viewset, so each question type has its own `ModelViewSet` (its
own form, with the option rows inline), and a "Questions" listing shows every type together
and sends "Add question" through a choice of type. Every write goes through
`assessments.quizzes.services`.
"""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
)
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from assessments.models import (
    EssayQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericalQuestion,
    Question,
    QuestionBank,
    QuestionCategory,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from assessments.quizzes.admin.forms import (
    QuestionForm,
    TrueFalseQuestionForm,
)
from assessments.quizzes.selectors import question_problems, questions_with_parts
from assessments.quizzes.services import AssessmentError, questions_approve
from lms.converters import IdModelChoiceFilter, is_id

APPROVE_PERMISSION = "assessments.approve_question"


def model_perm(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


# --- Option rows on the question form -------------------------------------------------------


class PartsPanel(Panel):
    """Shows the form's inline formset of option rows (see admin/forms.QuestionForm)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "assessments/admin/parts_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["formset"] = self.form.parts
            context["non_field_errors"] = self.form.non_field_errors()
            return context


_COMMON_PANELS = [
    FieldPanel("category"),
    FieldPanel("name"),
    FieldPanel("prompt"),
    FieldRowPanel([FieldPanel("points"), FieldPanel("text_format")]),
]
_FEEDBACK_PANEL = FieldPanel("general_feedback")


def _panels(*middle, parts_heading=None):
    panels = [*_COMMON_PANELS, *middle]
    if parts_heading:
        panels.append(PartsPanel(heading=parts_heading))
    panels.append(_FEEDBACK_PANEL)
    return panels


# Per type: url namespace, menu label, icon, form class, panels.
TYPE_VIEWS = {
    SingleChoiceQuestion: (
        "question_single_choice",
        gettext_lazy("Single choice"),
        "radio-full",
        QuestionForm,
        _panels(parts_heading=gettext_lazy("Options (exactly one correct)")),
    ),
    MultipleResponseQuestion: (
        "question_multiple_response",
        gettext_lazy("Multiple response"),
        "tasks",
        QuestionForm,
        _panels(parts_heading=gettext_lazy("Options (positive weights add up to 100 %)")),
    ),
    TrueFalseQuestion: (
        "question_true_false",
        gettext_lazy("True or false"),
        "tick-inverse",
        TrueFalseQuestionForm,
        _panels(
            FieldPanel("correct_answer"),
            FieldPanel("feedback_true"),
            FieldPanel("feedback_false"),
        ),
    ),
    ShortAnswerQuestion: (
        "question_short_answer",
        gettext_lazy("Short answer"),
        "edit",
        QuestionForm,
        _panels(parts_heading=gettext_lazy("Accepted answers (case and spacing are ignored)")),
    ),
    MatchingQuestion: (
        "question_matching",
        gettext_lazy("Matching"),
        "list-ul",
        QuestionForm,
        _panels(parts_heading=gettext_lazy("Pairs (at least two)")),
    ),
    NumericalQuestion: (
        "question_numerical",
        gettext_lazy("Numerical"),
        "decimal",
        QuestionForm,
        _panels(
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("answer"), FieldPanel("tolerance")]),
                    FieldRowPanel([FieldPanel("min_value"), FieldPanel("max_value")]),
                ],
                heading=gettext_lazy("Right answer: a number with a tolerance, or a range"),
            ),
        ),
    ),
    EssayQuestion: (
        "question_essay",
        gettext_lazy("Essay"),
        "doc-full",
        QuestionForm,
        _panels(FieldPanel("grader_info")),
    ),
}


def question_edit_url(question) -> str:
    namespace = TYPE_VIEWS[type(question)][0]
    return reverse(f"{namespace}:edit", args=[question.pk])


def _approve_url(*questions) -> str:
    query = "&".join(f"id={question.pk}" for question in questions)
    return reverse("questions:approve") + f"?{query}"


# --- One viewset per question type ----------------------------------------------------------


class QuestionFormViewMixin:
    """Saves the question and its rows together; the service's refusal becomes a form error."""

    def form_valid(self, form):
        creating = form.instance.pk is None
        try:
            return super().form_valid(form)
        except AssessmentError as error:
            if creating:
                # The transaction rolled back; the form must not think the row exists.
                form.instance.pk = None
                form.instance.id = None
                form.instance._state.adding = True
            form.add_error(None, error.message)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def save_action(self):
        if getattr(self.form, "sent_back_to_draft", False) and not self.expects_json_response:
            messages.warning(
                self.request,
                _("This question was approved; your change sends it back to clinical review."),
            )
        return super().save_action()


class QuestionCreateView(QuestionFormViewMixin, CreateView):
    pass


class QuestionEditView(QuestionFormViewMixin, EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.status == Question.Status.DRAFT and self.request.user.has_perm(
            APPROVE_PERMISSION
        ):
            buttons.append(
                Button(
                    _("Review and approve"),
                    url=_approve_url(self.object),
                    icon_name="success",
                    priority=5,
                )
            )
        return buttons

    def get_page_subtitle(self):
        return f"{self.object} ({self.object.get_status_display()})"


def status_label(question):
    return question.get_status_display()


def category_label(question):
    return str(question.category)


class QuestionTypeViewSet(ModelViewSet):
    """The create, edit and list views of one question type."""

    # A question type's primary key is its link to Question, so Wagtail would use `str`: a
    # number too large for the database would reach the lookup (a 500), not a 404.
    pk_path_converter = "id"
    add_view_class = QuestionCreateView
    edit_view_class = QuestionEditView
    copy_view_enabled = False
    in_menu = False
    list_per_page = 50
    search_fields = ["name", "prompt"]
    list_filter = ["category", "status"]
    list_display = [
        "name",
        Column("category", label=gettext_lazy("Category"), accessor=category_label),
        Column("status", label=gettext_lazy("Status"), accessor=status_label),
    ]

    def __init__(self, model):
        namespace, label, icon, form_class, panels = TYPE_VIEWS[model]
        self.model = model
        self.icon = icon
        self.menu_label = label
        self.edit_handler = ObjectList(panels, base_form_class=form_class)
        super().__init__(namespace)

    def get_queryset(self, request):
        return self.model.objects.select_related("category__bank")


# --- All questions together ------------------------------------------------------------------


def _type_choices():
    content_types = ContentType.objects.get_for_models(*TYPE_VIEWS)
    return [(content_types[model].pk, spec[1]) for model, spec in TYPE_VIEWS.items()]


class QuestionFilterSet(WagtailFilterSet):
    bank = IdModelChoiceFilter(
        field_name="category__bank",
        queryset=QuestionBank.objects.all(),
        label=gettext_lazy("Bank"),
    )
    category = IdModelChoiceFilter(
        queryset=QuestionCategory.objects.select_related("bank"),
        label=gettext_lazy("Category"),
    )
    type = django_filters.ChoiceFilter(
        field_name="polymorphic_ctype",
        choices=_type_choices,
        label=gettext_lazy("Type"),
    )

    class Meta:
        model = Question
        fields = ["bank", "category", "type", "status"]


def type_label(question):
    return TYPE_VIEWS[type(question)][1]


class QuestionIndexView(IndexView):
    add_item_label = gettext_lazy("Add question")

    def get_base_queryset(self):
        return Question.objects.select_related("category__bank")

    def get_edit_url(self, instance):
        if self.request.user.has_perm(model_perm(type(instance), "change")):
            return question_edit_url(instance)
        if self.request.user.has_perm(APPROVE_PERMISSION):
            return _approve_url(instance)
        return None

    def get_add_url(self):
        if any(self.request.user.has_perm(model_perm(model, "add")) for model in TYPE_VIEWS):
            return reverse("questions:add")
        return None

    def get_delete_url(self, instance):
        if self.request.user.has_perm(model_perm(type(instance), "delete")):
            return reverse(f"{TYPE_VIEWS[type(instance)][0]}:delete", args=[instance.pk])
        return None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == Question.Status.DRAFT and self.request.user.has_perm(
            APPROVE_PERMISSION
        ):
            buttons.append(
                MenuItem(
                    _("Review and approve"),
                    url=_approve_url(instance),
                    icon_name="success",
                    priority=5,
                )
            )
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.request.user.has_perm(APPROVE_PERMISSION):
            drafts = list(
                self.filter_queryset(self.get_base_queryset())
                .non_polymorphic()
                .filter(status=Question.Status.DRAFT)
                .values_list("pk", flat=True)[:100]
            )
            if drafts:
                query = "&".join(f"id={pk}" for pk in drafts)
                buttons.append(
                    Button(
                        _("Review and approve the drafts listed"),
                        url=reverse("questions:approve") + f"?{query}",
                        icon_name="success",
                        priority=30,
                    )
                )
        return buttons


class QuestionTypeChoiceView(WagtailAdminTemplateMixin, View):
    """'Add question' first asks which type; each type has its own form."""

    template_name = "assessments/admin/question_type_choice.html"
    page_title = gettext_lazy("Add question")
    header_icon = "help"

    def get(self, request):
        types = [
            {"label": spec[1], "icon": spec[2], "url": reverse(f"{spec[0]}:add"),
             "description": model._meta.verbose_name}
            for model, spec in TYPE_VIEWS.items()
            if request.user.has_perm(model_perm(model, "add"))
        ]  # fmt: skip
        if not types:
            raise PermissionDenied
        return TemplateResponse(request, self.template_name, self.get_context_data(types=types))

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("questions:index"), "label": _("Questions")},
            {"url": "", "label": self.get_page_title()},
        ]


def question_edit_redirect(request, pk):
    question = get_object_or_404(Question, pk=pk)
    return redirect(question_edit_url(question))


class QuestionApproveView(WagtailAdminTemplateMixin, View):
    """A clinical reviewer reads questions in full, key and feedback included, and approves."""

    template_name = "assessments/admin/question_approve.html"
    page_title = gettext_lazy("Review and approve questions")
    header_icon = "success"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(APPROVE_PERMISSION):
            raise PermissionDenied
        ids = [value for value in request.GET.getlist("id") if is_id(value)]
        if request.method == "POST":
            ids = [value for value in request.POST.getlist("id") if is_id(value)]
        self.questions = questions_with_parts(
            Question.objects.filter(pk__in=ids[:100]).select_related("category__bank")
        )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("questions:index"), "label": _("Questions")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request):
        rows = [
            {
                "question": question,
                "type": type_label(question),
                "kind": question.question_type,
                "weighted": isinstance(question, MultipleResponseQuestion),
                "parts": question.snapshot_parts(),
                "problems": question_problems(question),
            }
            for question in self.questions
        ]
        drafts = [q for q in self.questions if q.status == Question.Status.DRAFT]
        context = self.get_context_data(rows=rows, drafts=drafts)
        return TemplateResponse(request, self.template_name, context)

    def post(self, request):
        drafts = [q for q in self.questions if q.status == Question.Status.DRAFT]
        if not drafts:
            messages.warning(request, _("There were no draft questions to approve."))
            return redirect("questions:index")
        try:
            count = questions_approve(questions=drafts, by=request.user)
        except AssessmentError as error:
            messages.error(request, error.message)
            return redirect(_approve_url(*drafts))
        messages.success(
            request,
            _("%(count)s question(s) approved; quizzes may now ask them.") % {"count": count},
        )
        return redirect("questions:index")


class QuestionViewSet(ModelViewSet):
    """Every question, whatever its type; adding and editing go to the type's own views."""

    model = Question
    icon = "help"
    menu_label = gettext_lazy("Questions")
    index_view_class = QuestionIndexView
    copy_view_enabled = False
    list_per_page = 50
    search_fields = ["name", "prompt"]
    filterset_class = QuestionFilterSet
    form_fields = ["name"]  # never used: adding and editing happen per type
    list_display = [
        "name",
        Column("type", label=gettext_lazy("Type"), accessor=type_label),
        Column("category", label=gettext_lazy("Category"), accessor=category_label),
        Column("status", label=gettext_lazy("Status"), accessor=status_label),
    ]

    @property
    def add_view(self):
        return QuestionTypeChoiceView.as_view()

    @property
    def edit_view(self):
        return question_edit_redirect

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("approve/", QuestionApproveView.as_view(), name="approve"),
        ]


# --- Banks and categories --------------------------------------------------------------------


class QuestionBankViewSet(ModelViewSet):
    model = QuestionBank
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Question banks")
    form_fields = ["name", "description"]
    copy_view_enabled = False
    search_fields = ["name"]
    list_display = ["name", Column("category_count", label=gettext_lazy("Categories"))]

    def get_queryset(self, request):
        return QuestionBank.objects.annotate(category_count=Count("categories"))


class QuestionCategoryViewSet(ModelViewSet):
    model = QuestionCategory
    icon = "folder-inverse"
    menu_label = gettext_lazy("Question categories")
    form_fields = ["bank", "name", "description"]
    copy_view_enabled = False
    search_fields = ["name"]
    list_filter = ["bank"]
    list_display = [
        "name",
        Column("bank", label=gettext_lazy("Bank"), accessor="bank.name"),
        Column("question_count", label=gettext_lazy("Questions")),
    ]

    def get_queryset(self, request):
        return QuestionCategory.objects.select_related("bank").annotate(
            question_count=Count("questions")
        )
