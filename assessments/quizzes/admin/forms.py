"""Admin forms for authoring: a question with its option rows edited on the same form, and a
quiz that cannot be sent live with questions that cannot be asked.

Option rows belong to a question by a plain foreign key (the questions are polymorphic, so
Wagtail's InlinePanel and modelcluster do not apply). The form carries a Django inline formset
for validating what the editor typed row by row, and hands the rows to
`services.question_options_set`, which saves them all or none and enforces the rules of the
question's type. The view turns that service's refusal into a form error, so nothing the
editor typed is lost.
"""

from django import forms
from django.forms.models import inlineformset_factory
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from assessments.models import AcceptedAnswer, Question, Quiz, TrueFalseQuestion
from assessments.quizzes.services import PART_MODELS
from lms.form_input import BadInputMixin

# Blank rows offered below the existing ones, so an editor can add options without scripts.
EXTRA_ROWS_NEW = 4
EXTRA_ROWS_EXISTING = 2

_TEXTAREA = forms.Textarea(attrs={"rows": 2})


def parts_formset_class(question_model, *, extra: int):
    """The inline formset for a question type's rows, or None for a type without rows."""
    if question_model not in PART_MODELS:
        return None
    part_model, editable = PART_MODELS[question_model]
    # Option texts and feedback may run to a sentence or two; accepted answers are short.
    long_text = {"feedback", "prompt"} | ({"text"} if part_model is not AcceptedAnswer else set())
    widgets = {name: _TEXTAREA for name in editable if name in long_text}
    return inlineformset_factory(
        question_model,
        part_model,
        fields=editable,
        widgets=widgets,
        extra=extra,
        can_delete=True,
        can_order=True,
    )


class QuestionForm(BadInputMixin, WagtailAdminModelForm):
    """A question's own fields plus, for types that have them, its rows as `self.parts`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = type(self.instance)
        extra = EXTRA_ROWS_EXISTING if self.instance.pk else EXTRA_ROWS_NEW
        formset_class = parts_formset_class(model, extra=extra)
        self.parts = None
        if formset_class is not None:
            self.parts = formset_class(
                data=self.data if self.is_bound else None,
                instance=self.instance,
                prefix="parts",
            )

    def is_valid(self):
        valid = super().is_valid()
        if self.parts is not None:
            # Validate every row even when the question's own fields fail, so all errors show.
            valid = self.parts.is_valid() and valid
        return valid

    def has_changed(self):
        return super().has_changed() or bool(self.parts and self.parts.has_changed())

    def parts_data(self) -> list[dict]:
        """The rows as `question_options_set` takes them, in the order the editor set."""
        if self.parts is None:
            return []
        editable = PART_MODELS[type(self.instance)][1]
        rows = []
        for form in self.parts.ordered_forms:
            existing = form.cleaned_data.get("id")
            row = {"id": existing.pk if existing else None}
            row.update({name: form.cleaned_data.get(name) for name in editable})
            if row.get("feedback") is None and "feedback" in editable:
                row["feedback"] = ""
            rows.append(row)
        return rows

    def save(self, commit=True):
        question = self.instance
        # An approved question that is changed goes back to clinical review.
        if question.pk and question.status == Question.Status.APPROVED and self.has_changed():
            question.status = Question.Status.DRAFT
            question.approved_by = None
            question.approved_at = None
            self.sent_back_to_draft = True
        question = super().save(commit=commit)
        if commit and self.parts is not None:
            from assessments.quizzes.services import question_options_set

            question_options_set(question=question, options=self.parts_data())
        return question

    class Meta:
        exclude = ["status", "approved_by", "approved_at", "polymorphic_ctype"]


class TrueFalseQuestionForm(QuestionForm):
    correct_answer = forms.TypedChoiceField(
        label=_("Correct answer"),
        choices=[(True, _("True")), (False, _("False"))],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
    )

    class Meta(QuestionForm.Meta):
        model = TrueFalseQuestion


class QuizForm(BadInputMixin, WagtailAdminModelForm):
    """Refuses to submit or publish a quiz that could not be taken as it stands."""

    GOING_LIVE_ACTIONS = ("action-submit", "action-publish")

    def clean(self):
        cleaned = super().clean()
        # The database allows a question twice (see QuizQuestion.Meta); the form does not.
        formset = self.formsets.get("quiz_questions") if hasattr(self, "formsets") else None
        if formset is not None and formset.is_valid():
            seen = set()
            for form in formset.forms:
                data = getattr(form, "cleaned_data", {})
                question = data.get("question")
                if question is None or data.get("DELETE"):
                    continue
                if question.pk in seen:
                    self.add_error(
                        None,
                        _("“%(question)s” is listed twice (duplicate): list each question once.")
                        % {"question": question},
                    )
                seen.add(question.pk)
        if any(action in self.data for action in self.GOING_LIVE_ACTIONS):
            for problem in quiz_problems(self.instance, formsets=self.formsets):
                self.add_error(None, problem)
        return cleaned


def quiz_problems(quiz: Quiz, *, formsets=None) -> list[str]:
    """Why this quiz cannot go live: a fixed quiz needs questions, each one askable.

    With `formsets` (the bound edit form's), the questions are the ones the editor is about
    to save; otherwise the quiz's own (for a draft, from its latest revision).
    """
    from assessments.quizzes.selectors import question_problems, questions_with_parts

    selection = quiz.selection
    if selection != Quiz.Selection.FIXED:
        return []
    question_ids = []
    formset = (formsets or {}).get("quiz_questions")
    if formset is not None:
        formset.is_valid()  # the parent form is cleaned first; its rows may not be yet
        for form in formset.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            question = form.cleaned_data.get("question")
            if question is not None:
                question_ids.append(question.pk)
    else:
        question_ids = [row.question_id for row in quiz.quiz_questions.all()]
    if not question_ids:
        return [str(_("A quiz with a fixed list needs at least one question."))]
    questions = questions_with_parts(Question.objects.filter(pk__in=question_ids))
    problems = []
    for question in questions:
        for problem in question_problems(question):
            problems.append(
                str(_("“%(question)s”: %(problem)s")) % {"question": question, "problem": problem}
            )
    return problems
