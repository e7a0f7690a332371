"""Organisation scoping for lms's own admin views (the user accounts), supplied by courses.

The rule of who works within which organisations lives in courses/organisations.py; lms
imports no app, so courses registers the three things lms needs from its AppConfig.ready():
which people an actor reaches (a Q object on User), which organisations an actor may place a
new person in, and how to place them. Until something is registered only administrators
reach anyone: a missing registration refuses, it never opens.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class PeopleScope:
    people_q: Callable  # (actor, field="pk") -> Q on the model holding the person's id
    organisations: Callable  # (actor) -> QuerySet of organisations the actor may place in
    place: Callable  # (person, organisation) -> None
    log_entries_q: Callable  # (actor) -> Q on Wagtail's ModelLogEntry (the site history)
    organisation_ids: Callable  # (person_id) -> ids of the organisations the person is in
    audit_events_q: Callable  # (actor) -> Q on lms.AuditEvent (by its `organisations`)


_registered: list[PeopleScope] = []


def register_people_scope(scope: PeopleScope) -> None:
    _registered[:] = [scope]


def people_q(actor, field: str = "pk") -> Q:
    if _registered:
        return _registered[0].people_q(actor, field)
    return Q() if getattr(actor, "is_superuser", False) else Q(pk__in=[])


def log_entries_q(actor) -> Q:
    """Which of Wagtail's model log entries (whose labels name people) the actor may read."""
    if _registered:
        return _registered[0].log_entries_q(actor)
    return Q() if getattr(actor, "is_superuser", False) else Q(pk__in=[])


def organisations_text(person_id: int | None) -> str:
    """The organisations an audit event about `person_id` is filed under, as ",1,2," (empty
    when nobody is registered or the event concerns no one: national admins only)."""
    if person_id is None or not _registered:
        return ""
    ids = sorted(set(_registered[0].organisation_ids(person_id)))
    return f",{','.join(str(pk) for pk in ids)}," if ids else ""


def audit_events_q(actor) -> Q:
    """Which audit events the actor may read."""
    if _registered:
        return _registered[0].audit_events_q(actor)
    return Q() if getattr(actor, "is_superuser", False) else Q(pk__in=[])


def reaches(actor, person) -> bool:
    """Is `person` among the people `actor` works with?"""
    condition = people_q(actor)
    if not condition:
        return True
    return type(person)._default_manager.filter(condition, pk=person.pk).exists()


def placeable_organisations(actor):
    return _registered[0].organisations(actor) if _registered else None


def place(person, organisation) -> None:
    if _registered and organisation is not None:
        _registered[0].place(person, organisation)
