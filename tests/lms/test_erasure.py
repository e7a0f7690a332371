"""Erasure (issue 18, part 3; lms/erasure.py, docs/decisions/0016-erasure.md): asked for, a
cooling-off period the person may cancel, then every free text they wrote, and what others
wrote about them, is gone from every table and stored file, the account is a pseudonym that
cannot sign in, and the register keeps what it must: the certificate verifies with the name
as printed, and the sign-off digests stay in the audit chain."""

import io
import json
import os
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import ModelLogEntry

from assessments.models import AttemptAnswer, CompetencySignOff, SignOff
from assessments.quizzes import services as attempt_services
from courses.models import Enrolment
from lms import erasure, roles
from lms.audit_chain import verify
from lms.models import AuditEvent, DataExport, ErasureRequest, Notice, OutboxMessage, User
from tests.factories import UserFactory
from tests.factories.practice import CompetencyFactory, PracticeLogFactory
from tests.lms.test_data_export import MARKERS, supervisor_s, world  # noqa: F401  (fixtures)
from tests.ops.test_storage_s3 import on_s3, s3_server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
ERASE_URL = "/accounts/data/erase/"
CANCEL_URL = "/accounts/data/erase/cancel/"
REAUTH_URL = "/accounts/reauthenticate/"
PROFILE_URL = "/accounts/profile/"
# Written by others about the trainee: supervisors' and graders' comments.
MORE_MARKERS = {
    "email": "zqxemailmarker",
    "sign_off_comment": "zqxSignOffCommentMarker",
    "competency_comment": "zqxCompetencyCommentMarker",
    "grader_comment": "zqxGraderCommentMarker",
}
ALL_MARKERS = {**MARKERS, **MORE_MARKERS}
# What the register keeps by the rule: the certificate's holder name as printed (and its
# PDF, skipped by path below).
EXEMPT_COLUMNS = {("certificates_certificate", "holder_name")}


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path)


@pytest.fixture
def full_world(world, django_capture_on_commit_callbacks, client):  # noqa: F811
    """The export test's world (a marker in every field the trainee fills), plus what others
    wrote about them, an email address with a marker, a copy of their data already built, a
    notice, a live session and Wagtail's history label for the account."""
    trainee = world["trainee"]
    supervisor = world["supervisor"]
    trainee.email = f"{MORE_MARKERS['email']}@example.org"
    trainee.set_password(PASSWORD)
    trainee.save()
    first = world["enrolment"].practice_logs.get()
    log = PracticeLogFactory(
        enrolment=world["enrolment"],
        category=first.category,
        started_at=first.started_at - timedelta(days=2),
        description=f"Again. {MARKERS['practice_description']}",
        approved=True,
    )
    SignOff.objects.create(
        log=log,
        decided_by=supervisor,
        decided_at=timezone.now(),
        decision=SignOff.Decision.APPROVED,
        comment=f"About them: {MORE_MARKERS['sign_off_comment']}",
        attestation="I supervised this practice.",
        signature=supervisor.full_name,
        content_digest="1" * 64,
        log_version=log.version,
    )
    CompetencySignOff.objects.create(
        enrolment=world["enrolment"],
        competency=CompetencyFactory(course=world["enrolment"].course, name="Refers on"),
        decided_by=supervisor,
        decided_at=timezone.now(),
        attestation="Seen again.",
        comment=f"About them: {MORE_MARKERS['competency_comment']}",
        signature=supervisor.full_name,
        content_digest="2" * 64,
    )
    AttemptAnswer.objects.filter(attempt__enrolment=world["enrolment"], position=2).update(
        grader_comment=f"Kind words: {MORE_MARKERS['grader_comment']}"
    )
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(trainee.pk),
        label=trainee.full_name,
        action="wagtail.edit",
        timestamp=timezone.now(),
    )
    client.force_login(trainee)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/data/request/")
    assert DataExport.objects.get(person=trainee).status == DataExport.Status.READY
    assert Notice.objects.filter(recipient=trainee).exists()
    assert Session.objects.exists()
    return world


def _values(value):
    if value is None:
        return ""
    if isinstance(value, memoryview | bytes):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _markers_in_tables() -> list[str]:
    """Every row of every table in the database (ours, Django's, Wagtail's, allauth's),
    every column, decoded sessions too."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (names from introspection)
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if (table, column) in EXEMPT_COLUMNS:
                        continue
                    text = _values(value).lower()
                    for name, marker in ALL_MARKERS.items():
                        if marker.lower() in text:
                            found.append(f"{table}.{column}: {name}")
    for session in Session.objects.all():
        text = json.dumps(session.get_decoded(), ensure_ascii=False, default=str).lower()
        found += [f"session: {n}" for n, m in ALL_MARKERS.items() if m.lower() in text]
    return found


def _markers_in_files(skip: set[str]) -> list[str]:
    """Every file under the media and private storages, zip members opened."""
    found = []
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        for folder, _dirs, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                if os.path.relpath(path, root) in skip:
                    continue
                with open(path, "rb") as file:
                    blobs = [file.read()]
                if zipfile.is_zipfile(path):
                    with zipfile.ZipFile(path) as archive:
                        blobs += [archive.read(member) for member in archive.namelist()]
                for blob in blobs:
                    text = blob.decode("utf-8", "replace").lower()
                    found += [f"{path}: {n}" for n, m in ALL_MARKERS.items() if m.lower() in text]
    return found


def _erase_now(person, capture):
    """Ask, let the cooling-off period pass, run the daily job and deliver the outbox."""
    with capture(execute=True):
        request, created = erasure.erasure_request(
            person=person, requested_by=person, reason=ErasureRequest.Reason.PERSON
        )
    assert created
    ErasureRequest.objects.filter(pk=request.pk).update(due_at=timezone.now())
    with capture(execute=True):
        call_command("erase_due", stdout=io.StringIO())
    request.refresh_from_db()
    return request


# --- The marker test ------------------------------------------------------------------------


def test_no_marker_is_left_in_any_table_or_file_and_the_certificate_still_verifies(
    client, full_world, django_capture_on_commit_callbacks
):
    trainee = full_world["trainee"]
    certificate = full_world["certificate"]
    before = _markers_in_tables()
    assert {"practice_reflection", "sign_off_comment", "grader_comment", "email"} <= {
        item.rsplit(": ", 1)[1] for item in before
    }, "the world must hold the markers before erasure"
    assert _markers_in_files(skip={certificate.pdf.name}), "the built export holds markers"

    request = _erase_now(trainee, django_capture_on_commit_callbacks)

    assert request.status == ErasureRequest.Status.DONE
    assert _markers_in_tables() == []
    assert _markers_in_files(skip={certificate.pdf.name}) == []
    # The register keeps the certificate: /verify/ still answers, with the name as printed.
    certificate.refresh_from_db()
    assert MARKERS["full_name"] in certificate.holder_name
    page = client.get(f"/verify/{certificate.code}/")
    assert page.status_code == 200
    assert MARKERS["full_name"] in page.content.decode()
    assert certificate.pdf.storage.exists(certificate.pdf.name)


def _markers_in_bucket(server, skip: set[str]) -> list[str]:
    found = []
    for key in server.keys():  # noqa: SIM118 (the bucket's keys, not a dict)
        if any(key.endswith(name) for name in skip):
            continue
        blobs = [server.read(key)]
        if blobs[0][:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(blobs[0])) as archive:
                blobs += [archive.read(member) for member in archive.namelist()]
        for blob in blobs:
            text = blob.decode("utf-8", "replace").lower()
            found += [f"{key}: {n}" for n, m in ALL_MARKERS.items() if m.lower() in text]
    return found


@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_on_object_storage_no_marker_is_left_in_the_bucket(
    on_s3,  # noqa: F811
    full_world,
    django_capture_on_commit_callbacks,
):
    """The same, with the files on S3-compatible storage (a real server of the test's own):
    the copy of their data built there is deleted from the bucket; the certificate stays."""
    certificate = full_world["certificate"]
    assert _markers_in_bucket(on_s3, skip={certificate.pdf.name}), "the export is in the bucket"

    _erase_now(full_world["trainee"], django_capture_on_commit_callbacks)

    assert _markers_in_bucket(on_s3, skip={certificate.pdf.name}) == []
    assert any(key.endswith(certificate.pdf.name) for key in on_s3.keys())  # noqa: SIM118
    assert _markers_in_tables() == []


def test_the_account_is_a_pseudonym_that_cannot_sign_in(
    client, full_world, django_capture_on_commit_callbacks
):
    trainee = full_world["trainee"]
    address = trainee.email
    _erase_now(trainee, django_capture_on_commit_callbacks)

    trainee.refresh_from_db()
    assert trainee.erased_at is not None
    assert trainee.full_name == f"Erased account {trainee.pk}"
    assert trainee.email == f"erased-{trainee.pk}@erased.invalid"
    assert not trainee.is_active and not trainee.has_usable_password()
    assert not client.login(email=address, password=PASSWORD)
    client.logout()
    response = client.post("/accounts/login/", {"login": address, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    # Their enrolment is withdrawn, so no certificate is ever issued to the pseudonym.
    assert full_world["enrolment"].__class__.objects.get(pk=full_world["enrolment"].pk).status == (
        Enrolment.Status.WITHDRAWN
    )


def test_sign_off_digests_stay_checkable_in_the_audit_chain(
    full_world, django_capture_on_commit_callbacks
):
    trainee = full_world["trainee"]
    digests_before = sorted(SignOff.objects.values_list("content_digest", flat=True))
    _erase_now(trainee, django_capture_on_commit_callbacks)

    assert verify().ok
    signed = AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_OFF)
    assert sorted(event.data["content_digest"] for event in signed) == digests_before
    assert sorted(SignOff.objects.values_list("content_digest", flat=True)) == digests_before
    cleared = AuditEvent.objects.get(kind=AuditEvent.Kind.COMMENTS_CLEARED)
    assert cleared.subject_id == trainee.pk and cleared.actor_id is None
    assert len(cleared.data["practice_sign_off_ids"]) == 2
    assert len(cleared.data["competency_sign_off_ids"]) == 1
    erased = AuditEvent.objects.get(kind=AuditEvent.Kind.ERASED)
    assert erased.data["counts"]["assessments.practice_logs"] == 2
    # Signed decisions and signatures stay; only the comments are gone.
    assert set(SignOff.objects.values_list("comment", flat=True)) == {""}
    assert SignOff.objects.filter(decision=SignOff.Decision.APPROVED).count() == 2


def test_sign_offs_stay_append_only_for_anything_but_clearing_a_comment(full_world):
    sign_off = SignOff.objects.first()
    with pytest.raises(Exception, match="append-only"):
        sign_off.save()
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; the model refuses above on every database")
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        SignOff.objects.filter(pk=sign_off.pk).update(comment="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        SignOff.objects.filter(pk=sign_off.pk).update(comment="", signature="Someone else")
    with pytest.raises(DatabaseError), transaction.atomic():
        SignOff.objects.filter(pk=sign_off.pk).delete()
    assert SignOff.objects.filter(pk=sign_off.pk).update(comment="") == 1


def test_the_person_is_told_when_asked_and_when_done_and_no_email_holds_their_data(
    full_world, django_capture_on_commit_callbacks
):
    trainee = full_world["trainee"]
    address = trainee.email
    mail.outbox.clear()
    _erase_now(trainee, django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [[address], [address]]
    asked, done = mail.outbox
    assert "erased on" in asked.subject and "cancel" in asked.body
    assert done.subject == "Your data has been erased"
    for message in mail.outbox:
        text = message.subject + message.body
        assert not [n for n, m in MARKERS.items() if m in text]
    # The address the goodbye went to is not kept in the outbox.
    assert not OutboxMessage.objects.filter(kwargs__icontains=MORE_MARKERS["email"]).exists()


# --- Asking and cancelling from the profile -------------------------------------------------


def _reauthenticate(client, password=PASSWORD):
    return client.post(REAUTH_URL, {"password": password})


def test_the_profile_explains_and_erasure_waits_for_the_password(
    client, trainee, django_capture_on_commit_callbacks
):
    client.force_login(trainee)
    profile = client.get(PROFILE_URL).content.decode()
    assert 'id="erasure"' in profile and ERASE_URL in profile
    page = client.get(ERASE_URL).content.decode()
    assert "What is kept" in page and "name as printed" in page
    # Not signed in with a password lately: allauth asks for it before anything is recorded.
    asked = client.post(ERASE_URL)
    assert asked.status_code == 302
    assert asked["Location"].startswith(REAUTH_URL)
    wrong = client.post(asked["Location"], {"password": "not it"})
    assert wrong.status_code == 200
    assert "password" in wrong.content.decode().lower()
    assert not ErasureRequest.objects.exists()
    # The right password carries out the request it interrupted.
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(asked["Location"], {"password": PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == f"{PROFILE_URL}#erasure"
    assert ErasureRequest.objects.filter(
        person=trainee, status=ErasureRequest.Status.PENDING
    ).exists()


def test_asking_twice_makes_one_request_and_cancelling_erases_nothing(
    client, trainee, django_capture_on_commit_callbacks
):
    client.force_login(trainee)
    _reauthenticate(client)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(ERASE_URL)
        second = client.post(ERASE_URL)
    assert first.status_code == second.status_code == 302
    request = ErasureRequest.objects.get(person=trainee)
    assert request.due_at - request.created_at == timedelta(days=7)
    assert request.reason == ErasureRequest.Reason.PERSON
    profile = client.get(PROFILE_URL).content.decode()
    assert "Cancel the erasure" in profile

    assert client.post(CANCEL_URL).status_code == 302
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.CANCELLED
    ErasureRequest.objects.filter(pk=request.pk).update(due_at=timezone.now() - timedelta(days=1))
    assert erasure.erasures_run_due() == {"erased": 0, "failed": 0}
    trainee.refresh_from_db()
    assert trainee.erased_at is None and trainee.is_active
    kinds = list(
        AuditEvent.objects.filter(subject_id=trainee.pk)
        .exclude(kind=AuditEvent.Kind.CREATED)
        .values_list("kind", flat=True)
    )
    assert AuditEvent.Kind.ERASURE_REQUESTED in kinds
    assert AuditEvent.Kind.ERASURE_CANCELLED in kinds


def test_nothing_runs_before_the_cooling_off_period_ends(trainee):
    erasure.erasure_request(
        person=trainee, requested_by=trainee, reason=ErasureRequest.Reason.PERSON
    )
    assert erasure.erasures_run_due() == {"erased": 0, "failed": 0}
    assert erasure.erasures_run_due(now=timezone.now() + timedelta(days=8))["erased"] == 1


@pytest.mark.parametrize("role", [roles.SUPERVISOR, roles.PROGRAMME_ADMIN])
def test_staff_are_refused_with_the_reason(client, role):
    person = UserFactory(role=role)
    client.force_login(person)
    _reauthenticate(client)
    response = client.post(ERASE_URL)
    assert response.status_code == 409
    assert "staff role" in response.content.decode()
    assert not ErasureRequest.objects.exists()
    with pytest.raises(erasure.ErasureRefused):
        erasure.erasure_run(person=person, reason=ErasureRequest.Reason.RETENTION)


def test_a_failing_step_rolls_everything_back_and_logs_no_data(full_world, caplog, monkeypatch):
    trainee = full_world["trainee"]

    def broken(person, files):
        raise ValueError(f"cannot erase {MARKERS['reflection']}")

    monkeypatch.setitem(
        erasure._steps,
        "broken",
        erasure.ErasureStep(name="broken", order=250, run=broken),
    )
    request, _ = erasure.erasure_request(
        person=trainee, requested_by=trainee, reason=ErasureRequest.Reason.PERSON
    )
    counts = erasure.erasures_run_due(now=timezone.now() + timedelta(days=8))

    assert counts == {"erased": 0, "failed": 1}
    assert MARKERS["reflection"] not in caplog.text
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.PENDING
    trainee.refresh_from_db()
    assert trainee.erased_at is None and MARKERS["full_name"] in trainee.full_name
    assert SignOff.objects.exclude(comment="").exists()


def test_an_erased_holder_s_certificate_cannot_be_reissued(
    full_world, django_capture_on_commit_callbacks
):
    national_admin = UserFactory(role=roles.NATIONAL_ADMIN)
    from certificates.services import CertificateError, certificate_reissue

    _erase_now(full_world["trainee"], django_capture_on_commit_callbacks)
    with pytest.raises(CertificateError, match="erased"):
        certificate_reissue(certificate=full_world["certificate"], by=national_admin)


def test_an_erased_trainee_gets_no_new_certificate_and_answers_keep_their_points(
    full_world, django_capture_on_commit_callbacks
):
    points_before = list(AttemptAnswer.objects.order_by("pk").values_list("score", flat=True))
    _erase_now(full_world["trainee"], django_capture_on_commit_callbacks)
    assert list(AttemptAnswer.objects.order_by("pk").values_list("score", flat=True)) == (
        points_before
    )
    assert set(AttemptAnswer.objects.values_list("response", flat=True)) == {None}
    assert attempt_services is not None and Decimal is not None


# --- On the person's behalf, from the admin -------------------------------------------------


def _admin_erasure_url(person) -> str:
    return f"/admin/users/erasure/{person.pk}/"


def test_a_programme_admin_asks_on_the_person_s_behalf_and_can_cancel(
    client, trainee, programme_admin, django_capture_on_commit_callbacks
):
    client.force_login(programme_admin)
    page = client.get(_admin_erasure_url(trainee))
    assert page.status_code == 200
    assert "What is kept" in page.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_admin_erasure_url(trainee))
    assert response.status_code == 302
    request = ErasureRequest.objects.get(person=trainee)
    assert request.reason == ErasureRequest.Reason.ADMIN
    assert request.requested_by == programme_admin
    # The person is told, and their profile offers the cancel button.
    assert [message.to for message in mail.outbox] == [[trainee.email]]
    assert "on your behalf" in mail.outbox[0].body
    assert Notice.objects.filter(recipient=trainee, kind=erasure.REQUESTED).exists()
    edit = client.get(f"/admin/users/edit/{trainee.pk}/").content.decode()
    assert "Cancel the erasure" in edit

    assert client.post(_admin_erasure_url(trainee) + "cancel/").status_code == 302
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.CANCELLED
    assert request.cancelled_by == programme_admin
    assert Notice.objects.filter(recipient=trainee, kind=erasure.CANCELLED).exists()


def test_an_admin_of_another_organisation_cannot_ask_or_cancel(client, trainee):
    from tests.factories import OrganisationFactory

    other = UserFactory(
        role=roles.PROGRAMME_ADMIN, organisation=OrganisationFactory(name="Elsewhere")
    )
    client.force_login(other)
    assert client.get(_admin_erasure_url(trainee)).status_code == 404
    assert client.post(_admin_erasure_url(trainee)).status_code == 404
    assert client.post(_admin_erasure_url(trainee) + "cancel/").status_code == 404
    assert not ErasureRequest.objects.exists()


def test_the_erasure_is_in_the_person_s_account_history_in_words(client, trainee, programme_admin):
    erasure.erasure_request(
        person=trainee, requested_by=programme_admin, reason=ErasureRequest.Reason.ADMIN
    )
    client.force_login(programme_admin)
    page = client.get(f"/admin/users/edit/{trainee.pk}/").content.decode()
    assert "Erasure asked for" in page
