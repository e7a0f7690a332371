"""Cohorts (with supervisors) and CSV files for the enrolment import."""

import datetime

import factory
from django.conf import settings

from courses.models import Cohort, Organisation
from lms import roles

from .courses import course_tree_build
from .lms import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation; without a name, the home organisation setup_site made, which every
    test's cohorts share by default. `admins=[user, ...]` and `members=[user, ...]` add
    people."""

    class Meta:
        model = Organisation
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.LazyFunction(lambda: settings.WAGTAIL_SITE_NAME)

    @factory.post_generation
    def admins(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.admins.add(*extracted)

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.members.add(*extracted)


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort of a fresh one-lesson course, run by the first organisation unless told;
    `supervisors=[user, ...]` adds supervisors."""

    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    course = factory.LazyFunction(lambda: course_tree_build(modules=1, lessons=1).course)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = factory.LazyFunction(datetime.date.today)
    ends_on = None

    @factory.post_generation
    def supervisors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.supervisors.add(*extracted)


def SupervisorFactory(**kwargs):  # noqa: N802 - reads like the factories beside it
    """A user with the Supervisor role."""
    return UserFactory(role=roles.SUPERVISOR, **kwargs)


def enrolment_csv(*rows, header="email,full name,supervisor email", bom=False) -> bytes:
    """The bytes of an enrolment CSV: `rows` are tuples or ready-made lines."""
    lines = [header] if header is not None else []
    for row in rows:
        lines.append(row if isinstance(row, str) else ",".join(row))
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")
