"""Learner state: cohorts, enrolments, supervision history, completions and responses."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Cohort(models.Model):
    """A group of trainees taking a course together, with the supervisors assigned to it."""

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="cohorts"
    )
    organisation = models.ForeignKey(
        "courses.Organisation",
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(max_length=120)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="supervised_cohorts",
        help_text=_("People with the Supervisor role who supervise this cohort."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("cohort")
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="courses_cohort_unique_name"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="courses_cohort_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name


class Enrolment(models.Model):
    """One person taking one course. At most one per person per course."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        ADMIN = "admin", _("Enrolled by an admin")
        IMPORT = "import", _("Imported from a CSV file")
        SELF = "self", _("Enrolled themselves")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="enrolments"
    )
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.ADMIN)
    enrolled_at = models.DateTimeField(auto_now_add=True)
    last_lesson = models.ForeignKey(
        "courses.LessonPage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where 'continue where you left off' leads."),
    )
    last_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="courses_enrolment_unique")
        ]
        indexes = [
            models.Index(fields=["course", "status"], name="courses_enr_course_status"),
            models.Index(fields=["cohort"], name="courses_enr_cohort"),
        ]

    def __str__(self):
        return f"{self.user} – {self.course}"


class Supervision(models.Model):
    """Who supervised an enrolment, from when until when. The open row is the current one;
    a reassignment closes it and opens another, so the history stays."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="supervisions")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("supervision")
        permissions = [("supervise_trainees", "Can use the supervisor area")]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(ended_at__isnull=True),
                name="courses_supervision_one_current",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="courses_supervision_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["supervisor", "ended_at"], name="courses_sup_supervisor_cur"),
        ]

    def __str__(self):
        return f"{self.supervisor} supervises {self.enrolment}"


class LessonCompletion(models.Model):
    """A trainee marked a lesson complete. Marking it again changes nothing."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="completions")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lesson completion")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson"], name="courses_completion_unique"
            )
        ]

    def __str__(self):
        return f"{self.enrolment} completed {self.lesson_id}"


class LessonResponse(models.Model):
    """What a trainee wrote in a lesson's reflection or scenario block.

    Private to the trainee. A reflection is visible to the current supervisor only while
    `shared_with_supervisor` is set. Keyed by the block's id, so it survives edits to the
    lesson and stays readable to its author if the block is removed. Never logged.
    """

    class Kind(models.TextChoices):
        REFLECTION = "reflection", _("Reflection")
        SCENARIO = "scenario", _("Scenario response")

    MAX_LENGTH = 5000

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="responses")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.PROTECT, related_name="+")
    block_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    prompt = models.CharField(
        max_length=300, blank=True, help_text=_("The prompt as it was when last answered.")
    )
    text = models.TextField(max_length=MAX_LENGTH)
    shared_with_supervisor = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lesson response")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson", "block_id"], name="courses_response_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on lesson {self.lesson_id}"
