"""A person's request to have their data erased (lms.erasure), kept after it has run as the
record that it did."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ErasureRequest(models.Model):
    """Asked for by the person, by a programme admin on their behalf, by withdrawing consent,
    or by the retention rules. It waits `ERASURE_COOLING_OFF_DAYS` (the person may cancel),
    then the daily job runs it; one pending request per person at a time, so a double click
    or a second tab makes one. The row keeps only ids and times, never what was erased."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting: can still be cancelled")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Erased")

    class Reason(models.TextChoices):
        PERSON = "person", _("Asked for by the person")
        ADMIN = "admin", _("Asked for outside the site, recorded by a programme admin")
        CONSENT = "consent_withdrawn", _("Consent withdrawn")
        RETENTION = "retention", _("Inactive past the retention period")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="erasure_requests",
        verbose_name=_("person"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("asked for at"), default=timezone.now)
    due_at = models.DateTimeField(_("runs at"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    done_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    class Meta:
        app_label = "lms"
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="pending"),
                name="lms_erasure_one_pending",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="lms_erasure_due_idx"),
        ]

    def __str__(self):
        return f"Erasure request {self.pk} ({self.status})"
