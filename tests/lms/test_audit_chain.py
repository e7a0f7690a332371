"""The tamper-evident audit log (issue 18, part 5) and who looked (part 6): sign-offs,
competency sign-offs, certificate events, role changes and openings of a practice history
append chained entries; `audit_verify` names the first entry that was changed or removed;
the daily head is recorded and emailed; admins read their organisations' entries."""

import threading
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from certificates.models import Certificate, CertificateEvent
from certificates.services import certificate_revoke
from lms import roles
from lms.audit import audit_record
from lms.audit_chain import GENESIS, content_hash, verify
from lms.models import AppendOnlyError, AuditEvent
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.factories.certificates import CertificateFactory, certifiable_build

pytestmark = pytest.mark.django_db


def _verify(*args) -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        return exit.code, out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def _tamper(sql: str, params: list) -> None:
    """Change the table behind the application's back, as someone with database access
    would (on PostgreSQL, with the append-only trigger switched off first)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE lms_auditevent DISABLE TRIGGER lms_auditevent_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE lms_auditevent ENABLE TRIGGER lms_auditevent_append_only")


def _events(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("id"))


# --- What is recorded ------------------------------------------------------------------------


def test_sign_offs_and_certificate_events_append_entries_that_hold_ids_and_digests_only():
    admin = UserFactory(role=roles.PROGRAMME_ADMIN, full_name="Rohan Registrar")
    ready = certifiable_build()
    trainee = ready.enrolment.user
    certificate = CertificateFactory(enrolment=ready.enrolment)
    certificate_revoke(certificate=certificate, by=admin, reason="Issued to the wrong person")

    sign_off = ready.enrolment.practice_logs.get().sign_offs.get()
    (practice,) = _events(kind=AuditEvent.Kind.SIGN_OFF)
    assert practice.subject_id == trainee.pk
    assert practice.actor_id == ready.supervisor.pk
    assert practice.data["content_digest"] == sign_off.content_digest
    assert practice.data["sign_off_id"] == sign_off.pk
    (competency,) = _events(kind=AuditEvent.Kind.COMPETENCY_SIGN_OFF)
    assert competency.data["competency_id"] == ready.competency.pk
    revoked = _events(kind=AuditEvent.Kind.CERTIFICATE, data__event="revoked")
    assert [(e.subject_id, e.actor_id) for e in revoked] == [(trainee.pk, admin.pk)]
    # Every entry is filed under the trainee's (home) organisation and names nobody.
    everything = _events()
    words = " ".join(str(e.data) for e in everything)
    for name in (trainee.full_name, trainee.email, ready.supervisor.full_name, "wrong person"):
        assert name not in words
    # Each links to the one before it.
    previous = GENESIS
    for event in everything:
        assert event.previous_hash == previous
        assert event.hash == content_hash(event)
        previous = event.hash
    assert _verify()[0] == 0


def test_a_certificate_the_rules_issue_is_the_systems_even_inside_someones_request(rf):
    """Without a broker, a certificate is created at the end of the trainee's own request:
    the entry names no actor and says "system", never the trainee."""
    from lms.audit import AuditActorMiddleware

    certificate = CertificateFactory()
    request = rf.get("/learn/")
    request.user = certificate.user
    AuditActorMiddleware(
        lambda request: CertificateEvent.objects.create(
            certificate=certificate, kind=CertificateEvent.Kind.CREATED
        )
    )(request)
    (entry,) = _events(kind=AuditEvent.Kind.CERTIFICATE)
    assert (entry.subject_id, entry.actor_id) == (certificate.user_id, None)
    assert entry.source == AuditEvent.Source.SYSTEM


def test_regenerating_pdfs_records_each_certificate(programme_admin):
    from certificates.admin.services import certificates_regenerate

    first = CertificateFactory(issued=True)
    CertificateFactory(issued=True, enrolment=EnrolmentFactory(course=first.course))
    before = AuditEvent.objects.count()
    assert certificates_regenerate(course=first.course.specific, by=programme_admin) == 2
    rendered = _events(kind=AuditEvent.Kind.CERTIFICATE, data__event="rendered")
    assert len(rendered) == 2 and AuditEvent.objects.count() == before + 2
    assert {e.subject_id for e in rendered} == set(
        Certificate.objects.values_list("user_id", flat=True)
    )
    assert _verify()[0] == 0


def test_role_changes_are_in_the_chain():
    trainee = UserFactory(role=roles.TRAINEE)
    trainee.groups.add(Group.objects.get(name=roles.SUPERVISOR))
    event = _events(kind=AuditEvent.Kind.ROLES, subject_id=trainee.pk)[-1]
    supervisor = Group.objects.get(name=roles.SUPERVISOR).pk
    assert supervisor in event.data["after"] and supervisor not in event.data["before"]
    assert event.previous_hash != "" and _verify()[0] == 0


def test_opening_a_practice_history_records_who_looked(client, programme_admin):
    enrolment = EnrolmentFactory()
    client.force_login(programme_admin)
    response = client.get(reverse("practice_records:history", args=[enrolment.pk]))
    assert response.status_code == 200
    (looked,) = _events(kind=AuditEvent.Kind.RECORD_VIEWED)
    assert (looked.subject_id, looked.actor_id) == (enrolment.user_id, programme_admin.pk)
    assert looked.data == {"enrolment_id": enrolment.pk, "view": "practice_history"}


# --- Nobody changes it quietly ----------------------------------------------------------------


def test_events_cannot_be_changed_or_deleted_through_the_application():
    audit_record(kind=AuditEvent.Kind.CREATED, subject_id=1)
    event = AuditEvent.objects.get()
    event.data = {"rewritten": True}
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(kind=AuditEvent.Kind.DELETED)
    certificate_event = CertificateEvent.objects.create(
        certificate=CertificateFactory(), kind=CertificateEvent.Kind.REMINDED
    )
    with pytest.raises(AppendOnlyError):
        certificate_event.save()
    with pytest.raises(AppendOnlyError):
        certificate_event.delete()


def test_postgres_refuses_updating_or_deleting_audit_and_certificate_events(postgres):
    audit_record(kind=AuditEvent.Kind.CREATED, subject_id=1)
    CertificateEvent.objects.create(
        certificate=CertificateFactory(), kind=CertificateEvent.Kind.REMINDED
    )
    for sql in (
        "UPDATE lms_auditevent SET kind = 'account_deleted'",
        "DELETE FROM lms_auditevent",
        "UPDATE certificates_certificateevent SET kind = 'issued'",
        "DELETE FROM certificates_certificateevent",
    ):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.CREATED).exists()


def test_a_changed_entry_is_named_by_audit_verify():
    for subject in (1, 2, 3):
        audit_record(kind=AuditEvent.Kind.CREATED, subject_id=subject)
    middle = _events()[1]
    assert _verify()[0] == 0

    _tamper("UPDATE lms_auditevent SET subject_id = %s WHERE id = %s", [99, middle.pk])

    code, said = _verify()
    assert code == 1
    assert f"broken at entry {middle.pk}" in said and "changed" in said


def test_a_removed_entry_is_found_at_the_entry_after_it():
    for subject in (1, 2, 3):
        audit_record(kind=AuditEvent.Kind.CREATED, subject_id=subject)
    first, middle, last = _events()

    _tamper("DELETE FROM lms_auditevent WHERE id = %s", [middle.pk])

    code, said = _verify()
    assert code == 1 and f"broken at entry {last.pk}" in said


# --- The head, held outside -------------------------------------------------------------------


def test_the_daily_head_is_recorded_once_and_emailed(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.AUDIT_HEAD_EMAIL = "registrar@board.example"
    audit_record(kind=AuditEvent.Kind.CREATED, subject_id=1)
    head = AuditEvent.objects.order_by("-id").first()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("audit_head", stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("audit_head", stdout=StringIO())  # again the same day: nothing more

    (recorded,) = _events(kind=AuditEvent.Kind.HEAD)
    assert recorded.data["head_id"] == head.pk and recorded.data["head_hash"] == head.hash
    (email,) = mailoutbox
    assert email.to == ["registrar@board.example"]
    assert f"--expect-head {head.pk}:{head.hash}" in email.body
    assert _verify("--expect-head", f"{head.pk}:{head.hash}")[0] == 0


def test_removing_the_newest_entries_is_caught_by_the_head_held_outside():
    for subject in (1, 2, 3):
        audit_record(kind=AuditEvent.Kind.CREATED, subject_id=subject)
    last = _events()[-1]
    held = f"{last.pk}:{last.hash}"

    _tamper("DELETE FROM lms_auditevent WHERE id = %s", [last.pk])

    assert _verify()[0] == 0  # what is left is a valid chain on its own
    code, said = _verify("--expect-head", held)
    assert code == 1 and f"broken at entry {last.pk}" in said
    with pytest.raises(CommandError, match="ID:HASH"):
        _verify("--expect-head", "nonsense")


# --- Reading it --------------------------------------------------------------------------------


@pytest.fixture
def two_organisations():
    home = OrganisationFactory()
    partner = OrganisationFactory(name="Saathi Partner Network")
    home_trainee = UserFactory(role=roles.TRAINEE, full_name="Hari Hometrainee")
    partner_trainee = UserFactory(role=roles.TRAINEE, full_name="Pia Partnertrainee")
    EnrolmentFactory(user=home_trainee, cohort=CohortFactory(organisation=home))
    EnrolmentFactory(user=partner_trainee, cohort=CohortFactory(organisation=partner))
    return {
        "home": home,
        "partner": partner,
        "home_trainee": home_trainee,
        "partner_trainee": partner_trainee,
        "home_admin": UserFactory(role=roles.PROGRAMME_ADMIN, organisation=home),
        "partner_admin": UserFactory(role=roles.PROGRAMME_ADMIN, organisation=partner),
        "national": UserFactory(role=roles.NATIONAL_ADMIN),
    }


def _listed(client, user, **query):
    client.force_login(user)
    response = client.get(reverse("audit_log"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_programme_admins_read_their_organisations_entries_and_national_admins_all(
    client, two_organisations
):
    world = two_organisations
    home = audit_record(kind=AuditEvent.Kind.EMAIL, subject_id=world["home_trainee"].pk)
    partner = audit_record(kind=AuditEvent.Kind.EMAIL, subject_id=world["partner_trainee"].pk)
    assert home.organisations == f",{world['home'].pk},"
    assert partner.organisations == f",{world['partner'].pk},"

    page = _listed(client, world["home_admin"], kind=AuditEvent.Kind.EMAIL)
    trail = page[page.index('data-controller="w-breadcrumbs"') :]
    assert "Audit log" in trail[: trail.index("</nav>")], "the header's trail names the page"
    assert "Hari Hometrainee" in page and "Pia Partnertrainee" not in page
    assert f'title="{partner.hash}"' not in page
    page = _listed(client, world["partner_admin"], kind=AuditEvent.Kind.EMAIL)
    assert "Pia Partnertrainee" in page and "Hari Hometrainee" not in page
    page = _listed(client, world["national"], kind=AuditEvent.Kind.EMAIL)
    assert "Pia Partnertrainee" in page and "Hari Hometrainee" in page
    # Filtered by person.
    page = _listed(client, world["national"], person="Hometrainee")
    assert "Hari Hometrainee" in page and "Pia Partnertrainee" not in page


def test_the_audit_log_is_refused_to_other_roles_with_a_reason(client, editor, trainee):
    client.force_login(editor)
    response = client.get(reverse("audit_log"))
    assert response.status_code == 403
    assert "for programme admins" in response.content.decode()
    client.force_login(trainee)
    assert client.get(reverse("audit_log")).status_code in (302, 403)


def test_the_audit_log_takes_the_same_queries_for_a_few_entries_and_a_page_full(
    client, django_assert_max_num_queries, two_organisations
):
    world = two_organisations
    client.force_login(world["national"])
    client.get(reverse("audit_log"))  # the admin's own first-request work
    audit_record(kind=AuditEvent.Kind.EMAIL, subject_id=world["home_trainee"].pk)
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("audit_log"))
    for _ in range(40):
        audit_record(kind=AuditEvent.Kind.EMAIL, subject_id=world["partner_trainee"].pk)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("audit_log"))
    assert len(many) == len(few)


# --- Two writers at once, and the upgrade ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_postgres_two_writers_at_once_never_fork_the_chain(postgres):
    barrier = threading.Barrier(4)
    failures = []

    def write(subject):
        try:
            barrier.wait(timeout=10)
            for _ in range(5):
                with transaction.atomic():
                    audit_record(kind=AuditEvent.Kind.CREATED, subject_id=subject)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.CREATED).count() == 20
    assert verify().ok


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_chains_the_events_already_written():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    before = [("lms", "0006_notices")]
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps.get_model("lms", "AuditEvent")
        for subject in (5, 6, 7):
            old.objects.create(kind="account_created", subject_id=subject, source="system")
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(leaves)
    old_events = _events(kind=AuditEvent.Kind.CREATED, subject_id__in=[5, 6, 7])
    assert len(old_events) == 3 and old_events[0].previous_hash == GENESIS
    assert verify().ok
    audit_record(kind=AuditEvent.Kind.CREATED, subject_id=8)
    assert _events()[-1].previous_hash == old_events[-1].hash and verify().ok
