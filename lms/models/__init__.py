"""Accounts (one user model for every role), their audit log, invitations, the record of
scheduled job runs, and people's copies of their data. Erasure requests live in
lms/models/data_rights.py, and the privacy notice's versions and people's consents in
lms/models/consent.py, both imported at the end."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from timezone_field import TimeZoneField

from ..language import language_choices
from ..private_files import private_storage


def default_time_zone() -> str:
    """New users start in the installation's zone (TIME_ZONE) and may change it."""
    return settings.TIME_ZONE


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    @classmethod
    def normalize_email(cls, email):
        return (email or "").strip().lower()


class User(AbstractUser):
    """A person who signs in: trainee, supervisor, editor, reviewer or programme admin.

    Email is the login. The full name is the one printed on certificates, so it is a single
    field in the person's own words rather than first and last names.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(
        _("full name"),
        max_length=150,
        help_text=_("Your name as it should appear on your certificate."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        # A callable: adding a language to LANGUAGES needs no migration.
        choices=language_choices,
        default="en",
    )
    time_zone = TimeZoneField(
        _("time zone"),
        default=default_time_zone,
        choices_display="WITH_GMT_OFFSET",
        help_text=_("Dates such as 'today' and deadlines are shown in this zone."),
    )
    # How many of the person's notices (lms.Notice) are unread, for the count in the site's
    # header: it comes with the user row every request loads anyway, so the count costs no
    # query. Only lms.notices changes it, with atomic updates in the transaction that adds or
    # reads a notice (see save()).
    notices_unread = models.PositiveIntegerField(_("unread notices"), default=0, editable=False)
    # When the person's data was erased (lms.erasure): the row stays, under a pseudonym and
    # unable to sign in, because certificates and sign-offs point at it.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)
    # When the retention job last warned that this inactive account will be erased
    # (lms.retention); cleared when the person signs in again.
    inactivity_warned_at = models.DateTimeField(
        _("warned of inactivity at"), null=True, blank=True, editable=False
    )
    # The version of the privacy notice the person agreed to and has not withdrawn
    # (lms.consent): it comes with the user row every request loads anyway, so checking it
    # against the notice in force costs no query. Only lms.consent writes it.
    privacy_notice_version = models.PositiveIntegerField(
        _("privacy notice agreed"), null=True, blank=True, editable=False
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="lms_user_email_ci_unique"),
            models.CheckConstraint(
                condition=~models.Q(full_name=""), name="lms_user_full_name_not_empty"
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = UserManager.normalize_email(self.email)
        self.full_name = " ".join((self.full_name or "").split())
        if not self.full_name:
            raise ValidationError(
                {"full_name": _("Please enter the full name, as printed on certificates.")}
            )

    def save(self, *args, **kwargs):
        # A save of the whole row (a profile or admin form, a password change) writes every
        # field as this copy was loaded; the unread count may have changed since (a notice
        # added by someone else's action), so it is left out and only lms.notices writes it.
        # The same for the privacy notice agreed to (an agreement in another tab).
        if (
            not args
            and not self._state.adding
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
        ):
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key
                and f.attname not in deferred
                and f.name not in ("notices_unread", "privacy_notice_version")
            ]
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split()[0] if self.full_name else self.email


class JobRun(models.Model):
    """When each periodic job last ran, so `run_due_jobs` knows which are due."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        OK = "ok", _("Succeeded")
        FAILED = "failed", _("Failed")

    name = models.CharField(max_length=100, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("job run")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Invitation(models.Model):
    """A link that lets a person an admin enrolled set their first password.

    Only a SHA-256 hash of the token is stored, so a copy of the database cannot be used to
    take over accounts; the raw token exists in the email and nowhere else.
    """

    VALID_FOR_DAYS = 14

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.user}"


class AppendOnlyError(Exception):
    """An audit event was about to be changed or deleted; the audit log only grows."""


class AuditEventQuerySet(models.QuerySet):
    """Refuses bulk changes, so no queryset can rewrite or erase the audit log."""

    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def for_subject(self, user_id: int):
        return self.filter(subject_id=user_id)


class SortedKeysJSONEncoder(DjangoJSONEncoder):
    """Writes object keys in sorted order, so an event's `data` has one canonical text."""

    def __init__(self, *args, **kwargs):
        kwargs["sort_keys"] = True
        super().__init__(*args, **kwargs)


class AuditEvent(models.Model):
    """One change to a person's account that matters for who may do what: roles (groups),
    administrator flag, active flag, email address, creation and deletion.

    Append-only: an event is written once (lms.audit.audit_record) and never changed or
    deleted; `save()` of an existing row, `delete()` and queryset `update()`/`delete()`
    raise AppendOnlyError. People are referred to by id only, never by email or name, so the
    log holds no personal data beyond the fact that account N changed; names are looked up
    when the history is shown. The actor and subject are plain integers, not foreign keys:
    deleting an account must neither erase its history (CASCADE) nor rewrite it (SET_NULL).

    The primary key is the sequence, and the events form a hash chain (lms.audit_chain):
    `hash` covers the event's content and `previous_hash`, the hash of the event before it,
    so changing, removing or inserting a row breaks the chain where it happened
    (`manage.py audit_verify` names it). PostgreSQL refuses UPDATE and DELETE by trigger as
    for sign-offs. `organisations` holds the ids of the organisations the subject belonged
    to when the event was written (",3,7,"), so a programme admin reads their own; events
    with none are for national admins. Nothing here names a person or holds what anyone
    wrote, so erasing a person changes no event and the chain survives it.
    """

    class Kind(models.TextChoices):
        CREATED = "account_created", _("Account created")
        DELETED = "account_deleted", _("Account deleted")
        ROLES = "roles_changed", _("Roles changed")
        SUPERUSER = "superuser_changed", _("Administrator access changed")
        ACTIVE = "active_changed", _("Active flag changed")
        EMAIL = "email_changed", _("Email address changed")
        SIGN_OFF = "practice_signed_off", _("Practice log decided")
        COMPETENCY_SIGN_OFF = "competency_signed_off", _("Competency signed off")
        CERTIFICATE = "certificate_event", _("Certificate event")
        RECORD_VIEWED = "record_viewed", _("Practice record opened")
        HEAD = "chain_head_recorded", _("Audit chain head recorded")
        EXPORT = "data_exported", _("Data export produced")
        ERASURE_REQUESTED = "erasure_requested", _("Erasure asked for")
        ERASURE_CANCELLED = "erasure_cancelled", _("Erasure cancelled")
        ERASED = "account_erased", _("Account erased")
        COMMENTS_CLEARED = "sign_off_comments_cleared", _("Sign-off comments cleared")
        CONSENT_AGREED = "consent_agreed", _("Privacy notice agreed")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
        RETENTION_WARNED = "retention_warned", _("Inactive account warned")

    class Source(models.TextChoices):
        ADMIN = "admin", _("Editing area")
        SITE = "site", _("Site")
        SYSTEM = "system", _("System (command line or background job)")

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    actor_id = models.PositiveBigIntegerField(
        _("actor id"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Who made the change; empty when no one was signed in."),
    )
    subject_id = models.PositiveBigIntegerField(
        _("subject id"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Whose account or record it concerns; empty for the chain's own events."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, editable=False)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, editable=False)
    data = models.JSONField(
        _("data"), default=dict, blank=True, encoder=SortedKeysJSONEncoder, editable=False
    )
    organisations = models.CharField(
        _("organisations"),
        max_length=255,
        blank=True,
        default="",
        editable=False,
        help_text=_("Ids of the subject's organisations when written, as ,1,2, (empty: none)."),
    )
    previous_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, unique=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["subject_id", "id"], name="lms_audit_subject_idx"),
            models.Index(fields=["kind", "id"], name="lms_audit_kind_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} (account {self.subject_id})"

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnlyError("Audit events cannot be changed.")
        from ..audit_chain import seal

        kwargs["force_insert"] = True
        using = kwargs.get("using")
        with transaction.atomic(using=using):
            seal(self, using=using)  # its place in the chain, under the chain's lock
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")

    @property
    def sequence(self) -> int:
        return self.id

    @property
    def organisation_ids(self) -> list[int]:
        return [int(part) for part in self.organisations.split(",") if part]


class OutboxMessage(models.Model):
    """A side effect that must happen (an email, a render, an index update), written in the
    same transaction as the action that causes it and delivered after commit (lms.outbox).

    `key` is the idempotency key: a second message with the same key is not recorded. The
    consumer marks the row done in the transaction of its effect (emails: claimed, sent,
    then marked), so a message delivered twice has one effect. Rows hold ids, never private
    text; `last_error` holds the type of the error only.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    task = models.CharField(_("task"), max_length=100)
    kwargs = models.JSONField(_("arguments"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # When deliver_outbox may next publish (or, without a broker, run) it: a little after
    # creation, a lease after each publish, a back-off after a failure.
    available_at = models.DateTimeField(_("available at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Emails only: set when a consumer claims the message to send it, before it sends.
    sending_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["available_at"],
                name="lms_outbox_due_idx",
                condition=models.Q(done_at__isnull=True),
            ),
            models.Index(fields=["done_at"], name="lms_outbox_done_idx"),
        ]

    def __str__(self):
        return self.key


class Notice(models.Model):
    """A notice inside the site for one person: a decision on their practice log, a graded
    essay, a certificate ready, work waiting for a supervisor (lms.notices).

    Written in the transaction of the event that causes it, beside that event's email (the
    outbox), so it is never lost. It holds the kind and ids, dates and counts (`details`),
    never a person's words: the title is built when shown, in the reader's language, from
    the kind. `link` is a path on this site. A rolled-up notice ("3 practice logs were sent
    for your review") is counted up while it is unread, so work waiting makes one notice,
    not one per item.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=60)
    details = models.JSONField(_("details"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300)
    # The event's idempotency key (e.g. "certificate-ready:12"): one notice per event.
    key = models.CharField(_("key"), max_length=200, unique=True, null=True, blank=True)
    rolled_up = models.BooleanField(_("rolled up"), default=False)
    count = models.PositiveIntegerField(_("count"), default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="lms_notice_recent_idx"),
        ]
        constraints = [
            # One unread rolled-up notice per person and kind: a new item counts it up.
            models.UniqueConstraint(
                fields=["recipient", "kind"],
                condition=models.Q(rolled_up=True, read_at__isnull=True),
                name="lms_notice_one_unread_roll_up",
            ),
            models.CheckConstraint(
                condition=models.Q(link__startswith="/") & ~models.Q(link__startswith="//"),
                name="lms_notice_link_on_site",
            ),
        ]

    def __str__(self):
        return f"{self.kind} ({self.pk})"

    @property
    def unread(self) -> bool:
        return self.read_at is None


def data_export_path(instance, filename: str) -> str:
    """A random name in the private storage: a name made from the person would leak who the
    file is about, and a guessable one would be a way in if the storage ever had a URL."""
    return f"data-exports/{timezone.now():%Y}/{uuid.uuid4().hex}.zip"


class DataExport(models.Model):
    """A copy of everything the site holds about one person, as one zip file (lms.data_export).

    Asked for by the person from their profile, or produced by a programme admin for a
    request made outside the site; either way only whoever asked may download it, and only
    until `expires_at` (DATA_EXPORT_DAYS after it was ready). Built in the background (an
    outbox message); the daily `expire_data_exports` job deletes the file of an expired one
    and marks it expired. The file lives in the private storage and has no URL. One pending
    export per person at a time: a double click or a second tab makes one, not two.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be prepared")
        EXPIRED = "expired", _("Expired")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
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
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("asked for at"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    file = models.FileField(
        _("file"), upload_to=data_export_path, storage=private_storage, blank=True, max_length=200
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    # Failed builds so far; after DATA_EXPORT_MAX_ATTEMPTS the export is marked failed and
    # the person may ask again.
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="pending"),
                name="lms_dataexport_one_pending",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "-created_at"], name="lms_dataexport_person_idx"),
            models.Index(fields=["status", "expires_at"], name="lms_dataexport_expiry_idx"),
        ]

    def __str__(self):
        return f"Data export {self.pk} ({self.status})"

    def downloadable(self, now=None) -> bool:
        """Ready, with its file, and not past its expiry."""
        now = now or timezone.now()
        return (
            self.status == self.Status.READY
            and bool(self.file)
            and self.expires_at is not None
            and self.expires_at > now
        )

    def expired(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.EXPIRED or (
            self.status == self.Status.READY
            and self.expires_at is not None
            and self.expires_at <= now
        )


from .consent import Consent, PrivacyNotice, PrivacyNoticeText  # noqa: E402,F401
from .data_rights import ErasureRequest  # noqa: E402,F401  (registers the model)
