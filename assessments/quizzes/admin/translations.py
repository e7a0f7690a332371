"""Translating a quiz in the admin: one page per quiz and language, the source text beside
the translation for the quiz, each question and each option, answer and pair.

Editors (who may change quizzes) write and save; a saved change goes back to Clinical review.
Clinical reviewers (who may approve questions) approve what is saved, and only a translation
someone else last edited, as in the page workflow, where a reviewer who edits needs a second
reviewer. Trainees see only approved translations (`assessments.quizzes.translations`).
`assessments/wagtail_hooks.py` registers the URL and the quiz listing's "Translate" buttons.
"""

from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.widgets.button import Button

from assessments.models import QuestionTranslation, Quiz, QuizTranslation, TranslationStatus
from assessments.quizzes import translations
from assessments.quizzes.admin.quizzes import QuizPageMixin
from assessments.quizzes.translations import (
    PART_FIELDS,
    QUESTION_FIELDS,
    TranslationRefused,
    question_digest,
    quiz_digest,
    texts_save,
    translations_approve,
)

EDIT_PERMISSION = "assessments.change_quiz"
# The clinical reviewer's permission, as for approving questions and quizzes.
APPROVE_PERMISSION = "assessments.approve_question"

_QUESTION_LABELS = {
    "prompt": gettext_lazy("Question"),
    "general_feedback": gettext_lazy("General feedback"),
    "feedback_true": gettext_lazy("Feedback when answered true"),
    "feedback_false": gettext_lazy("Feedback when answered false"),
}
_PART_LABELS = {
    ("options", "text"): gettext_lazy("Option %(n)s"),
    ("options", "feedback"): gettext_lazy("Feedback for option %(n)s"),
    ("accepted_answers", "text"): gettext_lazy("Accepted answer %(n)s"),
    ("accepted_answers", "feedback"): gettext_lazy("Feedback for answer %(n)s"),
    ("pairs", "prompt"): gettext_lazy("Item %(n)s"),
    ("pairs", "answer"): gettext_lazy("Its matching answer"),
}


def can_edit(user) -> bool:
    return user.has_perm(EDIT_PERMISSION)


def can_approve(user) -> bool:
    return user.has_perm(APPROVE_PERMISSION)


def _state(row, digest: str) -> str:
    """The translation's state in words, for the editor's and reviewer's page."""
    if row is None:
        return _("Not translated yet.")
    changed = row.source_digest != digest
    if row.status == TranslationStatus.APPROVED and not changed:
        return _("Approved: trainees see this translation.")
    if row.status == TranslationStatus.APPROVED:
        return _(
            "The English changed after approval: trainees see the English until a reviewer "
            "approves the translation again."
        )
    if changed:
        return _("Waiting for clinical review. The English changed since this was written.")
    return _("Waiting for clinical review.")


def _incomplete(snapshot: dict, row, digest: str, language: str) -> bool:
    """Whether the saved translation leaves a text the trainee reads untranslated."""
    text = {name: getattr(row, name) for name in QUESTION_FIELDS}
    text["digest"] = digest
    text["parts"] = {
        (p.kind, p.part_id): {"text": p.text, "feedback": p.feedback, "answer": p.answer}
        for p in row.parts.all()
    }
    shown = translations.localise_snapshot(snapshot, text, language)
    return bool(shown.get("_untranslated"))


def _field(name, label, source, value, *, multiline=True) -> dict:
    return {"name": name, "label": label, "source": source, "value": value, "multiline": multiline}


def translation_page(quiz: Quiz, language: str) -> dict:
    """What the translation page lists: the quiz's fields, then each question's with its
    parts, each beside its source text, and each object's state."""
    quiz_row = QuizTranslation.objects.filter(quiz=quiz, language=language).first()
    quiz_fields = [
        _field(
            "quiz-title",
            _("Title"),
            quiz.title,
            quiz_row.title if quiz_row else "",
            multiline=False,
        ),
        _field(
            "quiz-introduction",
            _("Introduction"),
            quiz.introduction,
            quiz_row.introduction if quiz_row else "",
        ),
    ]
    questions = translations.questions_to_translate(quiz)
    rows = {
        t.question_id: t
        for t in QuestionTranslation.objects.filter(
            question_id__in=[q.pk for q in questions], language=language
        ).prefetch_related("parts")
    }
    items = []
    for question in questions:
        snapshot = question.snapshot()
        row = rows.get(question.pk)
        parts = {(p.kind, p.part_id): p for p in row.parts.all()} if row else {}
        fields = [
            _field(
                f"q{question.pk}-{name}",
                _QUESTION_LABELS[name],
                snapshot[name],
                getattr(row, name, ""),
            )
            for name in QUESTION_FIELDS
            if snapshot.get(name)
        ]
        for kind, names in PART_FIELDS.items():
            for n, part in enumerate(snapshot.get(kind, ()), start=1):
                stored = parts.get((kind, part["id"]))
                for source_name, stored_name in names.items():
                    if part.get(source_name) or source_name in ("text", "prompt", "answer"):
                        fields.append(
                            _field(
                                f"q{question.pk}-{kind}-{part['id']}-{stored_name}",
                                _PART_LABELS[(kind, source_name)] % {"n": n},
                                part.get(source_name) or "",
                                getattr(stored, stored_name, ""),
                                multiline=kind != "pairs" or stored_name == "text",
                            )
                        )
        digest = question_digest(snapshot)
        state = _state(row, digest)
        if row is not None and _incomplete(snapshot, row, digest, language):
            state = (
                f"{state} {_('Some text is missing, so trainees see this question in English.')}"
            )
        items.append({"question": question, "fields": fields, "state": state, "row": row})
    return {
        "quiz_fields": quiz_fields,
        "quiz_state": _state(quiz_row, quiz_digest(quiz)),
        "quiz_row": quiz_row,
        "questions": items,
    }


def _posted(quiz: Quiz, data) -> tuple[dict, dict]:
    """The quiz's and each question's translated fields from the posted form, by source id."""
    quiz_fields = {name: data.get(f"quiz-{name}", "") for name in ("title", "introduction")}
    questions = {}
    for question in translations.questions_to_translate(quiz):
        snapshot = question.snapshot()
        prefix = f"q{question.pk}-"
        values = {name: data.get(prefix + name, "") for name in QUESTION_FIELDS}
        parts = {}
        for kind, names in PART_FIELDS.items():
            for part in snapshot.get(kind, ()):
                given = {
                    stored: data.get(f"{prefix}{kind}-{part['id']}-{stored}", "")
                    for stored in names.values()
                }
                parts[(kind, part["id"])] = given
        values["parts"] = parts
        questions[question.pk] = values
    return quiz_fields, questions


class QuizTranslateView(QuizPageMixin, View):
    template_name = "assessments/admin/quiz_translation.html"
    page_title = gettext_lazy("Translate quiz")
    header_icon = "globe"

    def dispatch(self, request, *args, pk, **kwargs):
        if not can_edit(request.user):
            return HttpResponseForbidden(_("You may not translate quizzes."))
        languages = translations.translation_languages()
        language = request.GET.get("language") or (languages[0][0] if languages else "")
        if translations.target_language(language) != language:
            raise Http404
        self.quiz = get_object_or_404(Quiz, pk=pk)
        self.language = language
        self.language_name = dict(translations.translation_languages())[language]
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return f"{self.quiz} → {self.language_name}"

    def get(self, request):
        context = self.get_context_data(
            quiz=self.quiz,
            language=self.language,
            language_name=self.language_name,
            can_approve=can_approve(request.user),
            **translation_page(self.quiz, self.language),
        )
        return TemplateResponse(request, self.template_name, context)

    def post(self, request):
        here = translate_url(self.quiz, self.language)
        if request.POST.get("action") == "approve":
            return self._approve(request, here)
        quiz_fields, questions = _posted(self.quiz, request.POST)
        try:
            changed = texts_save(
                quiz=self.quiz,
                language=self.language,
                quiz_fields=quiz_fields,
                questions=questions,
                by=request.user,
            )
        except TranslationRefused as error:
            messages.error(request, str(error))
            return redirect(here)
        if changed:
            messages.success(
                request,
                _("Translation saved. It now waits for clinical review before trainees see it."),
            )
        else:
            messages.success(request, _("Nothing changed."))
        return redirect(here)

    def _approve(self, request, here):
        if not can_approve(request.user):
            return HttpResponseForbidden(_("Only a clinical reviewer may approve a translation."))
        question_ids = [q.pk for q in translations.questions_to_translate(self.quiz)]
        own = (
            QuizTranslation.objects.filter(
                quiz=self.quiz, language=self.language, updated_by=request.user
            ).exists()
            or QuestionTranslation.objects.filter(
                question_id__in=question_ids, language=self.language, updated_by=request.user
            ).exists()
        )
        if own:
            messages.error(
                request,
                _("You edited this translation, so another clinical reviewer must approve it."),
            )
            return redirect(here)
        approved = translations_approve(quiz=self.quiz, language=self.language, by=request.user)
        messages.success(
            request,
            _("Translation approved (%(n)s parts of the quiz). Trainees see it now.")
            % {"n": approved},
        )
        return redirect(here)


def translate_url(quiz: Quiz, language: str) -> str:
    return f"{reverse('quiz_translate', args=[quiz.pk])}?language={language}"


def quiz_translation_urls():
    # Beside the quiz's regrade page; the language is a query parameter (?language=hi).
    return [
        path(
            "assessments/quizzes/translate/<int:pk>/",
            QuizTranslateView.as_view(),
            name="quiz_translate",
        )
    ]


def quiz_translation_buttons(snippet, user, next_url=None):
    """A "Translate into …" button per language on each quiz in the quiz listing."""
    if not isinstance(snippet, Quiz) or not can_edit(user):
        return []
    return [
        Button(
            _("Translate into %(language)s") % {"language": name},
            url=translate_url(snippet, code),
            icon_name="globe",
            priority=60,
        )
        for code, name in translations.translation_languages()
    ]
