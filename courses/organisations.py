"""Which organisations' people and records a staff member works with: the one rule.

A national admin (the "National admin" role, which holds `courses.see_all_organisations`)
and an administrator work with every organisation. A programme admin works within the
organisations that name them among their admins (`Organisation.admins`). Everyone else
(trainees, supervisors, editors, reviewers) has no organisation scope here: what they see
is decided by their own rules (their enrolments, their supervisees, the national content).

What belongs to an organisation:
- a cohort, by its `organisation`;
- an enrolment, by its cohort's; an enrolment without a cohort (a self-enrolment nobody has
  placed yet) belongs to the home organisation;
- everything hanging off an enrolment (practice logs, quiz attempts, certificates,
  sign-offs), by its enrolment;
- a person, through their organisations: enrolled in one of its cohorts, supervising one,
  one of its admins, or an explicit member (added by its admins). A trainee can belong to
  cohorts of two organisations, and then both see them. A person none of these places (who
  signed up themselves, say) belongs to the home organisation.

The home organisation is the first one (lowest id): the one `setup_site` or the upgrade
created. For a small programme it is the only one and nothing changes; in a national
programme it is the national body's own, where unplaced people wait to be placed.

Every admin list, filter, chooser, export and object page narrows its queryset with the Q
objects below; a view never writes its own organisation filter. The scope is read once per
request (cached on the user object).
"""

import contextlib
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

NATIONAL_PERMISSION = "courses.see_all_organisations"
_CACHE_ATTR = "_lms_organisation_scope"


@dataclass(frozen=True)
class Scope:
    national: bool
    organisation_ids: frozenset
    home: bool = False  # the home organisation is among them

    @property
    def empty(self) -> bool:
        return not self.national and not self.organisation_ids


def is_national(user) -> bool:
    """Every organisation: administrators and holders of the national permission."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.has_perm(NATIONAL_PERMISSION)


def scope_for(user) -> Scope:
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if is_national(user):
        scope = Scope(national=True, organisation_ids=frozenset())
    elif user is not None and user.is_authenticated and user.is_active:
        from courses.models import Organisation

        ids = frozenset(
            Organisation.admins.through.objects.filter(user_id=user.pk).values_list(
                "organisation_id", flat=True
            )
        )
        home = ids and Organisation.objects.order_by("pk").values_list("pk", flat=True).first()
        scope = Scope(national=False, organisation_ids=ids, home=bool(ids) and home in ids)
    else:
        scope = Scope(national=False, organisation_ids=frozenset())
    with contextlib.suppress(AttributeError):  # AnonymousUser and friends
        setattr(user, _CACHE_ATTR, scope)
    return scope


def scope_forget(user) -> None:
    """Drop the cached scope (after changing someone's organisations in the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


_NOTHING = Q(pk__in=[])


def organisations_q(user, path: str = "") -> Q:
    """Organisations the user works within (`path`: the lookup leading to an Organisation)."""
    scope = scope_for(user)
    if scope.national:
        return Q()
    if scope.empty:
        return _NOTHING
    return Q(**{f"{path}pk__in" if path else "pk__in": scope.organisation_ids})


def cohorts_q(user, path: str = "") -> Q:
    """Cohorts in scope; `path` leads to a Cohort ("" on Cohort, "cohort__" on Enrolment)."""
    scope = scope_for(user)
    if scope.national:
        return Q()
    if scope.empty:
        return _NOTHING
    return Q(**{f"{path}organisation_id__in": scope.organisation_ids})


def enrolments_q(user, path: str = "") -> Q:
    """Enrolments in scope; `path` leads to an Enrolment ("" on Enrolment, "enrolment__" on
    a practice log, an attempt or a certificate)."""
    scope = scope_for(user)
    if scope.national:
        return Q()
    if scope.empty:
        return _NOTHING
    in_cohorts = Q(**{f"{path}cohort__organisation_id__in": scope.organisation_ids})
    if scope.home:
        return in_cohorts | Q(**{f"{path}cohort__isnull": True})
    return in_cohorts


def people_q(user, field: str = "pk") -> Q:
    """People in scope; `field` names the user id on the queried model ("pk" on User)."""
    scope = scope_for(user)
    if scope.national:
        return Q()
    if scope.empty:
        return _NOTHING
    from courses.models import Cohort, Enrolment, Organisation

    person = OuterRef(field)
    # (rows tying a person to an organisation, the lookup from such a row to the organisation)
    ties = (
        (Organisation.members.through.objects, "organisation_id"),
        (Organisation.admins.through.objects, "organisation_id"),
        (Enrolment.objects, "cohort__organisation_id"),
        (Cohort.supervisors.through.objects, "cohort__organisation_id"),
    )
    condition = Q()
    for rows, lookup in ties:
        tied = rows.filter(user_id=person, **{f"{lookup}__in": scope.organisation_ids})
        condition |= Q(Exists(tied))
    if scope.home:
        # Nobody has placed them: no membership, no cohort, no organisation to run.
        unplaced = Q()
        for rows, lookup in ties:
            unplaced &= ~Q(Exists(rows.filter(user_id=person, **{f"{lookup}__isnull": False})))
        condition |= unplaced
    return condition


def records_q(user, path: str = "") -> Q:
    """For figures both content staff and programme admins read (quiz reports): a programme
    admin's organisations' enrolments; for editors and reviewers, who judge national
    content by its aggregates and hold no enrolment permission, every enrolment."""
    if user is None:
        return Q()
    if user.has_perm("courses.view_enrolment"):
        return enrolments_q(user, path)
    return Q()


def log_entries_q(user) -> Q:
    """Wagtail's model log entries (the admin's site history) a programme admin may read:
    entries about cohorts, enrolments, supervisions and people only when the object is in
    their organisations (an entry's label is the object's name, a person's full name)."""
    scope = scope_for(user)
    if scope.national:
        return Q()
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Subquery
    from django.db.models.functions import Cast

    from courses.models import Cohort, Enrolment, Organisation, Supervision

    User = get_user_model()

    def ids(queryset):
        return Subquery(queryset.annotate(text_id=Cast("pk", CharField())).values("text_id"))

    scoped = {
        Cohort: ids(Cohort.objects.filter(cohorts_q(user))),
        Enrolment: ids(Enrolment.objects.filter(enrolments_q(user))),
        Supervision: ids(Supervision.objects.filter(enrolments_q(user, "enrolment__"))),
        User: ids(User.objects.filter(people_q(user))),
        Organisation: ids(Organisation.objects.filter(organisations_q(user))),
    }
    types = ContentType.objects.get_for_models(*scoped)
    condition = ~Q(content_type__in=list(types.values()))
    for model, allowed in scoped.items():
        condition |= Q(content_type=types[model], object_id__in=allowed)
    return condition


def home_organisation():
    """The first organisation, which holds what no other does (None before setup_site)."""
    from courses.models import Organisation

    return Organisation.objects.order_by("pk").first()


def in_organisation_q(organisation, path: str = "") -> Q:
    """Enrolments of one organisation (a filter, inside the scope); `path` as enrolments_q."""
    condition = Q(**{f"{path}cohort__organisation": organisation})
    home = home_organisation()
    if home is not None and home.pk == organisation.pk:
        condition |= Q(**{f"{path}cohort__isnull": True})
    return condition


def organisation_name_expression(path: str = ""):
    """An expression for the name of the organisation an enrolment belongs to (annotate)."""
    from django.db.models import Value
    from django.db.models.functions import Coalesce

    home = home_organisation()
    return Coalesce(f"{path}cohort__organisation__name", Value(home.name if home else ""))


def organisations_for(user):
    from courses.models import Organisation

    return Organisation.objects.filter(organisations_q(user))


def cohorts_for(user, queryset=None):
    from courses.models import Cohort

    queryset = Cohort.objects.all() if queryset is None else queryset
    return queryset.filter(cohorts_q(user))


def enrolments_for(user, queryset=None):
    from courses.models import Enrolment

    queryset = Enrolment.objects.all() if queryset is None else queryset
    return queryset.filter(enrolments_q(user))


def people_for(user, queryset=None):
    from django.contrib.auth import get_user_model

    queryset = get_user_model().objects.all() if queryset is None else queryset
    return queryset.filter(people_q(user))


def person_organisation_ids(person_id: int) -> list[int]:
    """The organisations a person is in, by the same ties as people_q (membership, running
    one, a cohort's enrolment or supervision); nobody placed them: the home organisation.
    One query (two for an unplaced person)."""
    from courses.models import Cohort, Enrolment, Organisation

    ties = (
        Organisation.members.through.objects.filter(user_id=person_id).values_list(
            "organisation_id"
        ),
        Organisation.admins.through.objects.filter(user_id=person_id).values_list(
            "organisation_id"
        ),
        Enrolment.objects.filter(user_id=person_id, cohort__isnull=False).values_list(
            "cohort__organisation_id"
        ),
        Cohort.supervisors.through.objects.filter(user_id=person_id).values_list(
            "cohort__organisation_id"
        ),
    )
    ids = {pk for (pk,) in ties[0].order_by().union(*(tie.order_by() for tie in ties[1:]))}
    if not ids:
        home = home_organisation()
        return [home.pk] if home is not None else []
    return sorted(ids)


def audit_events_q(user) -> Q:
    """Audit events (lms.AuditEvent) a user may read: national admins all; a programme admin
    those filed under one of their organisations (events about their people)."""
    scope = scope_for(user)
    if scope.national:
        return Q()
    if scope.empty:
        return _NOTHING
    condition = Q()
    for pk in sorted(scope.organisation_ids):
        condition |= Q(organisations__contains=f",{pk},")
    return condition


def person_place(person, organisation) -> None:
    """Make `person` an explicit member of `organisation` (an admin of it added them)."""
    organisation.members.add(person)


def reaches_person(user, person) -> bool:
    """May `user` (a programme admin) work with `person`'s account at all?"""
    if scope_for(user).national:
        return True
    return people_for(user).filter(pk=person.pk).exists()


# --- Applying the rule in Wagtail's generic views -------------------------------------------


class ScopedObjectsMixin:
    """For a Wagtail generic view over a model: only objects in the user's scope exist.

    `scope_q(user)` returns the Q object; listings narrow their base queryset, and every
    single-object view (edit, delete, inspect, history, usage) answers 404 for an object
    outside the scope, as if it did not exist.
    """

    scope_q = None

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        # A history or usage view lists other models (log entries, references): their
        # object is checked in get_object instead.
        if queryset.model is not self.model:
            return queryset
        return queryset.filter(self.scope_q(self.request.user))

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        user = self.request.user
        condition = self.scope_q(user)
        if condition and not type(obj)._default_manager.filter(condition, pk=obj.pk).exists():
            policy = getattr(self, "permission_policy", None)
            # Someone without the model's permissions is refused by Wagtail as usual.
            if policy is None or policy.user_has_any_permission(
                user, ["add", "change", "delete", "view"]
            ):
                raise Http404
        return obj


class ScopedViewSetMixin:
    """For a Wagtail ViewSet: every view it builds goes through ScopedObjectsMixin."""

    scope_q = None

    def construct_view(self, view_class, **kwargs):
        scoped = type(
            f"Scoped{view_class.__name__}",
            (ScopedObjectsMixin, view_class),
            {"scope_q": staticmethod(type(self).scope_q)},
        )
        return super().construct_view(scoped, **kwargs)
