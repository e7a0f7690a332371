"""The privacy notice, in versions, and each person's agreement to one (lms.consent).

A version is a draft until an editor publishes it; publishing gives it the next version
number, so numbers rise in the order versions came into force, and the newest published one
is the notice in force. A published version is never changed: people agreed to its words, so
a correction is a new version. Its text is one row per language (English, and any language of
LANGUAGES), so a new language needs no migration.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField

from ..language import language_choices

# What the body of a notice may hold: headings, lists, emphasis and links, nothing else.
NOTICE_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class PrivacyNotice(ClusterableModel):
    """One version of the privacy notice: a draft (no number yet) or published (numbered,
    never changed again)."""

    version = models.PositiveIntegerField(
        _("version"), null=True, blank=True, unique=True, editable=False
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("published by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )

    class Meta:
        app_label = "lms"
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["-published_at", "-created_at"]
        permissions = [("publish_privacynotice", _("Can publish a privacy notice"))]
        constraints = [
            # Numbered exactly when published.
            models.CheckConstraint(
                condition=models.Q(version__isnull=True, published_at__isnull=True)
                | models.Q(version__gte=1, published_at__isnull=False),
                name="lms_privacynotice_numbered_when_published",
            ),
        ]

    def __str__(self):
        if self.version is None:
            return str(_("Privacy notice draft %(id)s") % {"id": self.pk})
        return str(_("Privacy notice version %(version)s") % {"version": self.version})

    @property
    def published(self) -> bool:
        return self.published_at is not None


class PrivacyNoticeText(models.Model):
    """A version's words in one language."""

    notice = ParentalKey(PrivacyNotice, on_delete=models.CASCADE, related_name="texts")
    # A callable: adding a language to LANGUAGES needs no migration.
    language = models.CharField(_("language"), max_length=10, choices=language_choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"),
        max_length=800,
        help_text=_(
            "Two or three plain sentences shown beside the box people tick at sign-up: what "
            "is collected, why, and who sees it."
        ),
    )
    body = RichTextField(_("full text"), features=NOTICE_FEATURES)

    class Meta:
        app_label = "lms"
        verbose_name = _("privacy notice text")
        verbose_name_plural = _("privacy notice texts")
        ordering = ["notice", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "language"], name="lms_privacynoticetext_one_per_language"
            ),
        ]

    def __str__(self):
        return f"{self.notice} ({self.language})"


class Consent(models.Model):
    """A person agreed to a version of the privacy notice, as shown in `language`; withdrawn
    when they withdrew it from their profile (which asks for their data to be erased). Holds
    ids, times and a language code only."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("person"),
    )
    notice = models.ForeignKey(
        PrivacyNotice,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("privacy notice"),
    )
    agreed_at = models.DateTimeField(_("agreed at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    language = models.CharField(_("language shown"), max_length=10)

    class Meta:
        app_label = "lms"
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-agreed_at", "-id"]
        constraints = [
            # A double click or a second tab agrees once.
            models.UniqueConstraint(
                fields=["person", "notice"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="lms_consent_one_standing_per_notice",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "-agreed_at"], name="lms_consent_person_idx"),
        ]

    def __str__(self):
        return f"Consent {self.pk} (account {self.person_id}, notice {self.notice_id})"
