"""Certificate records, the codes of ethics trainees accept, and the certificate's wording.

The database row is the certificate; the PDF is derived from it and can be rendered again.
A row pins what was certified (the name as printed, the course, the hours, the supervisors,
the dates, the ethics and wording versions), so later edits to a course, a name or a regrade
never change an issued certificate. It also keeps what an Open Badges 3.0 credential needs
(issuer, achievement, validity dates, status) for a later export.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.durations import hours_figure as hours_display
from lms.private_files import private_storage

from .codes import code_display


class CodeOfEthics(models.Model):
    """A version of a course's code of ethics. Trainees accept a version, so a published
    version is never edited: editors publish a new one."""

    # The course page's checklist caches the published versions per content version: every
    # save or delete gives it a new one (courses/handlers.py).
    learner_content = True

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="codes_of_ethics"
    )
    version = models.PositiveIntegerField()
    text = models.TextField(help_text=_("What the trainee agrees to, in plain words."))
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("From this time it is the version trainees must accept. Empty: a draft."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course", "-version"]
        verbose_name = _("code of ethics")
        verbose_name_plural = _("codes of ethics")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "version"], name="certificates_ethics_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="certificates_ethics_version_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["course", "published_at"], name="cert_ethics_course_pub"),
        ]

    def __str__(self):
        return f"Code of ethics v{self.version} for course {self.course_id}"


class EthicsAcceptance(models.Model):
    """A trainee agreed to a version of the code of ethics, for one certification cycle.

    A renewal asks for the code to be accepted again, so the cycle is part of the key: the
    same version may be accepted once per cycle.
    """

    enrolment = models.ForeignKey(
        "courses.Enrolment", on_delete=models.PROTECT, related_name="ethics_acceptances"
    )
    ethics = models.ForeignKey(CodeOfEthics, on_delete=models.PROTECT, related_name="acceptances")
    cycle = models.PositiveSmallIntegerField(default=1)
    accepted_at = models.DateTimeField()

    class Meta:
        ordering = ["accepted_at"]
        verbose_name = _("ethics acceptance")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "ethics", "cycle"], name="certificates_acceptance_unique"
            )
        ]
        indexes = [
            models.Index(fields=["accepted_at"], name="cert_acceptance_accepted"),
        ]

    def __str__(self):
        return f"Enrolment {self.enrolment_id} accepted ethics {self.ethics_id}"


class CertificateWording(models.Model):
    """What a certificate says around the pinned facts, and its logo. Versioned: a certificate
    names the version it was rendered with, so a version in use is not edited (editors add a
    new one, which new certificates use)."""

    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=120, default=_("Certificate of completion"))
    statement = models.TextField(
        max_length=1000,
        default=_(
            "has completed the course, its supervised practice and its assessments, and has "
            "agreed to the code of ethics of peer support."
        ),
        help_text=_("Printed after the trainee's name."),
    )
    signatory_line = models.CharField(
        max_length=200,
        default=_("Practice supervisor"),
        help_text=_(
            "Printed under each supervisor's name on the signature lines: the certificate is "
            "signed by the trainee's practice supervisors."
        ),
    )
    issuer_name = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Who issues the certificate. Empty: the site's name."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("certificate wording")
        verbose_name_plural = _("certificate wordings")

    def __str__(self):
        return f"Certificate wording v{self.version}"


def certificate_pdf_path(instance, filename: str) -> str:
    """Random file names: the code is printed on the certificate, so a path made from it
    would let anyone holding a copy fetch the file; a name would leak personal data."""
    return f"certificates/{timezone.now():%Y}/{uuid.uuid4().hex}.pdf"


class Certificate(models.Model):
    """One certificate: one trainee, one course, one certification cycle (1 = first, then
    renewals). Stored statuses only; "expiring soon" and "expired" are read from the dates."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        ISSUED = "issued", _("Issued")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded by a renewal")

    code = models.CharField(max_length=14, unique=True, editable=False)
    enrolment = models.ForeignKey(
        "courses.Enrolment", on_delete=models.PROTECT, related_name="certificates"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="certificates"
    )
    cycle = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)

    # What was certified, pinned when every rule was met.
    holder_name = models.CharField(_("name as printed"), max_length=150)
    course_title = models.CharField(max_length=255)
    achievement_description = models.TextField(blank=True)
    achievement_criteria = models.TextField(
        blank=True, help_text=_("What the trainee did to earn it, in words.")
    )
    hours_by_category = models.JSONField(
        default=list, help_text=_('Approved practice: [{"category": name, "minutes": n}].')
    )
    total_minutes = models.PositiveIntegerField(default=0)
    supervisor_names = models.JSONField(default=list)
    certified_at = models.DateTimeField(
        help_text=_("When the last rule was met; a renewal counts what was done after it.")
    )
    issued_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    ethics = models.ForeignKey(
        CodeOfEthics, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ethics_version = models.PositiveIntegerField(null=True, blank=True)
    wording = models.ForeignKey(CertificateWording, on_delete=models.PROTECT, related_name="+")
    wording_version = models.PositiveIntegerField()
    issuer_name = models.CharField(max_length=200)
    issuer_url = models.CharField(max_length=200, blank=True)

    # The derived file and its rendering.
    # In the private storage (lms.private_files): never under MEDIA_ROOT, never a URL; the
    # holder's download view reads it (certificates.files keeps no file without a row).
    pdf = models.FileField(
        upload_to=certificate_pdf_path, storage=private_storage, blank=True, max_length=200
    )
    revision = models.PositiveSmallIntegerField(
        default=1, help_text=_("Goes up when the record changes in a way the PDF must show.")
    )
    pdf_revision = models.PositiveSmallIntegerField(
        default=0, help_text=_("The revision the current PDF shows (0: none yet).")
    )
    render_attempts = models.PositiveSmallIntegerField(default=0)
    last_render_error = models.CharField(max_length=200, blank=True)
    last_queued_at = models.DateTimeField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_reason = models.TextField(max_length=2000, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )

    # Whether the completion rules would still hold today, for the admin list's flag
    # (`certificates.recheck`). A note about the certificate, never part of it: storing it
    # changes nothing the certificate certifies (pinned fields, status, PDF, revision), and
    # verification never shows it. Kept when `rules_checked_at` is cleared to ask for a recheck,
    # so the list shows the last answer until the new one is in.
    rules_hold = models.BooleanField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("Whether every completion rule still held when last checked (empty: never)."),
    )
    unmet_rules = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text=_('The rules that no longer held: [{"name": rule, "reason": words}].'),
    )
    rules_checked_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the rules were last checked; empty: a recheck is due."),
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("certificate")
        permissions = [
            ("revoke_certificate", "Can revoke certificates"),
            ("reissue_certificate", "Can reissue certificates"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "cycle"],
                name="certificates_one_per_enrolment_cycle",
                violation_error_message=_("This trainee already has a certificate for this cycle."),
            ),
            models.CheckConstraint(condition=Q(cycle__gte=1), name="certificates_cycle_positive"),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("issued_on")),
                name="certificates_expires_after_issue",
            ),
            # An issued certificate has its PDF and the moment it was issued (`issued_on`,
            # the printed date, is pinned at creation and never empty).
            models.CheckConstraint(
                condition=~Q(status="issued") | (~Q(pdf="") & Q(issued_at__isnull=False)),
                name="certificates_issued_has_file_and_date",
                violation_error_message=_("An issued certificate needs its PDF and issue time."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "last_queued_at"], name="cert_status_queued"),
            models.Index(fields=["status", "expires_on"], name="cert_status_expires"),
            models.Index(fields=["course", "status"], name="cert_course_status"),
            models.Index(fields=["user", "status"], name="cert_user_status"),
            # The list's "rules no longer hold" filter, and the recheck job's oldest-first pick.
            models.Index(fields=["status", "rules_hold"], name="cert_status_rules_hold"),
            models.Index(fields=["status", "rules_checked_at"], name="cert_status_rules_checked"),
        ]

    def __str__(self):
        return f"Certificate {self.code_display}"

    @property
    def code_display(self) -> str:
        return code_display(self.code)

    @property
    def total_hours(self) -> str:
        """Total approved hours for people: "12", "12.5"."""
        return hours_display(self.total_minutes)

    @property
    def rules_no_longer_hold(self) -> bool:
        """The admin list's flag: issued, and its rules did not all hold when last checked.
        Never shown for other statuses (a revoked or superseded certificate is history)."""
        return self.status == self.Status.ISSUED and self.rules_hold is False

    def is_expired(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.expires_on is not None and self.expires_on < today


class CertificateEvent(models.Model):
    """What happened to a certificate, appended and never changed: the history an admin and
    an auditor read (created, issued, revoked, reissued with the name before and after)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        ISSUED = "issued", _("Issued")
        REVOKED = "revoked", _("Revoked")
        REISSUED = "reissued", _("Reissued")
        RENDERED = "rendered", _("PDF rendered again")
        SUPERSEDED = "superseded", _("Superseded by a renewal")
        REMINDED = "reminded", _("Expiry reminder sent")

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("certificate event")
        indexes = [models.Index(fields=["certificate", "at"], name="cert_event_cert_at")]
        constraints = [
            # A certificate is issued once; a second render or delivery must not say so again.
            models.UniqueConstraint(
                fields=["certificate"],
                condition=Q(kind="issued"),
                name="certificates_one_issued_event",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.certificate_id})"

    def save(self, *args, **kwargs):
        """Append-only (PostgreSQL's trigger refuses changes too, migration 0009); each new
        event also goes into the audit chain (lms.audit_chain) in the same transaction."""
        from django.db import transaction

        from lms.models import AppendOnlyError

        if not self._state.adding:
            raise AppendOnlyError("Certificate events cannot be changed.")
        kwargs["force_insert"] = True
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            self.audit(self.certificate.user_id)

    def delete(self, *args, **kwargs):
        from lms.models import AppendOnlyError

        raise AppendOnlyError("Certificate events cannot be deleted.")

    def audit(self, holder_id: int) -> None:
        """The event's entry in the audit chain: ids, the kind and the code, nothing more.
        Called by save(); a bulk_create must call it for each event it wrote."""
        from lms.audit import audit_record
        from lms.models import AuditEvent

        audit_record(
            kind=AuditEvent.Kind.CERTIFICATE,
            subject_id=holder_id,
            actor_id=self.by_id,
            data={
                "certificate_event_id": self.pk,
                "certificate_id": self.certificate_id,
                "event": self.kind,
            },
        )


class ProgressSnapshot(models.Model):
    """Where one enrolment stood on one day, by the certificate rules: the history behind the
    cohort progress dashboard's chart (certificates/progress/). A daily job writes one row
    per active enrolment and day, from the same batch evaluation the dashboard shows; running
    it again the same day overwrites that day's row with what holds now. Figures only: no
    names and nothing the trainee wrote."""

    enrolment = models.ForeignKey(
        "courses.Enrolment", on_delete=models.CASCADE, related_name="progress_snapshots"
    )
    day = models.DateField(help_text=_("The installation's date the figures are of."))
    cycle = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("The certification cycle worked towards; empty: none.")
    )
    lessons_completed = models.PositiveIntegerField(default=0)
    lessons_total = models.PositiveIntegerField(default=0)
    quizzes_passed = models.PositiveSmallIntegerField(default=0)
    quizzes_total = models.PositiveSmallIntegerField(default=0)
    approved_minutes = models.PositiveIntegerField(
        default=0, help_text=_("Approved practice that counts towards the requirement.")
    )
    pending_minutes = models.PositiveIntegerField(default=0)
    required_minutes = models.PositiveIntegerField(default=0)
    competencies_signed_off = models.PositiveSmallIntegerField(default=0)
    competencies_total = models.PositiveSmallIntegerField(default=0)
    ethics_accepted = models.BooleanField(default=False)
    rules_left = models.PositiveSmallIntegerField(
        default=0, help_text=_("Completion rules not met yet (0 once certified).")
    )
    certified = models.BooleanField(default=False)
    waiting_on_supervisor = models.BooleanField(default=False)
    active_this_week = models.BooleanField(default=False)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["enrolment", "day"]
        verbose_name = _("progress snapshot")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "day"], name="certificates_snapshot_one_per_day"
            )
        ]
        indexes = [
            # The chart counts a cohort's rows on a few days: by day, then by what it counts.
            models.Index(fields=["day", "certified", "rules_left"], name="cert_snapshot_day"),
        ]

    def __str__(self):
        return f"Progress of enrolment {self.enrolment_id} on {self.day}"
