"""Users with a role, a verified email and a known password."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"primary": True, "verified": True}
            )

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        """The name of a role group (see lms.roles) to put the user in: role="Trainee"."""
        if create and extracted:
            obj.groups.add(Group.objects.get(name=extracted))

    @factory.post_generation
    def organisation(obj, create, extracted, **kwargs):
        """A programme admin runs the first organisation (the one CohortFactory's cohorts
        share), as after the upgrade; `organisation=<Organisation>` names another, and
        `organisation=False` none."""
        if not create or extracted is False:
            return
        if extracted is None:
            if not obj.groups.filter(name="Programme admin").exists():
                return
            from .cohorts import OrganisationFactory

            extracted = OrganisationFactory()
        extracted.admins.add(obj)
