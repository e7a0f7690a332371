"""Cohorts (with supervisors) and CSV files for the enrolment import."""

import datetime

import factory

from courses.models import Cohort
from lms import roles

from .courses import course_tree_build
from .lms import UserFactory


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort of a fresh one-lesson course; `supervisors=[user, ...]` adds supervisors."""

    class Meta:
        model = Cohort
        skip_postgeneration_save = True

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
