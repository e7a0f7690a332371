"""Authoring in the Wagtail admin: question banks, categories, questions of every type, and
quizzes, in one "Quizzes" menu; approving questions; regrading a quiz's attempts.

Wagtail has no polymorphic viewset, so each question type has its own `ModelViewSet` (its
own form, with the option rows inline), and a "Questions" listing shows every type together
and sends "Add question" through a choice of type. Quizzes are a snippet with drafts,
revisions, preview, locking and the Clinical review workflow, like lessons: editors submit,
a reviewer who did not submit approves, and approving a quiz approves the questions it asks.
Every write goes through `assessments.quizzes.services`.
"""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    Panel,
)
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import SnippetViewSet

from assessments.models import (
    Attempt,
    EssayQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericalQuestion,
    Question,
    QuestionBank,
    QuestionCategory,
    Quiz,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from assessments.quizzes.admin.forms import (
    QuestionForm,
    QuizForm,
    TrueFalseQuestionForm,
    quiz_problems,
)
from assessments.quizzes.selectors import questions_with_parts
from assessments.quizzes.services import AssessmentError
from courses.models.workflow import REVIEW_APPROVED, REVIEW_REFUSALS
from lms.converters import IdModelChoiceFilter, is_id
from lms.form_input import BadInputMixin

APPROVE_PERMISSION = "assessments.approve_question"


def _perm(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


# --- Option rows on the question form -------------------------------------------------------


class PartsPanel(Panel):
    """Shows the form's inline formset of option rows (see admin_forms.QuestionForm)."""

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
QUESTION_TYPES = {
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
    namespace = QUESTION_TYPES[type(question)][0]
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


def _status(question):
    return question.get_status_display()


def _category(question):
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
        Column("category", label=gettext_lazy("Category"), accessor=_category),
        Column("status", label=gettext_lazy("Status"), accessor=_status),
    ]

    def __init__(self, model):
        namespace, label, icon, form_class, panels = QUESTION_TYPES[model]
        self.model = model
        self.icon = icon
        self.menu_label = label
        self.edit_handler = ObjectList(panels, base_form_class=form_class)
        super().__init__(namespace)

    def get_queryset(self, request):
        return self.model.objects.select_related("category__bank")


# --- All questions together ------------------------------------------------------------------


def _type_choices():
    content_types = ContentType.objects.get_for_models(*QUESTION_TYPES)
    return [(content_types[model].pk, spec[1]) for model, spec in QUESTION_TYPES.items()]


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


def _type_label(question):
    return QUESTION_TYPES[type(question)][1]


class QuestionIndexView(IndexView):
    add_item_label = gettext_lazy("Add question")

    def get_base_queryset(self):
        return Question.objects.select_related("category__bank")

    def get_edit_url(self, instance):
        if self.request.user.has_perm(_perm(type(instance), "change")):
            return question_edit_url(instance)
        if self.request.user.has_perm(APPROVE_PERMISSION):
            return _approve_url(instance)
        return None

    def get_add_url(self):
        if any(self.request.user.has_perm(_perm(model, "add")) for model in QUESTION_TYPES):
            return reverse("questions:add")
        return None

    def get_delete_url(self, instance):
        if self.request.user.has_perm(_perm(type(instance), "delete")):
            return reverse(f"{QUESTION_TYPES[type(instance)][0]}:delete", args=[instance.pk])
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
            for model, spec in QUESTION_TYPES.items()
            if request.user.has_perm(_perm(model, "add"))
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
        from assessments.quizzes.selectors import question_problems

        rows = [
            {
                "question": question,
                "type": _type_label(question),
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
        from assessments.quizzes.services import questions_approve

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
        Column("type", label=gettext_lazy("Type"), accessor=_type_label),
        Column("category", label=gettext_lazy("Category"), accessor=_category),
        Column("status", label=gettext_lazy("Status"), accessor=_status),
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


# --- Choosing a question for a quiz ----------------------------------------------------------


class QuestionChooserFilterForm(BadInputMixin, BaseFilterForm):
    q = forms.CharField(
        label=gettext_lazy("Search term"),
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Search")}),
        required=False,
    )
    category = forms.ModelChoiceField(
        queryset=QuestionCategory.objects.select_related("bank"),
        required=False,
        label=gettext_lazy("Category"),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        if search := self.cleaned_data.get("q"):
            objects = objects.filter(name__icontains=search) | objects.filter(
                prompt__icontains=search
            )
            self.is_searching = True
            self.search_query = search
        if category := self.cleaned_data.get("category"):
            objects = objects.filter(category=category)
        return objects


class QuestionChooseMixin:
    """Shows every question with its type and status: publishing a quiz is what approves."""

    filter_form_class = QuestionChooserFilterForm

    def get_object_list(self):
        return Question.objects.select_related("category__bank")

    @property
    def columns(self):
        return [
            self.title_column,
            Column("type", label=_("Type"), accessor=_type_label),
            Column("category", label=_("Category"), accessor=_category),
            Column("status", label=_("Status"), accessor=_status),
        ]


class QuestionChooseView(QuestionChooseMixin, ChooseView):
    pass


class QuestionChooseResultsView(QuestionChooseMixin, ChooseResultsView):
    pass


class QuestionChooserViewSet(ChooserViewSet):
    model = Question
    icon = "help"
    choose_one_text = gettext_lazy("Choose a question")
    choose_another_text = gettext_lazy("Choose another question")
    choose_view_class = QuestionChooseView
    choose_results_view_class = QuestionChooseResultsView
    per_page = 30


question_chooser_viewset = QuestionChooserViewSet("question_chooser")


@hooks.register("register_admin_viewset")
def register_question_chooser():
    return question_chooser_viewset


# --- Quizzes ---------------------------------------------------------------------------------


def _can_regrade(user) -> bool:
    return user.has_perm(_perm(Quiz, "change"))


class QuizEditView(SnippetEditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if _can_regrade(self.request.user):
            buttons.append(
                Button(
                    _("Regrade attempts"),
                    url=reverse("quiz_regrade", args=[self.object.pk]),
                    icon_name="resubmit",
                    priority=40,
                )
            )
        return buttons


class QuizRegradeView(WagtailAdminTemplateMixin, View):
    """Re-score a quiz's submitted attempts with the current answer key, after confirming."""

    template_name = "assessments/admin/quiz_regrade.html"
    page_title = gettext_lazy("Regrade attempts")
    header_icon = "resubmit"

    def dispatch(self, request, *args, pk, **kwargs):
        if not _can_regrade(request.user):
            raise PermissionDenied
        self.quiz = get_object_or_404(Quiz, pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.quiz)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(Quiz.snippet_viewset.get_url_name("list")), "label": _("Quizzes")},
            {
                "url": reverse(Quiz.snippet_viewset.get_url_name("edit"), args=[self.quiz.pk]),
                "label": str(self.quiz),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request):
        submitted = self.quiz.attempts.exclude(status=Attempt.Status.OPEN).count()
        context = self.get_context_data(
            quiz=self.quiz,
            submitted=submitted,
            cancel_url=reverse(Quiz.snippet_viewset.get_url_name("edit"), args=[self.quiz.pk]),
        )
        return TemplateResponse(request, self.template_name, context)

    def post(self, request):
        from assessments.quizzes.services import quiz_regrade

        edit_url = reverse(Quiz.snippet_viewset.get_url_name("edit"), args=[self.quiz.pk])
        try:
            regrade = quiz_regrade(quiz=self.quiz, by=request.user)
        except AssessmentError as error:
            messages.error(request, error.message)
            return redirect(edit_url)
        messages.success(
            request,
            _("%(regraded)s attempt(s) re-scored with the current answers; %(changed)s changed.")
            % {"regraded": regrade.attempts_regraded, "changed": regrade.attempts_changed},
        )
        return redirect(edit_url)


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "form"
    menu_label = gettext_lazy("Quizzes")
    base_url_path = "assessments/quizzes"
    edit_view_class = QuizEditView
    copy_view_enabled = False
    search_fields = ["title"]
    list_display = [
        "title",
        Column("module", label=gettext_lazy("Module"), accessor="module.title"),
    ]
    list_filter = ["selection", "live"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            PageChooserPanel("module", page_type="courses.ModulePage"),
            FieldPanel("introduction"),
            FieldPanel("required_to_continue"),
            MultiFieldPanel(
                [
                    FieldPanel("selection"),
                    FieldRowPanel([FieldPanel("draw_category"), FieldPanel("draw_count")]),
                    FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_options")]),
                ],
                heading=gettext_lazy("Which questions"),
            ),
            InlinePanel(
                "quiz_questions",
                panels=[FieldPanel("question")],
                heading=gettext_lazy("Questions, in order (for a fixed list)"),
                label=gettext_lazy("Question"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("max_attempts")]),
                    FieldRowPanel([FieldPanel("cooldown"), FieldPanel("grading")]),
                ],
                heading=gettext_lazy("Attempts"),
            ),
            MultiFieldPanel([FieldPanel("time_limit")], heading=gettext_lazy("Timing")),
            MultiFieldPanel([FieldPanel("feedback")], heading=gettext_lazy("Feedback")),
        ],
        base_form_class=QuizForm,
    )

    def get_queryset(self, request):
        return Quiz.objects.select_related("module")


@hooks.register("register_admin_urls")
def register_quiz_regrade_url():
    return [
        path(
            "assessments/quizzes/regrade/<id:pk>/",
            QuizRegradeView.as_view(),
            name="quiz_regrade",
        )
    ]


# --- The menu --------------------------------------------------------------------------------


class QuizzesAdminGroup(ViewSetGroup):
    """The "Quizzes" menu. Other parts of the quiz engine add items with the
    `register_quizzes_menu_item` hook; per-type question views are reached from Questions."""

    menu_label = gettext_lazy("Quizzes")
    menu_icon = "form"
    menu_order = 240
    submenu_hook = "register_quizzes_menu_item"
    items = (
        QuizViewSet,
        QuestionViewSet("questions"),
        QuestionBankViewSet("question_bank"),
        QuestionCategoryViewSet("question_category"),
        *(QuestionTypeViewSet(model) for model in QUESTION_TYPES),
    )

    def get_submenu_items(self):
        shown = [item for item in self.registerables if getattr(item, "in_menu", True)]
        return [item.get_menu_item(order=order) for order, item in enumerate(shown, start=1)]


register_snippet(QuizzesAdminGroup)


# --- Publishing quizzes goes through Clinical review -----------------------------------------


def _review_required(user, quiz=None) -> bool:
    """As for pages (courses.wagtail_hooks): only superusers publish without review."""
    if user.is_superuser:
        return False
    workflow = quiz.get_workflow() if quiz is not None else Quiz.get_default_workflow()
    return workflow is not None


@hooks.register("construct_snippet_action_menu")
def hide_direct_quiz_publish(menu_items, request, context):
    if context.get("model") is not Quiz:
        return
    if _review_required(request.user, context.get("instance")):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


def _refuse_direct_publish():
    return HttpResponseForbidden(
        _("Quizzes are published through Clinical review. Submit the quiz instead.")
    )


@hooks.register("before_create_snippet")
def refuse_direct_quiz_publish_on_create(request, model):
    publishing = request.method == "POST" and "action-publish" in request.POST
    if model is Quiz and publishing and _review_required(request.user):
        return _refuse_direct_publish()
    return None


@hooks.register("before_edit_snippet")
def refuse_direct_quiz_publish_on_edit(request, instance):
    publishing = request.method == "POST" and "action-publish" in request.POST
    if isinstance(instance, Quiz) and publishing and _review_required(request.user, instance):
        return _refuse_direct_publish()
    return None


@hooks.register(REVIEW_REFUSALS)
def quiz_review_refusals(obj) -> list[str]:
    """A reviewer cannot approve a quiz whose questions could not be asked."""
    if not isinstance(obj, Quiz):
        return []
    revision = obj.get_latest_revision()
    quiz = revision.as_object() if revision else obj
    return quiz_problems(quiz)


def quiz_questions_to_approve(quiz: Quiz):
    """The draft questions a live quiz may ask: its list, or its whole draw category."""
    if quiz.selection == Quiz.Selection.RANDOM:
        questions = Question.objects.filter(category_id=quiz.draw_category_id)
    else:
        questions = Question.objects.filter(quiz_uses__quiz=quiz)
    return list(questions.filter(status=Question.Status.DRAFT))


@hooks.register(REVIEW_APPROVED)
def approve_quiz_questions(obj, user):
    """Approving a quiz in Clinical review approves the questions it asks."""
    if not isinstance(obj, Quiz):
        return
    from assessments.quizzes.services import questions_approve

    quiz = Quiz.objects.get(pk=obj.pk)  # the published state, rows included
    questions = quiz_questions_to_approve(quiz)
    if questions:
        questions_approve(questions=questions, by=user)
