"""Practice categories and logs. A log's start defaults to yesterday morning in UTC, after an
enrolment made now would begin, so build logs for enrolments whose `enrolled_at` is earlier."""

from datetime import timedelta

import factory
from django.utils import timezone

from assessments.models import Competency, PracticeCategory, PracticeLog

from .courses import EnrolmentFactory


class PracticeCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeCategory
        django_get_or_create = ("course", "name")

    course = factory.LazyFunction(lambda: EnrolmentFactory().course)
    name = factory.Iterator(["One-to-one peer support", "Group facilitation", "Shadowing"])
    sort_order = factory.Sequence(int)


class PracticeLogFactory(factory.django.DjangoModelFactory):
    """A log written straight to the database (no service checks); `submitted=True` and
    `approved=True` set the status."""

    class Meta:
        model = PracticeLog

    enrolment = factory.SubFactory(EnrolmentFactory)
    category = factory.LazyAttribute(
        lambda o: PracticeCategoryFactory(course=o.enrolment.course, name="One-to-one")
    )
    started_at = factory.Sequence(
        lambda n: (
            timezone.now().replace(minute=0, second=0, microsecond=0)
            - timedelta(days=1, hours=2 * n)
        )
    )
    duration_minutes = 60
    mode = PracticeLog.Mode.IN_PERSON
    description = factory.Faker("sentence")
    status = PracticeLog.Status.DRAFT

    class Params:
        submitted = factory.Trait(
            status=PracticeLog.Status.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )
        approved = factory.Trait(status=PracticeLog.Status.APPROVED)


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency
        django_get_or_create = ("course", "name")

    course = factory.LazyFunction(lambda: EnrolmentFactory().course)
    name = factory.Iterator(
        [
            "Holds boundaries under pressure",
            "Uses self-disclosure with purpose",
            "Recognises risk and follows the referral protocol",
            "Looks after their own wellbeing",
        ]
    )
    description = "Seen in supervised practice, more than once."
    sort_order = factory.Sequence(int)
