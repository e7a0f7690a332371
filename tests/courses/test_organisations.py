"""Organisations (issue 17, part 1): a programme admin works within the organisations that
name them, a national admin sees all, and existing data moves into a first organisation.

The authorization table (tests/security/url_table.py, role admin_other_org) asks every admin
route as an admin of another organisation; these tests follow the rule through the lists,
forms and figures a programme admin uses, with two organisations side by side.
"""

import io
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from assessments.supervise.workload import supervisors_for
from certificates.admin.views import certificates_for
from courses.models import Cohort, Enrolment, Organisation
from courses.organisations import (
    cohorts_for,
    enrolments_for,
    people_for,
    reaches_person,
    scope_for,
)
from lms import roles
from lms.admin import grantable_groups
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    SupervisorFactory,
    UserFactory,
)
from tests.factories.certificates import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    """The home organisation with its admin, cohort, supervisor and trainee, and a partner
    organisation with its own; `both` is a trainee in a cohort of each."""
    home = OrganisationFactory()
    partner = OrganisationFactory(name="Saathi Partner Network")
    people = {
        "home_admin": UserFactory(role=roles.PROGRAMME_ADMIN, full_name="Hema Homeadmin"),
        "partner_admin": UserFactory(
            role=roles.PROGRAMME_ADMIN, full_name="Parul Partneradmin", organisation=partner
        ),
        "home_supervisor": SupervisorFactory(full_name="Harish Homesup"),
        "partner_supervisor": SupervisorFactory(full_name="Pooja Partnersup"),
        "home_trainee": UserFactory(role=roles.TRAINEE, full_name="Hari Hometrainee"),
        "partner_trainee": UserFactory(role=roles.TRAINEE, full_name="Pia Partnertrainee"),
        "both": UserFactory(role=roles.TRAINEE, full_name="Bina Bothplaces"),
    }
    home_cohort = CohortFactory(name="Home cohort", supervisors=[people["home_supervisor"]])
    partner_cohort = CohortFactory(
        name="Partner cohort", organisation=partner, supervisors=[people["partner_supervisor"]]
    )
    enrolments = {
        "home": EnrolmentFactory(
            user=people["home_trainee"], course=home_cohort.course, cohort=home_cohort
        ),
        "partner": EnrolmentFactory(
            user=people["partner_trainee"], course=partner_cohort.course, cohort=partner_cohort
        ),
        "both_home": EnrolmentFactory(
            user=people["both"], course=home_cohort.course, cohort=home_cohort
        ),
        "both_partner": EnrolmentFactory(
            user=people["both"], course=partner_cohort.course, cohort=partner_cohort
        ),
    }
    national = UserFactory(role=roles.NATIONAL_ADMIN, full_name="Kavita National")
    return {
        "home": home,
        "partner": partner,
        "home_cohort": home_cohort,
        "partner_cohort": partner_cohort,
        "enrolments": enrolments,
        "national": national,
        **people,
    }


def _names(queryset):
    return {user.full_name for user in queryset}


def test_each_programme_admin_sees_their_own_organisations_people_and_records(two):
    partner_admin, home_admin = two["partner_admin"], two["home_admin"]

    assert set(cohorts_for(partner_admin)) == {two["partner_cohort"]}
    assert set(enrolments_for(partner_admin)) == {
        two["enrolments"]["partner"],
        two["enrolments"]["both_partner"],
    }
    people = _names(people_for(partner_admin))
    assert {"Pia Partnertrainee", "Pooja Partnersup", "Bina Bothplaces"} <= people
    assert not people & {"Hari Hometrainee", "Harish Homesup", "Hema Homeadmin"}
    # A trainee in cohorts of both organisations belongs to both.
    assert reaches_person(home_admin, two["both"]) and reaches_person(partner_admin, two["both"])
    assert not reaches_person(partner_admin, two["home_trainee"])
    assert _names(supervisors_for(partner_admin)) == {"Pooja Partnersup"}


def test_a_national_admin_sees_every_organisation_without_being_an_administrator(two):
    national = two["national"]
    assert not national.is_superuser
    assert scope_for(national).national
    assert set(cohorts_for(national)) == set(Cohort.objects.all())
    assert enrolments_for(national).count() == Enrolment.objects.count()
    assert {"Hari Hometrainee", "Pia Partnertrainee"} <= _names(people_for(national))


def test_an_admin_named_by_no_organisation_sees_nothing(two):
    stray = UserFactory(role=roles.PROGRAMME_ADMIN, organisation=False)
    assert not cohorts_for(stray).exists()
    assert not enrolments_for(stray).exists()
    assert not people_for(stray).exists()


def test_the_home_organisation_holds_people_and_self_enrolments_nobody_placed(two):
    newcomer = UserFactory(role=roles.TRAINEE, full_name="Nita Newcomer")
    self_enrolled = EnrolmentFactory(user=newcomer, course=two["home_cohort"].course)
    assert self_enrolled.cohort is None

    assert reaches_person(two["home_admin"], newcomer)
    assert self_enrolled in enrolments_for(two["home_admin"])
    assert not reaches_person(two["partner_admin"], newcomer)
    assert self_enrolled not in enrolments_for(two["partner_admin"])


def test_admin_lists_show_only_the_admins_organisations(client, two):
    client.force_login(two["partner_admin"])
    pages = {
        "cohorts": reverse("cohort:index"),
        "enrolments": reverse("enrolment:index"),
        "people": reverse("wagtailusers_users:index"),
        "practice": reverse("practice_records:index"),
        "needs supervisor": reverse("needs_supervisor:index"),
        "workload": reverse("supervisor_workload:index"),
    }
    for name, url in pages.items():
        page = client.get(url).content.decode()
        assert "Hari Hometrainee" not in page and "Harish Homesup" not in page, name
        assert "Home cohort" not in page, name
    assert "Partner cohort" in client.get(pages["cohorts"]).content.decode()
    assert "Pia Partnertrainee" in client.get(pages["enrolments"]).content.decode()
    assert "Pia Partnertrainee" in client.get(pages["people"]).content.decode()


def test_another_organisations_objects_do_not_exist_for_an_admin(client, two):
    client.force_login(two["partner_admin"])
    home = two["enrolments"]["home"]
    for url in (
        reverse("cohort:edit", args=[two["home_cohort"].pk]),
        reverse("enrolment:edit", args=[home.pk]),
        reverse("enrolment:assign", args=[home.pk]),
        reverse("practice_records:history", args=[home.pk]),
        reverse("practice_records:cohort_csv", args=[two["home_cohort"].pk]),
        reverse("wagtailusers_users:history", args=[two["home_trainee"].pk]),
    ):
        assert client.get(url).status_code == 404, url
    # Posting to them changes nothing either.
    client.post(reverse("cohort:edit", args=[two["home_cohort"].pk]), {"name": "Taken"})
    assert Cohort.objects.get(pk=two["home_cohort"].pk).name == "Home cohort"
    response = client.post(
        reverse("enrolment:assign", args=[home.pk]),
        {"supervisor": two["partner_supervisor"].pk},
    )
    assert response.status_code == 404
    assert not home.supervisions.exists()


def test_certificates_and_the_register_are_per_organisation(client, two):
    home_certificate = CertificateFactory(enrolment=two["enrolments"]["home"], issued=True)
    partner_certificate = CertificateFactory(enrolment=two["enrolments"]["partner"], issued=True)
    assert list(certificates_for(two["partner_admin"])) == [partner_certificate]

    client.force_login(two["partner_admin"])
    detail = reverse("certificates_admin:detail", args=[home_certificate.pk])
    assert client.get(detail).status_code == 404
    register = client.get(reverse("certificates_admin:index"), {"export": "csv"})
    rows = b"".join(register.streaming_content).decode()
    assert partner_certificate.code_display in rows and "Saathi Partner Network" in rows
    assert home_certificate.code_display not in rows

    client.force_login(two["national"])
    page = client.get(reverse("certificates_admin:index")).content.decode()
    assert "Every organisation" in page  # several organisations: a filter
    rows = client.get(
        reverse("certificates_admin:index"),
        {"export": "csv", "organisation": two["partner"].pk},
    )
    rows = b"".join(rows.streaming_content).decode()
    assert partner_certificate.code_display in rows
    assert home_certificate.code_display not in rows


def test_a_cohort_is_created_in_the_admins_organisation_only(client, two):
    partner_admin = two["partner_admin"]
    client.force_login(partner_admin)
    course = two["partner_cohort"].course
    data = {"course": course.pk, "name": "Second partner cohort", "starts_on": "2026-12-01"}
    # Asking for another organisation is refused in the form, not obeyed.
    response = client.post(reverse("cohort:add"), {**data, "organisation": two["home"].pk})
    assert response.status_code == 200
    assert not Cohort.objects.filter(name="Second partner cohort").exists()
    # Running one organisation, nobody asks which.
    assert client.post(reverse("cohort:add"), data).status_code == 302
    assert Cohort.objects.get(name="Second partner cohort").organisation == two["partner"]
    # A supervisor of another organisation is not offered.
    page = client.get(reverse("cohort:add")).content.decode()
    assert "Pooja Partnersup" in page and "Harish Homesup" not in page


def test_an_admin_of_two_organisations_chooses_one(client, two):
    both_admin = UserFactory(role=roles.PROGRAMME_ADMIN, organisation=two["partner"])
    two["home"].admins.add(both_admin)
    client.force_login(both_admin)
    course = two["home_cohort"].course
    data = {"course": course.pk, "name": "Chosen cohort", "starts_on": "2026-12-01"}
    response = client.post(reverse("cohort:add"), data)
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    client.post(reverse("cohort:add"), {**data, "organisation": two["partner"].pk})
    assert Cohort.objects.get(name="Chosen cohort").organisation == two["partner"]


def test_a_person_added_by_a_partner_admin_joins_that_organisation(client, two):
    client.force_login(two["partner_admin"])
    trainee_group = (
        get_user_model()._meta.get_field("groups").related_model.objects.get(name=roles.TRAINEE)
    )
    response = client.post(
        reverse("wagtailusers_users:add"),
        {"email": "newpartner@example.org", "full_name": "Neha New", "groups": [trainee_group.pk]},
    )
    assert response.status_code == 302
    person = get_user_model().objects.get(email="newpartner@example.org")
    assert list(person.organisations.all()) == [two["partner"]]
    assert reaches_person(two["partner_admin"], person)
    assert not reaches_person(two["home_admin"], person)


def test_nobody_but_an_administrator_grants_the_national_admin_role(two):
    national_group = grantable_groups(two["home_admin"]).filter(name=roles.NATIONAL_ADMIN)
    assert not national_group.exists()
    assert not grantable_groups(two["national"]).filter(name=roles.NATIONAL_ADMIN).exists()


def test_a_national_admin_adds_an_organisation_and_names_its_admin(client, two):
    client.force_login(two["national"])
    response = client.post(
        reverse("organisation:add"),
        {"name": "  Third   Organisation ", "admins": [two["home_admin"].pk]},
    )
    assert response.status_code == 302
    third = Organisation.objects.get(name="Third Organisation")
    assert list(third.admins.all()) == [two["home_admin"]]
    # A programme admin cannot reach the organisations at all.
    client.force_login(two["partner_admin"])
    response = client.get(reverse("organisation:index"))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_the_demo_has_two_organisations_that_do_not_see_each_other():
    call_command("load_demo", stdout=StringIO())
    User = get_user_model()
    admin = User.objects.get(email="admin@example.org")
    partner_admin = User.objects.get(email="admin.partner@example.org")
    national = User.objects.get(email="national@example.org")
    partner_trainee = User.objects.get(email="trainee.partner@example.org")
    trainee = User.objects.get(email="trainee@example.org")

    assert Organisation.objects.count() == 2
    assert reaches_person(partner_admin, partner_trainee)
    assert not reaches_person(partner_admin, trainee)
    assert not reaches_person(admin, partner_trainee)
    assert reaches_person(national, partner_trainee) and reaches_person(national, trainee)


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_moves_existing_cohorts_and_people_into_a_first_organisation(settings):
    """On a populated database from before organisations: one is created, named after the
    site; every cohort joins it, programme admins run it, everyone else is a member."""
    settings.WAGTAIL_SITE_NAME = "Asha Peer Network"
    before = [("courses", "0005_content_locales")]
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    course = CohortFactory().course  # a course page; the cohort goes with the rollback
    Cohort.objects.all().delete()
    Organisation.objects.all().delete()
    admin = UserFactory(role=roles.PROGRAMME_ADMIN, organisation=False)
    trainee = UserFactory(role=roles.TRAINEE)
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        OldCohort = old.get_model("courses", "Cohort")
        OldEnrolment = old.get_model("courses", "Enrolment")
        cohort = OldCohort.objects.create(course_id=course.pk, name="Old", starts_on="2026-01-05")
        OldEnrolment.objects.create(user_id=trainee.pk, course_id=course.pk, cohort_id=cohort.pk)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(leaves)

    first = Organisation.objects.get()
    assert first.name == "Asha Peer Network"
    assert Cohort.objects.get(name="Old").organisation == first
    assert list(first.admins.all()) == [admin]
    assert trainee in first.members.all()
    assert enrolments_for(admin).filter(user=trainee).exists()


def test_an_import_names_only_supervisors_of_the_admins_organisations(client, two):
    from courses.enrolment_import import ImportRefused, enrolments_import
    from tests.factories import enrolment_csv

    home_supervisor = two["home_supervisor"].email
    file = io.BytesIO(enrolment_csv(("new.one@example.org", "New One", home_supervisor)))
    with pytest.raises(ImportRefused) as refused:
        enrolments_import(cohort=two["partner_cohort"], file=file, by=two["partner_admin"])
    assert f"No account has the supervisor email {home_supervisor}" in str(
        [error.message for error in refused.value.errors]
    )
    assert not get_user_model().objects.filter(email="new.one@example.org").exists()


def test_the_site_history_names_only_the_admins_organisations_people(client, two):
    from wagtail.log_actions import log

    log(instance=two["home_trainee"], action="wagtail.edit", user=two["national"])
    log(instance=two["enrolments"]["home"], action="wagtail.edit", user=two["national"])
    log(instance=two["partner_trainee"], action="wagtail.edit", user=two["national"])
    client.force_login(two["partner_admin"])
    page = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Pia Partnertrainee" in page
    assert "Hari Hometrainee" not in page
    client.force_login(two["home_admin"])
    page = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Hari Hometrainee" in page and "Pia Partnertrainee" not in page


def test_a_cohorts_history_opens_for_its_admin_and_not_for_another(client, two):
    from wagtail.log_actions import log

    log(instance=two["home_cohort"], action="wagtail.edit", user=two["home_admin"])
    url = reverse("cohort:history", args=[two["home_cohort"].pk])
    client.force_login(two["home_admin"])
    assert client.get(url).status_code == 200
    client.force_login(two["partner_admin"])
    assert client.get(url).status_code == 404


def test_an_organisation_that_runs_cohorts_is_not_deleted(client, two):
    client.force_login(two["national"])
    response = client.post(reverse("organisation:delete", args=[two["partner"].pk]), follow=True)
    assert "runs cohorts, so it cannot be deleted" in response.content.decode()
    assert Organisation.objects.filter(pk=two["partner"].pk).exists()
    empty = OrganisationFactory(name="Added by mistake")
    client.post(reverse("organisation:delete", args=[empty.pk]))
    assert not Organisation.objects.filter(pk=empty.pk).exists()


def test_two_organisations_cannot_share_a_name_in_any_case(client, two):
    from django.db import IntegrityError, transaction

    client.force_login(two["national"])
    response = client.post(reverse("organisation:add"), {"name": "saathi partner network"})
    assert response.status_code == 200
    assert "Another organisation already has this name." in response.content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="SAATHI PARTNER NETWORK")
