"""A person's copy of their data (issue 18, part 2; lms/data_export.py): asked for from the
profile or produced by an admin, built in the background into one zip (data.json and the
PDFs), downloaded by whoever asked and nobody else, deleted when it expires."""

import io
import json
import logging
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import CompetencyObservation, CompetencySignOff, SignOff
from assessments.quizzes import services as attempt_services
from courses.models import Enrolment, LessonCompletion, LessonResponse
from lms import data_export, roles
from lms.consent import consent_agree
from lms.models import AuditEvent, DataExport, Notice, OutboxMessage
from lms.outbox import outbox_run
from lms.private_files import private_storage
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    SupervisionFactory,
    UserFactory,
    course_tree_build,
)
from tests.factories.assessments import (
    EssayQuestionFactory,
    ShortAnswerQuestionFactory,
    quiz_build,
)
from tests.factories.certificates import CertificateFactory
from tests.factories.consent import PrivacyNoticeFactory
from tests.factories.practice import CompetencyFactory, PracticeCategoryFactory, PracticeLogFactory

pytestmark = pytest.mark.django_db

REQUEST_URL = "/accounts/data/request/"
PROFILE_URL = "/accounts/profile/"

# A distinct marker in every free-text field the trainee fills (and the competency evidence
# a supervisor writes about them): each must reach data.json.
MARKERS = {
    "full_name": "zqxFullNameMarker",
    "scenario_response": "zqxScenarioMarker",
    "reflection": "zqxReflectionMarker",
    "practice_description": "zqxPracticeDescriptionMarker",
    "practice_reflection": "zqxPracticeReflectionMarker",
    "competency_evidence": "zqxCompetencyEvidenceMarker",
    "short_answer": "zqxShortAnswerMarker",
    "essay_answer": "zqxEssayAnswerMarker",
}
CERTIFICATE_BYTES = b"%PDF-1.4\n% a stored certificate\n%%EOF\n"


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    """WhiteNoise warns (an error under pytest) when STATIC_ROOT does not exist yet."""
    settings.STATIC_ROOT = str(tmp_path)


@pytest.fixture
def supervisor_s():
    return UserFactory(role=roles.SUPERVISOR, full_name="Meera Supervisor")


@pytest.fixture
def world(trainee, supervisor_s):
    """Trainee T with something in every place the export reads, all in one cohort of the
    home organisation."""
    trainee.full_name = f"अनीता {MARKERS['full_name']}"
    trainee.save()
    tree = course_tree_build(modules=1, lessons=2, title="Foundations", slug="foundations")
    cohort = CohortFactory(course=tree.course, supervisors=[supervisor_s])
    enrolment = EnrolmentFactory(user=trainee, course=tree.course, cohort=cohort)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - timedelta(days=30)
    )
    enrolment.refresh_from_db()
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor_s)
    lesson = tree.lessons[0]
    LessonCompletion.objects.create(enrolment=enrolment, lesson=lesson)
    for kind, block, marker in (
        ("scenario", "scenario", MARKERS["scenario_response"]),
        ("reflection", "reflection", MARKERS["reflection"]),
    ):
        LessonResponse.objects.create(
            enrolment=enrolment,
            lesson=lesson,
            block_id=tree.block_id(lesson, block),
            kind=kind,
            prompt="Prompt",
            text=f"What I wrote: {marker}.",
        )
    category = PracticeCategoryFactory(course=tree.course, name="One-to-one peer support")
    log = PracticeLogFactory(
        enrolment=enrolment,
        category=category,
        description=f"Listened. {MARKERS['practice_description']}",
        reflection=f"Felt. {MARKERS['practice_reflection']}",
        approved=True,
    )
    SignOff.objects.create(
        log=log,
        decided_by=supervisor_s,
        decided_at=timezone.now(),
        decision=SignOff.Decision.APPROVED,
        comment="Well held.",
        attestation="I supervised this practice.",
        signature=supervisor_s.full_name,
        content_digest="0" * 64,
        log_version=log.version,
    )
    competency = CompetencyFactory(course=tree.course, name="Holds boundaries under pressure")
    CompetencyObservation.objects.create(
        enrolment=enrolment,
        competency=competency,
        observed_on=timezone.localdate() - timedelta(days=2),
        rating=2,
        evidence=f"Held the boundary. {MARKERS['competency_evidence']}",
        recorded_by=supervisor_s,
        recorded_at=timezone.now(),
    )
    CompetencySignOff.objects.create(
        enrolment=enrolment,
        competency=competency,
        decided_by=supervisor_s,
        decided_at=timezone.now(),
        attestation="Seen more than once.",
        signature=supervisor_s.full_name,
        content_digest="0" * 64,
    )
    quiz = quiz_build(
        module=tree.modules[0],
        questions=[ShortAnswerQuestionFactory(), EssayQuestionFactory(points=Decimal(2))],
    )
    attempt = attempt_services.attempt_start(user=trainee, quiz=quiz)
    attempt_services.answer_save(
        attempt=attempt, position=1, response=MARKERS["short_answer"], sequence=0
    )
    attempt_services.answer_save(
        attempt=attempt, position=2, response=f"My story: {MARKERS['essay_answer']}", sequence=0
    )
    attempt_services.attempt_submit(attempt=attempt)
    certificate = CertificateFactory(enrolment=enrolment, issued=True)
    certificate.pdf.save("world.pdf", ContentFile(CERTIFICATE_BYTES), save=True)
    return {
        "trainee": trainee,
        "enrolment": enrolment,
        "certificate": certificate,
        "supervisor": supervisor_s,
    }


def _ask(client, user, capture, *, execute=True):
    client.force_login(user)
    with capture(execute=execute):
        response = client.post(REQUEST_URL)
    return response


def _archive(export: DataExport) -> zipfile.ZipFile:
    with export.file.open("rb") as file:
        return zipfile.ZipFile(io.BytesIO(file.read()))


def _document(export: DataExport) -> tuple[str, dict]:
    raw = _archive(export).read("data.json")
    text = raw.decode("utf-8")
    return text, json.loads(text)


# --- What the archive holds -----------------------------------------------------------------


def test_the_archive_holds_every_text_the_trainee_wrote_and_the_pdfs(
    client, world, programme_admin, django_capture_on_commit_callbacks
):
    trainee = world["trainee"]
    # Opening the trainee's practice history in the admin is recorded; the export shows it.
    client.force_login(programme_admin)
    assert client.get(f"/admin/practice-records/{world['enrolment'].pk}/").status_code == 200
    client.logout()

    response = _ask(client, trainee, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == f"{PROFILE_URL}#your-data"
    export = DataExport.objects.get(person=trainee)
    assert export.status == DataExport.Status.READY
    assert export.requested_by == trainee
    assert export.expires_at - export.ready_at == timedelta(days=7)
    text, document = _document(export)
    missing = [name for name, marker in MARKERS.items() if marker not in text]
    assert not missing, f"data.json lacks {missing}"
    archive = _archive(export)
    names = set(archive.namelist())
    assert "certificates/certificate-foundations.pdf" in names
    assert archive.read("certificates/certificate-foundations.pdf") == CERTIFICATE_BYTES
    statement = "hours-statements/hours-statement-foundations.pdf"
    assert archive.read(statement).startswith(b"%PDF")
    assert document["about_this_export"]["files"] == sorted(
        names - {"data.json"}, key=lambda name: not name.startswith("certificates/")
    )
    assert document["certificates"][0]["file"] == "certificates/certificate-foundations.pdf"
    assert document["hours_statements"] == [{"course": "Foundations", "file": statement}]
    # Who looked: the admin who opened the practice history, when, in words.
    viewed = [row for row in document["audit_log"] if row["kind"] == "Practice record opened"]
    assert len(viewed) == 1
    assert viewed[0]["by"] == programme_admin.full_name
    assert str(world["enrolment"].pk) in viewed[0]["what"]
    sign_off = document["practice_logs"][0]["sign_offs"][0]
    assert sign_off["decided_by"] == "Meera Supervisor"
    assert sign_off["comment"] == "Well held."


def test_data_json_is_readable_utf8_with_every_section_and_the_consents_given(world):
    notice = PrivacyNoticeFactory(hindi=True)
    consent_agree(person=world["trainee"], notice=notice, language="hi")
    export, _created = data_export.data_export_request(
        person=world["trainee"], requested_by=world["trainee"]
    )
    data_export.data_export_build(export_id=export.pk)
    export.refresh_from_db()

    text, document = _document(export)

    assert "अनीता" in text  # UTF-8, not \\u escapes
    assert '\n  "profile": {' in text  # indented
    [given] = document["consents"]
    assert given["privacy_notice_version"] == 1 and given["language"] == "hi"
    assert given["title"] == notice.texts.get(language="hi").title
    assert given["agreed_at"] and given["withdrawn_at"] is None
    for name in (
        "about_this_export",
        "profile",
        "organisations",
        "enrolments",
        "lesson_progress",
        "scenario_responses_and_reflections",
        "quiz_attempts",
        "practice_logs",
        "competencies",
        "certificates",
        "codes_of_ethics_accepted",
        "hours_statements",
        "progress_history",
        "notices",
        "audit_log",
    ):
        assert name in document, name
    assert document["profile"]["email"] == world["trainee"].email
    assert document["enrolments"][0]["supervisors"][0]["name"] == "Meera Supervisor"
    answers = document["quiz_attempts"][0]["answers"]
    assert answers[0]["your_answer"] == MARKERS["short_answer"]
    about = document["about_this_export"]
    assert about["asked_for_by"] == "You, from your profile."
    assert [section["name"] for section in about["sections"]][:2] == ["profile", "consents"]


# --- Asking: once, recorded, told -----------------------------------------------------------


def test_a_double_request_creates_one_pending_export(client, trainee):
    client.force_login(trainee)

    first = client.post(REQUEST_URL)  # the outbox's on-commit never runs here: still pending
    second = client.post(REQUEST_URL)

    assert first.status_code == second.status_code == 302
    export = DataExport.objects.get(person=trainee)
    assert export.status == DataExport.Status.PENDING
    assert OutboxMessage.objects.filter(task=data_export.BUILD_HANDLER).count() == 1
    exports = AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT, subject_id=trainee.pk)
    assert exports.count() == 1
    assert data_export.data_export_request(person=trainee, requested_by=trainee) == (export, False)


def test_the_request_is_an_audit_entry_described_in_words(trainee):
    from lms.audit_log import describe

    export, created = data_export.data_export_request(person=trainee, requested_by=trainee)

    assert created
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT)
    assert (event.subject_id, event.actor_id) == (trainee.pk, trainee.pk)
    assert event.data == {"export_id": export.pk, "outside_request": False}
    assert describe(event, {}) == (
        f"Copy of their data asked for by the person (export {export.pk})."
    )


def test_the_person_is_told_by_a_notice_and_an_email_that_holds_none_of_their_data(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    trainee = world["trainee"]

    _ask(client, trainee, django_capture_on_commit_callbacks)

    export = DataExport.objects.get(person=trainee)
    notice = Notice.objects.get(recipient=trainee, kind=data_export.READY)
    assert notice.link == f"{PROFILE_URL}#your-data"
    assert notice.details == {"export_id": export.pk}
    (email,) = mailoutbox
    assert email.to == [trainee.email]
    assert email.subject == "A copy of your data is ready"
    body = email.subject + email.body
    assert f"http://testserver{PROFILE_URL}#your-data" in body
    assert not [name for name, marker in MARKERS.items() if marker in body]
    assert "अनीता" not in body
    assert email.attachments == []


def test_a_second_delivery_of_a_done_build_does_nothing(trainee):
    export, _created = data_export.data_export_request(person=trainee, requested_by=trainee)
    message = OutboxMessage.objects.get(task=data_export.BUILD_HANDLER)

    assert outbox_run(message.pk) == "done"
    export.refresh_from_db()
    name = export.file.name
    assert outbox_run(message.pk) == "skipped"
    assert data_export.data_export_build(export_id=export.pk) == "unchanged"

    export.refresh_from_db()
    assert export.file.name == name
    assert list(data_export._walk(private_storage(), data_export.FOLDER)) == [name]
    assert Notice.objects.filter(kind=data_export.READY).count() == 1


def test_a_failing_build_logs_no_content_is_retried_then_marked_failed(
    trainee, world, monkeypatch, caplog
):
    def broken(person):
        raise ValueError(f"cannot read {MARKERS['reflection']}")

    monkeypatch.setitem(
        data_export._sections,
        "broken",
        data_export.ExportSection(name="broken", order=1, title="Broken", collect=broken),
    )
    export, _created = data_export.data_export_request(person=trainee, requested_by=trainee)
    message = OutboxMessage.objects.get(task=data_export.BUILD_HANDLER)

    with caplog.at_level(logging.INFO):
        for _attempt in range(3):
            OutboxMessage.objects.filter(pk=message.pk).update(available_at=timezone.now())
            assert outbox_run(message.pk) == "failed"

    assert MARKERS["reflection"] not in caplog.text
    assert "DataExportBuildFailed" in caplog.text
    export.refresh_from_db()
    assert export.status == DataExport.Status.FAILED
    assert not export.file
    assert Notice.objects.filter(recipient=trainee, kind=data_export.FAILED).count() == 1
    assert list(data_export._walk(private_storage(), data_export.FOLDER)) == []
    # A failed export lets the person ask again.
    assert data_export.data_export_request(person=trainee, requested_by=trainee)[1] is True


def test_asking_many_times_a_day_is_refused_with_a_reason(client, trainee, settings):
    settings.DATA_EXPORT_DAILY_LIMIT = 2
    for _attempt in range(2):
        export, _created = data_export.data_export_request(person=trainee, requested_by=trainee)
        DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.FAILED)
    client.force_login(trainee)

    response = client.post(REQUEST_URL, follow=True)

    assert DataExport.objects.filter(person=trainee).count() == 2
    assert "You have asked for 2 copies in the last day." in response.content.decode()


# --- Downloading: theirs alone, until it expires ----------------------------------------------


@pytest.fixture
def ready_export(trainee):
    export, _created = data_export.data_export_request(person=trainee, requested_by=trainee)
    assert data_export.data_export_build(export_id=export.pk) == "ready"
    export.refresh_from_db()
    return export


def _download_url(export) -> str:
    return f"/accounts/data/{export.pk}/download/"


def test_the_owner_downloads_their_copy(client, trainee, ready_export):
    client.force_login(trainee)

    response = client.get(_download_url(ready_export))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    assert "my-data-" in response["Content-Disposition"]
    assert trainee.full_name not in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert "data.json" in zipfile.ZipFile(io.BytesIO(body)).namelist()


@pytest.mark.parametrize("who", ["other_trainee", "supervisor", "programme_admin"])
def test_nobody_else_downloads_it(client, trainee, ready_export, who, programme_admin):
    other = {
        "other_trainee": lambda: UserFactory(role=roles.TRAINEE),
        "supervisor": lambda: UserFactory(role=roles.SUPERVISOR),
        "programme_admin": lambda: programme_admin,
    }[who]()
    client.force_login(other)

    assert client.get(_download_url(ready_export)).status_code == 404


def test_an_expired_copy_is_gone_and_the_daily_job_deletes_its_file(client, trainee, ready_export):
    name = ready_export.file.name
    assert private_storage().exists(name)
    DataExport.objects.filter(pk=ready_export.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(trainee)

    response = client.get(_download_url(ready_export))
    assert response.status_code == 410
    assert "This copy of your data has expired" in response.content.decode()

    call_command("expire_data_exports", stdout=io.StringIO())

    ready_export.refresh_from_db()
    assert ready_export.status == DataExport.Status.EXPIRED
    assert not ready_export.file
    assert not private_storage().exists(name)
    assert client.get(_download_url(ready_export)).status_code == 410
    page = client.get(PROFILE_URL).content.decode()
    assert "Expired and deleted." in page


def test_the_daily_job_gives_up_on_stuck_exports_and_removes_orphan_files(trainee):
    export, _created = data_export.data_export_request(person=trainee, requested_by=trainee)
    DataExport.objects.filter(pk=export.pk).update(created_at=timezone.now() - timedelta(days=2))
    storage = private_storage()
    orphan = storage.save("data-exports/2020/orphan.zip", ContentFile(b"PK"))
    later = timezone.now() + timedelta(hours=2)

    counts = data_export.data_exports_expire(now=later)

    assert counts == {"expired": 0, "given_up": 1, "orphans_removed": 1}
    assert not storage.exists(orphan)
    export.refresh_from_db()
    assert export.status == DataExport.Status.FAILED


def test_the_expiry_job_is_registered_daily():
    from lms.jobs import get_job

    assert get_job("expire_data_exports").every == timedelta(days=1)


# --- The profile page -----------------------------------------------------------------------


def test_the_profile_lists_the_copies_with_a_download_link(client, trainee, ready_export):
    client.force_login(trainee)

    page = client.get(PROFILE_URL).content.decode()

    assert 'id="your-data"' in page
    assert "Ask for a copy of my data" in page
    assert f'action="{REQUEST_URL}"' in page
    assert f'href="{_download_url(ready_export)}"' in page


def _profile_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PROFILE_URL).status_code == 200
    return len(queries)


def test_the_profile_page_queries_do_not_grow_with_the_number_of_copies(client, trainee):
    client.force_login(trainee)
    DataExport.objects.create(person=trainee, requested_by=trainee)
    client.get(PROFILE_URL)  # warm the session and caches
    one = _profile_queries(client)
    now = timezone.now()
    for _index in range(6):
        DataExport.objects.create(
            person=trainee,
            requested_by=trainee,
            status=DataExport.Status.EXPIRED,
            ready_at=now,
            expires_at=now,
        )

    assert _profile_queries(client) == one


# --- The admin: for a request made outside the site -----------------------------------------


def _produce_url(person) -> str:
    return f"/admin/users/data-export/{person.pk}/"


def test_a_programme_admin_produces_an_export_for_their_trainee_and_alone_downloads_it(
    client, world, programme_admin, django_capture_on_commit_callbacks, mailoutbox
):
    trainee = world["trainee"]
    client.force_login(programme_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_produce_url(trainee))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/users/edit/{trainee.pk}/#tab-data-export"
    export = DataExport.objects.get(person=trainee)
    assert export.requested_by == programme_admin
    assert export.status == DataExport.Status.READY
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT)
    assert (event.subject_id, event.actor_id) == (trainee.pk, programme_admin.pk)
    assert event.data == {"export_id": export.pk, "outside_request": True}
    assert event.source == AuditEvent.Source.ADMIN
    # The admin is told inside the site. The trainee is told that a copy was asked for them,
    # by a notice and an email that hold none of their data.
    assert Notice.objects.filter(recipient=programme_admin, kind=data_export.READY_FOR_ADMIN)
    assert Notice.objects.filter(recipient=trainee, kind=data_export.PRODUCED_FOR_YOU)
    (email,) = mailoutbox
    assert email.to == [trainee.email]
    assert "If you did not ask for a copy" in email.body
    assert not any(marker in email.body for marker in MARKERS.values())
    assert trainee.full_name not in email.body
    text, document = _document(export)
    assert MARKERS["reflection"] in text
    assert "request made outside the site" in document["about_this_export"]["asked_for_by"]

    page = client.get(f"/admin/users/edit/{trainee.pk}/").content.decode()
    download = f"/admin/users/data-export/download/{export.pk}/"
    assert download in page
    assert "Produce a data export" in page
    response = client.get(download)
    assert response.status_code == 200
    assert f"data-export-account-{trainee.pk}-" in response["Content-Disposition"]
    b"".join(response.streaming_content)

    # Nobody else: not the trainee (on the site), not another admin of the organisation.
    client.force_login(trainee)
    assert client.get(_download_url(export)).status_code == 404
    colleague = UserFactory(role=roles.PROGRAMME_ADMIN)
    client.force_login(colleague)
    assert client.get(download).status_code == 404


def test_an_admin_of_another_organisation_cannot_produce_or_download(
    client, world, programme_admin
):
    trainee = world["trainee"]
    other = UserFactory(
        role=roles.PROGRAMME_ADMIN, organisation=OrganisationFactory(name="Elsewhere")
    )
    client.force_login(other)

    assert client.post(_produce_url(trainee)).status_code == 404
    assert not DataExport.objects.exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT).exists()

    # Even one they produced while the trainee was theirs, once the trainee is not.
    export = DataExport.objects.create(
        person=trainee,
        requested_by=other,
        status=DataExport.Status.READY,
        ready_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=1),
        file="data-exports/x.zip",
    )
    assert client.get(f"/admin/users/data-export/download/{export.pk}/").status_code == 404


def test_an_admin_export_pending_refuses_the_persons_own_request_with_a_reason(
    client, world, programme_admin
):
    trainee = world["trainee"]
    data_export.data_export_request(
        person=trainee, requested_by=programme_admin, outside_request=True
    )
    # Told at once, before (and whether or not) the copy is built.
    assert Notice.objects.filter(recipient=trainee, kind=data_export.PRODUCED_FOR_YOU).exists()
    client.force_login(trainee)

    response = client.post(REQUEST_URL, follow=True)

    assert "A copy of this data is being prepared already." in response.content.decode()
    assert DataExport.objects.filter(person=trainee).count() == 1
