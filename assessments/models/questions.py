"""Questions: one polymorphic base with the shared fields, one subclass per type.

Each subclass says how it looks as asked (`snapshot_parts`); everything else a type does
differently (grading, reading a posted answer, GIFT) is its class in
`assessments/quizzes/question_types/`, found by `question_type` (`Question.kind`). Grading
goes through the pure `grade_snapshot`, so a live question and a stored snapshot grade the
same way. Options,
accepted answers and matching pairs are rows with stable ids, which a snapshot records, so a
response names an option by id and an option edited or removed later cannot change what a
past attempt was asked.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from polymorphic.managers import PolymorphicManager
from polymorphic.models import PolymorphicModel

from assessments.models.banks import QuestionCategory
from assessments.quizzes.grading import SNAPSHOT_VERSION, Grade, grade_snapshot
from assessments.quizzes.question_types.base import QuestionType
from assessments.quizzes.question_types.registry import question_type_for


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


class Question(PolymorphicModel):
    """What every question has: a prompt, points, general feedback, and a bank category.

    Fetching questions of mixed types costs one query plus one per type present; use
    `selectors.questions_with_parts` to load their options too, and `non_polymorphic()`
    for counts.
    """

    objects = PolymorphicManager()

    # Key in snapshots and in the question-type registry; set by every subclass.
    question_type = ""
    # Reverse relations that snapshot() reads, for prefetching by type.
    part_relations: tuple[str, ...] = ()

    category = models.ForeignKey(
        QuestionCategory,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("category"),
    )
    name = models.CharField(
        _("name"), max_length=255, help_text=_("A short label for editors; trainees never see it.")
    )
    prompt = models.TextField(_("prompt"), help_text=_("The question as the trainee reads it."))
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    general_feedback = models.TextField(
        _("general feedback"),
        blank=True,
        help_text=_("Shown after answering, whatever the answer, when the quiz allows feedback."),
    )

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft, waiting for clinical review")
        APPROVED = "approved", _("Approved")

    class TextFormat(models.TextChoices):
        PLAIN = "plain", _("Plain text")
        HTML = "html", _("HTML (sanitised)")

    text_format = models.CharField(
        _("text format"),
        max_length=8,
        choices=TextFormat.choices,
        default=TextFormat.PLAIN,
        help_text=_("How the prompt, options and feedback are written. HTML is sanitised."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        permissions = [("approve_question", "Can approve questions after clinical review")]
        indexes = [models.Index(fields=["category", "status"], name="assess_q_category_status")]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gt=0), name="assessments_question_points_positive"
            ),
        ]

    def __str__(self):
        return self.name

    def snapshot(self) -> dict:
        """Everything needed to show and regrade this question as it is now, JSON-safe."""
        return {
            "version": SNAPSHOT_VERSION,
            "type": self.question_type,
            "question_id": self.pk,
            "name": self.name,
            "prompt": self.prompt,
            "text_format": self.text_format,
            "points": str(self.points),
            "general_feedback": self.general_feedback,
            **self.snapshot_parts(),
        }

    def snapshot_parts(self) -> dict:
        raise NotImplementedError(f"{type(self).__name__} must describe its parts")

    @property
    def kind(self) -> QuestionType:
        """This question's type: how it grades, reads a posted answer, and moves through GIFT."""
        return question_type_for(self.question_type)

    def grade(self, response) -> Grade:
        """Grade a response against the question as it is now (the current key)."""
        return grade_snapshot(self.snapshot(), response)


class SingleChoiceQuestion(Question):
    """One right option among several, each with its own feedback; also "best response"."""

    question_type = "single_choice"
    part_relations = ("options",)

    class Meta:
        verbose_name = _("single choice question")
        verbose_name_plural = _("single choice questions")

    def snapshot_parts(self) -> dict:
        return {
            "options": [
                {
                    "id": option.pk,
                    "text": option.text,
                    "is_correct": option.is_correct,
                    "feedback": option.feedback,
                }
                for option in self.options.all()
            ]
        }


class MultipleResponseQuestion(Question):
    """Several options may be chosen; each carries a weight in percent, negative to penalise.

    The score is the sum of the chosen weights, never below 0 % nor above 100 %.
    """

    question_type = "multiple_response"
    part_relations = ("options",)

    class Meta:
        verbose_name = _("multiple response question")
        verbose_name_plural = _("multiple response questions")

    def snapshot_parts(self) -> dict:
        return {
            "options": [
                {
                    "id": option.pk,
                    "text": option.text,
                    "weight": str(option.weight),
                    "feedback": option.feedback,
                }
                for option in self.options.all()
            ]
        }


class TrueFalseQuestion(Question):
    question_type = "true_false"

    correct_answer = models.BooleanField(_("correct answer"))
    feedback_true = models.TextField(_("feedback when answered true"), blank=True)
    feedback_false = models.TextField(_("feedback when answered false"), blank=True)

    class Meta:
        verbose_name = _("true/false question")
        verbose_name_plural = _("true/false questions")

    def snapshot_parts(self) -> dict:
        return {
            "correct_answer": self.correct_answer,
            "feedback_true": self.feedback_true,
            "feedback_false": self.feedback_false,
        }


class ShortAnswerQuestion(Question):
    """A typed answer, right if it matches any accepted answer ignoring case and spacing."""

    question_type = "short_answer"
    part_relations = ("accepted_answers",)

    class Meta:
        verbose_name = _("short answer question")
        verbose_name_plural = _("short answer questions")

    def snapshot_parts(self) -> dict:
        return {
            "accepted_answers": [
                {"id": answer.pk, "text": answer.text, "feedback": answer.feedback}
                for answer in self.accepted_answers.all()
            ]
        }


class MatchingQuestion(Question):
    """Match each item to an answer; the score is the fraction matched rightly."""

    question_type = "matching"
    part_relations = ("pairs",)

    class Meta:
        verbose_name = _("matching question")
        verbose_name_plural = _("matching questions")

    def snapshot_parts(self) -> dict:
        pairs = list(self.pairs.all())
        return {
            "pairs": [
                {"id": pair.pk, "prompt": pair.prompt, "answer": pair.answer} for pair in pairs
            ],
            # The choices offered for every item, in an order that does not give pairs away.
            "answers": sorted({pair.answer for pair in pairs}),
        }


class NumericalQuestion(Question):
    """A number, right within `answer ± tolerance` or within `min_value..max_value` (inclusive)."""

    question_type = "numerical"

    answer = models.DecimalField(
        _("answer"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    min_value = models.DecimalField(
        _("lowest right answer"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("highest right answer"), max_digits=20, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("numerical question")
        verbose_name_plural = _("numerical questions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        answer__isnull=False,
                        # Spelled out: a CHECK passes when its condition is NULL.
                        tolerance__isnull=False,
                        tolerance__gte=0,
                        min_value__isnull=True,
                        max_value__isnull=True,
                    )
                    | Q(
                        answer__isnull=True,
                        tolerance__isnull=True,
                        min_value__isnull=False,
                        max_value__isnull=False,
                        min_value__lte=F("max_value"),
                    )
                ),
                name="assessments_numerical_tolerance_xor_range",
                violation_error_message=_(
                    "Give either an answer with a tolerance of 0 or more, or a lowest and a "
                    "highest right answer, not both."
                ),
            ),
        ]

    def clean(self):
        super().clean()
        by_answer = self.answer is not None or self.tolerance is not None
        by_range = self.min_value is not None or self.max_value is not None
        if by_answer and by_range:
            raise ValidationError(_("Give an answer with a tolerance, or a range, not both."))
        if by_answer and (self.answer is None or self.tolerance is None):
            raise ValidationError(_("An answer needs a tolerance (0 for an exact answer)."))
        if by_range and (self.min_value is None or self.max_value is None):
            raise ValidationError(_("A range needs both a lowest and a highest right answer."))
        if not (by_answer or by_range):
            raise ValidationError(_("Give an answer with a tolerance, or a range."))
        if by_range and self.min_value > self.max_value:
            raise ValidationError(_("The lowest right answer is above the highest."))

    def snapshot_parts(self) -> dict:
        return {
            "answer": _str(self.answer),
            "tolerance": _str(self.tolerance),
            "min_value": _str(self.min_value),
            "max_value": _str(self.max_value),
        }


class EssayQuestion(Question):
    """A written answer, graded by the trainee's supervisor with a score and a comment."""

    question_type = "essay"

    grader_info = models.TextField(
        _("guidance for the grader"),
        blank=True,
        help_text=_("What a good answer covers; shown to the supervisor, never to the trainee."),
    )

    class Meta:
        verbose_name = _("essay question")
        verbose_name_plural = _("essay questions")

    def snapshot_parts(self) -> dict:
        return {"grader_info": self.grader_info}


class QuestionPart(models.Model):
    """Shared shape of the rows a question is made of, kept in editor order."""

    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "id"]


class ChoiceOption(QuestionPart):
    question = models.ForeignKey(
        SingleChoiceQuestion, on_delete=models.CASCADE, related_name="options"
    )
    text = models.TextField(_("text"))
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta(QuestionPart.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self):
        return self.text


class WeightedOption(QuestionPart):
    question = models.ForeignKey(
        MultipleResponseQuestion, on_delete=models.CASCADE, related_name="options"
    )
    text = models.TextField(_("text"))
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=8,
        decimal_places=5,
        default=Decimal(0),
        help_text=_("Percent of the points for choosing it; negative to penalise a wrong choice."),
    )
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta(QuestionPart.Meta):
        verbose_name = _("weighted option")
        verbose_name_plural = _("weighted options")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=-100, weight__lte=100),
                name="assessments_weighted_option_weight_range",
                violation_error_message=_("A weight lies between -100 %% and 100 %%."),
            ),
        ]

    def __str__(self):
        return self.text


class AcceptedAnswer(QuestionPart):
    question = models.ForeignKey(
        ShortAnswerQuestion, on_delete=models.CASCADE, related_name="accepted_answers"
    )
    text = models.CharField(_("text"), max_length=255)
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta(QuestionPart.Meta):
        verbose_name = _("accepted answer")
        verbose_name_plural = _("accepted answers")

    def __str__(self):
        return self.text


class MatchingPair(QuestionPart):
    question = models.ForeignKey(MatchingQuestion, on_delete=models.CASCADE, related_name="pairs")
    prompt = models.TextField(_("item"))
    answer = models.CharField(_("matching answer"), max_length=255)

    class Meta(QuestionPart.Meta):
        verbose_name = _("matching pair")
        verbose_name_plural = _("matching pairs")

    def __str__(self):
        return f"{self.prompt} → {self.answer}"
