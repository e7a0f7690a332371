"""Supervised practice: per-course categories and bounds, practice logs, and sign-offs.

Sign-offs are evidence for auditors, so they are append-only: `save()` refuses to update an
existing row and `delete()` refuses outright (the application offers no other way). The
no-overlap rule for logs is an exclusion constraint created by migration 0002 on PostgreSQL
only (in `Meta.constraints` it would break `migrate` on SQLite); on SQLite the service checks
it under the database write lock.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PracticeSettings(models.Model):
    """Per-course bounds for one practice log's duration. A course without a row uses the
    defaults (15 minutes to 12 hours), so editors only add one to change them."""

    DEFAULT_MIN_MINUTES = 15
    DEFAULT_MAX_MINUTES = 12 * 60

    DEFAULT_RATING_SCALE = "Not yet shown\nBeginning\nDeveloping\nShown consistently"

    course = models.OneToOneField(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="practice_settings"
    )
    min_minutes = models.PositiveIntegerField(default=DEFAULT_MIN_MINUTES)
    max_minutes = models.PositiveIntegerField(default=DEFAULT_MAX_MINUTES)
    rating_scale = models.TextField(
        _("rating scale"),
        default=DEFAULT_RATING_SCALE,
        help_text=_("The levels a supervisor rates a competency on, one per line, lowest first."),
    )

    class Meta:
        verbose_name = _("practice settings")
        verbose_name_plural = _("practice settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_minutes__gt=0) & Q(max_minutes__gte=models.F("min_minutes")),
                name="assessments_practicesettings_bounds",
            )
        ]

    def __str__(self):
        return f"Practice settings for course {self.course_id}"


class PracticeCategory(models.Model):
    """A kind of practice activity a course counts, e.g. one-to-one peer support."""

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="practice_categories"
    )
    name = models.CharField(max_length=120)
    required_minutes = models.PositiveIntegerField(
        _("required minutes"),
        default=0,
        help_text=_("Approved practice a trainee needs in this category (0: none required)."),
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("practice category")
        verbose_name_plural = _("practice categories")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "name"], name="assessments_practicecategory_unique_name"
            )
        ]

    def __str__(self):
        return self.name


class PracticeLog(models.Model):
    """One stretch of supervised practice a trainee records for an enrolment.

    `version` goes up on every trainee edit; a supervisor's decision names the version it
    read, so an edit in between makes the decision fail instead of approving unseen content.
    """

    DESCRIPTION_MAX_LENGTH = 2000
    REFLECTION_MAX_LENGTH = 5000

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        ONLINE = "online", _("Online")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        REJECTED = "rejected", _("Rejected")

    EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)

    enrolment = models.ForeignKey(
        "courses.Enrolment", on_delete=models.PROTECT, related_name="practice_logs"
    )
    category = models.ForeignKey(PracticeCategory, on_delete=models.PROTECT, related_name="logs")
    started_at = models.DateTimeField(
        help_text=_("From the trainee's local date and start time, in their time zone.")
    )
    duration_minutes = models.PositiveIntegerField()
    mode = models.CharField(max_length=12, choices=Mode.choices)
    description = models.TextField(
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("De-identified: no names, phone numbers or email addresses."),
    )
    reflection = models.TextField(
        max_length=REFLECTION_MAX_LENGTH,
        blank=True,
        help_text=_("Private to the trainee."),
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]
        verbose_name = _("practice log")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0),
                name="assessments_practicelog_positive_duration",
            )
        ]
        indexes = [
            models.Index(fields=["status", "enrolment"], name="assess_plog_status_enr"),
            models.Index(fields=["enrolment", "started_at"], name="assess_plog_enr_started"),
        ]

    def __str__(self):
        return f"Practice log {self.pk} ({self.get_status_display()})"

    @property
    def ended_at(self):
        return self.started_at + timedelta(minutes=self.duration_minutes)


class SignOffError(Exception):
    """Raised when code tries to change or delete a sign-off."""


class AppendOnly(models.Model):
    """Evidence rows: inserted once, never changed or deleted by the application (PostgreSQL
    triggers refuse it too, see migrations 0002 and 0005)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise SignOffError("Sign-offs are append-only and cannot be changed.")
        kwargs["force_insert"] = True
        from django.db import transaction

        from lms.audit import audit_record

        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            # The audit chain holds the digest as signed, so it stays checkable whatever
            # later happens to the text it was computed from (lms.audit_chain).
            audit_record(
                kind=self.audit_kind,
                subject_id=self.audit_subject_id(),
                actor_id=self.decided_by_id,
                data=self.audit_data(),
            )

    def delete(self, *args, **kwargs):
        raise SignOffError("Sign-offs are append-only and cannot be deleted.")


class SignOff(AppendOnly):
    """A supervisor's decision on one submitted version of a practice log. Append-only.

    `content_digest` is the SHA-256 of the log's content as decided (see
    `assessments.practice.services.practice_log_digest`); the private reflection is left out, since
    the
    supervisor never sees it.
    """

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        REJECTED = "rejected", _("Rejected")

    log = models.ForeignKey(PracticeLog, on_delete=models.PROTECT, related_name="sign_offs")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="practice_sign_offs"
    )
    decided_at = models.DateTimeField()
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(max_length=2000, blank=True)
    attestation = models.TextField(max_length=2000)
    signature = models.CharField(max_length=150, help_text=_("The supervisor's typed name."))
    content_digest = models.CharField(max_length=64)
    log_version = models.PositiveIntegerField()

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("sign-off")
        constraints = [
            models.UniqueConstraint(
                fields=["log", "log_version"], name="assessments_signoff_one_per_version"
            )
        ]

    def __str__(self):
        return f"{self.get_decision_display()} by {self.decided_by_id} on log {self.log_id}"

    audit_kind = "practice_signed_off"

    def audit_subject_id(self) -> int:
        return self.log.enrolment.user_id

    def audit_data(self) -> dict:
        return {
            "content_digest": self.content_digest,
            "decision": self.decision,
            "enrolment_id": self.log.enrolment_id,
            "log_id": self.log_id,
            "log_version": self.log_version,
            "sign_off_id": self.pk,
        }


class Competency(models.Model):
    """Something a trainee shows in practice, e.g. "holds boundaries under pressure"."""

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="competencies"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("what it looks like"), blank=True, help_text=_("Shown to trainees and supervisors.")
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "name"], name="assessments_competency_unique_name"
            )
        ]

    def __str__(self):
        return self.name


class CompetencyObservation(models.Model):
    """A supervisor's note of seeing a trainee practise a competency, with a rating."""

    EVIDENCE_MAX_LENGTH = 2000

    enrolment = models.ForeignKey(
        "courses.Enrolment", on_delete=models.PROTECT, related_name="competency_observations"
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="observations"
    )
    observed_on = models.DateField(_("observed on"))
    rating = models.PositiveSmallIntegerField(
        _("rating"), help_text=_("1 is the lowest level of the course's scale.")
    )
    evidence = models.TextField(_("evidence"), max_length=EVIDENCE_MAX_LENGTH)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["observed_on", "recorded_at"]
        verbose_name = _("competency observation")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1), name="assessments_observation_rating_positive"
            )
        ]
        indexes = [
            models.Index(fields=["enrolment", "competency"], name="assess_obs_enr_comp"),
        ]

    def __str__(self):
        return f"Observation of {self.competency_id} for enrolment {self.enrolment_id}"


class CompetencySignOff(AppendOnly):
    """A supervisor's sign-off that a trainee has shown a competency. Append-only, one per
    competency per enrolment; `content_digest` is the SHA-256 of the observations it rests on.
    """

    enrolment = models.ForeignKey(
        "courses.Enrolment", on_delete=models.PROTECT, related_name="competency_sign_offs"
    )
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="sign_offs")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="competency_sign_offs"
    )
    decided_at = models.DateTimeField()
    comment = models.TextField(max_length=2000, blank=True)
    attestation = models.TextField(max_length=2000)
    signature = models.CharField(max_length=150, help_text=_("The supervisor's typed name."))
    content_digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("competency sign-off")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "competency"], name="assessments_competency_signed_once"
            )
        ]

    def __str__(self):
        return f"{self.competency_id} signed off for enrolment {self.enrolment_id}"

    audit_kind = "competency_signed_off"

    def audit_subject_id(self) -> int:
        return self.enrolment.user_id

    def audit_data(self) -> dict:
        return {
            "competency_id": self.competency_id,
            "competency_sign_off_id": self.pk,
            "content_digest": self.content_digest,
            "enrolment_id": self.enrolment_id,
        }
