"""The account audit log: who changed whose roles, administrator flag, active flag or email.

Changes are recorded where they land, not where they are asked for: a pre/post-save pair on
the user model and `m2m_changed` on its groups catch the user admin, its bulk actions, the
person's own email change through allauth, `lms.services.user_create`, management commands
and anything added later, so no path can forget to record. The actor is whoever is signed
in on the current request (`AuditActorMiddleware` keeps it in a context variable); with no
request (a command, a background job) the actor is empty and the source says "system".

Events hold ids and field names only (lms.models.AuditEvent explains why).
"""

import contextvars
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.urls import NoReverseMatch, reverse

from . import scoping
from .models import AuditEvent

_request: contextvars.ContextVar = contextvars.ContextVar("lms_audit_request", default=None)
_collector: contextvars.ContextVar = contextvars.ContextVar("lms_audit_collector", default=None)

TRACKED_FIELDS = ("email", "is_active", "is_superuser")


class AuditActorMiddleware:
    """Makes the signed-in person of the current request the actor of any audit event.

    Must come after AuthenticationMiddleware. The user is read lazily, only when an event is
    recorded.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def _admin_prefix() -> str:
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:  # pragma: no cover - the admin is always mounted here
        return "/admin/"


def current_actor_and_source() -> tuple[int | None, str]:
    request = _request.get()
    if request is None:
        return None, AuditEvent.Source.SYSTEM
    user = getattr(request, "user", None)
    actor_id = user.pk if user is not None and user.is_authenticated else None
    if request.path.startswith(_admin_prefix()):
        return actor_id, AuditEvent.Source.ADMIN
    return actor_id, AuditEvent.Source.SITE


REQUEST_USER = object()  # audit_record's default actor: whoever is signed in on the request


def audit_record(
    *,
    kind: str,
    subject_id: int | None,
    data: dict | None = None,
    actor_id=REQUEST_USER,
) -> AuditEvent:
    """Append one event about account `subject_id` to the chain (lms.audit_chain), tagged with
    the organisations the subject belongs to now (lms.scoping), so their programme admins can
    read it.

    The actor is the current request's user unless `actor_id` names one; `actor_id=None`
    records the system (a certificate issued by the rules, whoever's request ran the job).

    `data` holds ids, kinds, booleans, field names and digests only: never an email
    address, a name or anything a person wrote.
    """
    request_actor, source = current_actor_and_source()
    if actor_id is REQUEST_USER:
        actor_id = request_actor
    elif actor_id is None:
        source = AuditEvent.Source.SYSTEM
    event = AuditEvent(
        kind=kind,
        subject_id=subject_id,
        actor_id=actor_id,
        source=source,
        data=data or {},
        organisations=scoping.organisations_text(subject_id),
    )
    event.full_clean(exclude=["hash", "previous_hash"])
    event.save()
    return event


# --- Roles (groups) ---------------------------------------------------------------------------


def _group_ids(user_ids) -> dict[int, list[int]]:
    through = get_user_model().groups.through
    result = {user_id: [] for user_id in user_ids}
    for user_id, group_id in through.objects.filter(user_id__in=list(user_ids)).values_list(
        "user_id", "group_id"
    ):
        result[user_id].append(group_id)
    return {user_id: sorted(ids) for user_id, ids in result.items()}


def _record_roles(before: dict[int, list[int]]) -> None:
    after = _group_ids(before)
    for user_id in sorted(before):
        if before[user_id] != after[user_id]:
            audit_record(
                kind=AuditEvent.Kind.ROLES,
                subject_id=user_id,
                data={"field": "groups", "before": before[user_id], "after": after[user_id]},
            )


@contextmanager
def collect():
    """Record group changes made inside the block as one event per person, not one per step.

    A form's `groups.set()` removes and then adds; without this the history would show two
    half-changes. Runs in a transaction so the events and the change commit together.
    """
    if _collector.get() is not None:
        yield
        return
    before: dict[int, list[int]] = {}
    token = _collector.set(before)
    try:
        with transaction.atomic():
            yield
            _collector.set(None)
            _record_roles(before)
    finally:
        _collector.reset(token)


def _affected_users(instance, action, reverse, pk_set) -> list[int]:
    if not reverse:
        return [instance.pk]
    if action in ("pre_clear", "post_clear") and pk_set is None:
        return list(instance.user_set.values_list("pk", flat=True))
    return sorted(pk_set or ())


def _on_groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action.startswith("pre_"):
        users = _affected_users(instance, action, reverse, pk_set)
        collector = _collector.get()
        if collector is not None:
            missing = [user_id for user_id in users if user_id not in collector]
            collector.update(_group_ids(missing))
        else:
            instance._audit_groups_before = _group_ids(users)
    elif action.startswith("post_") and _collector.get() is None:
        before = getattr(instance, "_audit_groups_before", None)
        if before:
            instance._audit_groups_before = None
            _record_roles(before)


# --- Administrator flag, active flag, email, creation, deletion ------------------------------


def _on_user_pre_save(sender, instance, update_fields=None, raw=False, **kwargs):
    instance._audit_before = None
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(TRACKED_FIELDS):
        return  # last_login, password: nothing to record, and no extra query
    instance._audit_before = (
        sender._default_manager.filter(pk=instance.pk).values(*TRACKED_FIELDS).first()
    )


def _on_user_post_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        audit_record(
            kind=AuditEvent.Kind.CREATED,
            subject_id=instance.pk,
            data={"is_active": instance.is_active, "is_superuser": instance.is_superuser},
        )
        return
    before = getattr(instance, "_audit_before", None)
    instance._audit_before = None
    if not before:
        return
    for field, kind in (
        ("is_superuser", AuditEvent.Kind.SUPERUSER),
        ("is_active", AuditEvent.Kind.ACTIVE),
    ):
        if before[field] != getattr(instance, field):
            audit_record(
                kind=kind,
                subject_id=instance.pk,
                data={"field": field, "before": before[field], "after": getattr(instance, field)},
            )
    if before["email"] != instance.email:
        # Only the fact: the addresses themselves are personal data.
        audit_record(kind=AuditEvent.Kind.EMAIL, subject_id=instance.pk, data={"field": "email"})


def _on_user_deleted(sender, instance, **kwargs):
    audit_record(kind=AuditEvent.Kind.DELETED, subject_id=instance.pk)


def connect_signals() -> None:
    """Called once from LmsConfig.ready()."""
    User = get_user_model()
    uid = "lms.audit"
    pre_save.connect(_on_user_pre_save, sender=User, dispatch_uid=f"{uid}.pre_save")
    post_save.connect(_on_user_post_save, sender=User, dispatch_uid=f"{uid}.post_save")
    post_delete.connect(_on_user_deleted, sender=User, dispatch_uid=f"{uid}.post_delete")
    m2m_changed.connect(
        _on_groups_changed, sender=User.groups.through, dispatch_uid=f"{uid}.groups"
    )


__all__ = [
    "AuditActorMiddleware",
    "audit_record",
    "collect",
    "connect_signals",
    "current_actor_and_source",
]
