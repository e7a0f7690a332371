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
