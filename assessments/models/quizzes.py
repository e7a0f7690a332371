"""Quizzes: what a module asks, how attempts are drawn and scored, and when feedback shows.

A quiz is a Wagtail snippet with drafts, revisions, previews and the Clinical review
workflow, like lessons. Its questions are `QuizQuestion` rows (a cluster, so a draft's list
lives in its revision and the database rows are the published list). Attempts read only the
published rows, so an editor's draft never reaches a trainee.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from assessments.models.banks import QuestionCategory


class Quiz(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, ClusterableModel
):
    """A module's quiz. Either a fixed list of questions or a random draw from a category."""

    # The course page's checklist caches each module's live quiz per content version: every
    # save or delete gives it a new one (courses/handlers.py).
    learner_content = True

    class Selection(models.TextChoices):
        FIXED = "fixed", _("A fixed list of questions")
        RANDOM = "random", _("A random draw from a category for each attempt")

    class Grading(models.TextChoices):
        HIGHEST = "highest", _("The highest-scoring attempt counts")
        LAST = "last", _("The last attempt counts")

    class Feedback(models.TextChoices):
        IMMEDIATELY = "immediately", _("Right after each attempt")
        AFTER_PASS = "after_pass", _("Once the trainee has passed")
        AFTER_LAST_ATTEMPT = "after_last_attempt", _("Once no attempts are left")
        NEVER = "never", _("Never")

    title = models.CharField(_("title"), max_length=255)
    module = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("module"),
        help_text=_("The module this quiz belongs to."),
    )
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown before the trainee starts.")
    )
    required_to_continue = models.BooleanField(
        _("must be passed to continue"),
        default=False,
        help_text=_("Later modules stay locked until the trainee passes this quiz."),
    )
    selection = models.CharField(
        _("questions"), max_length=10, choices=Selection.choices, default=Selection.FIXED
    )
    draw_category = models.ForeignKey(
        QuestionCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("category to draw from"),
    )
    draw_count = models.PositiveSmallIntegerField(
        _("questions to draw"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    shuffle_questions = models.BooleanField(_("shuffle the questions"), default=False)
    shuffle_options = models.BooleanField(_("shuffle the options"), default=True)
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(80),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    cooldown = models.DurationField(
        _("wait between attempts"),
        default=timedelta(0),
        help_text=_("For example 0:10:00 for ten minutes."),
    )
    time_limit = models.DurationField(
        _("time limit"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit. For example 0:20:00 for twenty minutes."),
    )
    grading = models.CharField(
        _("which attempt counts"), max_length=10, choices=Grading.choices, default=Grading.HIGHEST
    )
    feedback = models.CharField(
        _("when trainees see right answers and feedback"),
        max_length=20,
        choices=Feedback.choices,
        default=Feedback.IMMEDIATELY,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        permissions = [("view_quiz_report", "Can see quiz reports")]
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0, pass_mark__lte=100),
                name="assessments_quiz_pass_mark_range",
            ),
            models.CheckConstraint(
                condition=Q(selection="fixed") | Q(draw_category__isnull=False, draw_count__gte=1),
                name="assessments_quiz_random_has_category",
                violation_error_message=_(
                    "A random draw needs a category and how many questions to draw."
                ),
            ),
        ]
        indexes = [models.Index(fields=["module", "live"], name="assess_quiz_module_live")]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.selection == self.Selection.RANDOM and (
            self.draw_category_id is None or not self.draw_count
        ):
            raise ValidationError(
                _("A random draw needs a category and how many questions to draw.")
            )
        if self.module_id is not None:
            from courses.models import ModulePage

            if not ModulePage.objects.filter(pk=self.module_id).exists():
                raise ValidationError({"module": _("Choose a module page.")})

    def get_preview_template(self, request, mode_name):
        return "assessments/quiz_preview.html"

    def get_preview_context(self, request, mode_name):
        from assessments.quizzes.selectors import quiz_preview_questions

        context = super().get_preview_context(request, mode_name)
        context["questions"] = quiz_preview_questions(self)
        return context


class QuizQuestion(Orderable):
    """One question of a fixed-list quiz, in the order editors set."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(
        "assessments.Question",
        on_delete=models.PROTECT,
        related_name="quiz_uses",
        verbose_name=_("question"),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        # No unique (quiz, question) constraint: modelcluster writes a revision's new rows
        # before it deletes removed ones, so removing a question and adding it back in one
        # edit would fail on publish. The quiz form refuses a question listed twice.

    def __str__(self):
        return f"{self.quiz}: {self.question}"
