"""Attempts: one trainee's go at a quiz, with a snapshot of every question as it was asked.

An attempt belongs to an enrolment. Its answers keep the question's snapshot (text, options,
the order they were shown in), so editing a question later never changes a past attempt; a
regrade re-scores stored responses with the current key and says so on the attempt.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Attempt(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        AWAITING_GRADING = "awaiting_grading", _("Waiting for the supervisor's grading")
        FINAL = "final", _("Graded")

    class SubmittedBy(models.TextChoices):
        TRAINEE = "trainee", _("The trainee")
        TIME_LIMIT = "time_limit", _("The time limit")

    # Public identifier for URLs: ids are guessable, this is not.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    quiz = models.ForeignKey("assessments.Quiz", on_delete=models.PROTECT, related_name="attempts")
    enrolment = models.ForeignKey(
        "courses.Enrolment", on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    quiz_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pass_mark = models.DecimalField(max_digits=5, decimal_places=2)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.CharField(max_length=12, choices=SubmittedBy.choices, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    # Points earned and available; percent = 100 * points / max_points, set when final.
    points = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    max_points = models.DecimalField(max_digits=9, decimal_places=4, default=0)
    percent = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    regraded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "quiz", "number"]
        verbose_name = _("attempt")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "enrolment", "number"], name="assessments_attempt_unique_number"
            ),
            models.UniqueConstraint(
                fields=["quiz", "enrolment"],
                condition=Q(status="open"),
                name="assessments_attempt_one_open",
                violation_error_message=_("An attempt at this quiz is already open."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="assessments_attempt_number_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="assess_attempt_deadline"),
            models.Index(fields=["quiz", "status"], name="assess_attempt_quiz_status"),
        ]

    def __str__(self):
        return f"Attempt {self.number} at {self.quiz_id} by enrolment {self.enrolment_id}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class AttemptAnswer(models.Model):
    """One question of an attempt: the snapshot as shown, the saved response, its grade.

    `sequence` counts saves; a save must name the sequence it was shown, so a stale tab or a
    replayed request is refused instead of overwriting a newer answer (Moodle does the same).
    """

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(
        "assessments.Question", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField()
    response = models.JSONField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    saved_at = models.DateTimeField(null=True, blank=True)
    # Fraction of the question's points, 0..1; null until graded (essays wait for a person).
    score = models.DecimalField(max_digits=8, decimal_places=7, null=True, blank=True)
    grade = models.JSONField(default=dict, blank=True)
    needs_grading = models.BooleanField(default=False)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    grader_comment = models.TextField(blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        verbose_name = _("attempt answer")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="assessments_answer_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=1),
                name="assessments_answer_score_fraction",
            ),
        ]
        indexes = [
            models.Index(
                fields=["needs_grading"],
                condition=Q(needs_grading=True),
                name="assess_answer_to_grade",
            )
        ]

    def __str__(self):
        return f"Answer {self.position} of {self.attempt_id}"

    @property
    def points(self):
        from decimal import Decimal

        return Decimal(self.snapshot["points"])


class QuizRegrade(models.Model):
    """A record that someone re-scored a quiz's attempts with the current answer key."""

    quiz = models.ForeignKey("assessments.Quiz", on_delete=models.CASCADE, related_name="regrades")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    attempts_regraded = models.PositiveIntegerField(default=0)
    attempts_changed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("quiz regrade")

    def __str__(self):
        return f"Regrade of {self.quiz_id} at {self.at:%Y-%m-%d %H:%M}"
