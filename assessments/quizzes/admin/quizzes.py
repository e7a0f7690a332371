"""Quizzes in the Wagtail admin, and the "Quizzes" menu that holds the question screens too.

Quizzes are a snippet with drafts, revisions, preview, locking and the Clinical review
workflow, like lessons: editors submit, a reviewer who did not submit approves, and approving
a quiz approves the questions it asks. A quiz's editor can also regrade its attempts.
`assessments/wagtail_hooks.py` registers the snippet, the regrade URL and the review hooks.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import SnippetViewSet

from assessments.models import Attempt, Question, Quiz
from assessments.quizzes.admin.forms import QuizForm, quiz_problems
from assessments.quizzes.admin.questions import (
    TYPE_VIEWS,
    QuestionBankViewSet,
    QuestionCategoryViewSet,
    QuestionTypeViewSet,
    QuestionViewSet,
    model_perm,
)
from assessments.quizzes.services import AssessmentError, questions_approve, quiz_regrade


def _can_regrade(user) -> bool:
    return user.has_perm(model_perm(Quiz, "change"))


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


class QuizPageMixin(WagtailAdminTemplateMixin):
    """An admin page about one quiz (`self.quiz`): Quizzes → the quiz → this page."""

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


class QuizRegradeView(QuizPageMixin, View):
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

    def get(self, request):
        submitted = self.quiz.attempts.exclude(status=Attempt.Status.OPEN).count()
        context = self.get_context_data(
            quiz=self.quiz,
            submitted=submitted,
            cancel_url=reverse(Quiz.snippet_viewset.get_url_name("edit"), args=[self.quiz.pk]),
        )
        return TemplateResponse(request, self.template_name, context)

    def post(self, request):
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


def quiz_regrade_urls():
    """The regrade page's URL, for the `register_admin_urls` hook."""
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
        *(QuestionTypeViewSet(model) for model in TYPE_VIEWS),
    )

    def get_submenu_items(self):
        shown = [item for item in self.registerables if getattr(item, "in_menu", True)]
        return [item.get_menu_item(order=order) for order, item in enumerate(shown, start=1)]


# --- Clinical review of quizzes (the publish-only-through-review rule is courses/workflow.py) --


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


def approve_quiz_questions(obj, user):
    """Approving a quiz in Clinical review approves the questions it asks."""
    if not isinstance(obj, Quiz):
        return
    quiz = Quiz.objects.get(pk=obj.pk)  # the published state, rows included
    questions = quiz_questions_to_approve(quiz)
    if questions:
        questions_approve(questions=questions, by=user)
