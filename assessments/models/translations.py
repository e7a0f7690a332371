"""Quizzes in other languages: the translated text of a quiz, its questions and their parts.

A translation is text beside the source rows, never a copy: one row per (object, language),
so a quiz, its questions and its options keep one id in every language, and attempts,
grading, pass rules, random draws and item analysis stay whole. A translation reaches a
trainee only once a clinical reviewer has approved it, and only while the source text it was
approved against is unchanged: `source_digest` records that text, and the pages compare it
with the text they would show (`assessments.quizzes.translations`). Grading never reads
translated text, except that a translated accepted answer of a short answer question is one
more accepted answer (frozen into each new attempt's snapshot, like the English ones).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.questions import Question
from assessments.models.quizzes import Quiz


class TranslationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft, waiting for clinical review")
    APPROVED = "approved", _("Approved")


class TranslationBase(models.Model):
    """What every translated object has: its language, review state and the source it follows."""

    language = models.CharField(_("language"), max_length=15)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TranslationStatus.choices,
        default=TranslationStatus.DRAFT,
    )
    # A hash of the source text this translation was last written or approved against.
    source_digest = models.CharField(max_length=64, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_approved(self) -> bool:
        return self.status == TranslationStatus.APPROVED


class QuizTranslation(TranslationBase):
    # Its title shows on module pages, which are cached by content version: a save or delete
    # changes the version (courses/handlers.py), as a quiz's does.
    learner_content = True

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("title"), max_length=255, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("quiz translation")
        verbose_name_plural = _("quiz translations")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "language"], name="assessments_quiz_translation_unique"
            )
        ]

    def __str__(self):
        return f"{self.quiz} [{self.language}]"


class QuestionTranslation(TranslationBase):
    """A question's own text in one language; its options and pairs are `parts`."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="translations")
    prompt = models.TextField(_("prompt"), blank=True)
    general_feedback = models.TextField(_("general feedback"), blank=True)
    feedback_true = models.TextField(_("feedback when answered true"), blank=True)
    feedback_false = models.TextField(_("feedback when answered false"), blank=True)

    class Meta:
        verbose_name = _("question translation")
        verbose_name_plural = _("question translations")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "language"], name="assessments_question_translation_unique"
            )
        ]
        indexes = [
            models.Index(fields=["language", "status"], name="assess_qtrans_lang_status"),
        ]

    def __str__(self):
        return f"{self.question} [{self.language}]"


class QuestionPartTranslation(models.Model):
    """One option, accepted answer or matching pair of a question, in its translation's
    language. `part_id` is the source row's id; `kind` names its table, as the snapshot does."""

    class Kind(models.TextChoices):
        OPTION = "options", _("option")
        ACCEPTED_ANSWER = "accepted_answers", _("accepted answer")
        PAIR = "pairs", _("matching pair")

    translation = models.ForeignKey(
        QuestionTranslation, on_delete=models.CASCADE, related_name="parts"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    part_id = models.PositiveIntegerField()
    # An option's or accepted answer's text, or a matching pair's item.
    text = models.TextField(_("text"), blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    # A matching pair's answer, as the drop-down shows it (the value posted stays the source's).
    answer = models.CharField(_("matching answer"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("translated option")
        verbose_name_plural = _("translated options")
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "kind", "part_id"],
                name="assessments_question_part_translation_unique",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.part_id} [{self.translation.language}]"
