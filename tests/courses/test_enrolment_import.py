"""Enrolling a cohort from a CSV file: row-numbered refusals, all or nothing, invitations."""

import io
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses import enrolment_import as imports
from courses.enrolment_import import ImportRefused, enrolments_import, parse
from courses.models import Enrolment, Supervision
from courses.services import enrolment_create
from lms import roles
from lms.models import Invitation
from tests.factories import CohortFactory, SupervisorFactory, UserFactory, enrolment_csv

User = get_user_model()


def rows_of(errors):
    return [(error.row, error.message) for error in errors]


# --- Parsing, no database -------------------------------------------------------------------


def test_parse_reads_rows_with_and_without_bom():
    for bom in (False, True):
        rows, errors = parse(
            enrolment_csv(
                ("Asha.Rao@Example.org", "  Asha   Rao ", "sup@example.org"),
                ("vikram@example.org", "Vikram Singh", ""),
                bom=bom,
            )
        )
        assert errors == []
        assert [(r.number, r.email, r.full_name, r.supervisor_email) for r in rows] == [
            (2, "asha.rao@example.org", "Asha Rao", "sup@example.org"),
            (3, "vikram@example.org", "Vikram Singh", ""),
        ]


def test_parse_accepts_header_case_and_underscores():
    rows, errors = parse(
        enrolment_csv(("a@example.org", "A", ""), header="Email,Full_Name,SUPERVISOR EMAIL")
    )
    assert errors == [] and len(rows) == 1


def test_parse_reports_each_bad_row_by_spreadsheet_row_number():
    data = enrolment_csv(
        ("good@example.org", "Good Person", ""),
        ("not-an-email", "Someone", ""),
        ("empty@example.org", "   ", ""),
        "",  # a blank line is skipped but still counted
        ("long@example.org", "x" * 151, ""),
        ("good@example.org", "Good Again", ""),
        ("sup@example.org", "Self Supervised", "sup@example.org"),
        ("too@example.org", "Too", "", "many"),
        ("bad-sup@example.org", "Bad Sup", "nope"),
    )
    rows, errors = parse(data)
    assert [r.number for r in rows] == [2]
    found = rows_of(errors)
    assert [row for row, _message in found] == [3, 4, 6, 7, 8, 9, 10]
    messages = dict(found)
    assert "not a valid email" in messages[3]
    assert "full name is empty" in messages[4]
    assert "longer than 150" in messages[6]
    assert "also on row 2" in messages[7]
    assert "cannot supervise themselves" in messages[8]
    assert "Expected 3 columns, found 4" in messages[9]
    assert "supervisor email “nope”" in messages[10]


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"", "empty"),
        (enrolment_csv(("a@example.org", "A", ""), header="email,name,supervisor"), "header"),
        (enrolment_csv(("a@example.org", "A", ""), header=None), "header"),
        (enrolment_csv(), "no trainees"),
        ("email,full name,supervisor email\r\nä,ö,ü\r\n".encode("latin-1"), "not UTF-8"),
        (enrolment_csv(header="email;full name;supervisor email"), "header"),
    ],
)
def test_parse_refuses_unusable_files(data, expected):
    rows, errors = parse(data)
    assert rows == []
    assert len(errors) == 1
    assert expected in errors[0].message


def test_parse_caps_size_and_rows(monkeypatch):
    too_big = enrolment_csv(("a@example.org", "A" * 100, "")) + b" " * imports.MAX_BYTES
    assert "larger than" in parse(too_big)[1][0].message
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    many = enrolment_csv(*[(f"p{i}@example.org", f"P {i}", "") for i in range(4)])
    rows, errors = parse(many)
    assert rows == [] and "limit is 3" in errors[0].message


def test_wrong_header_is_reported_on_row_one():
    _rows, errors = parse(enrolment_csv(("a@example.org", "A", ""), header="mail,name"))
    assert errors[0].row == 1
    assert "email, full name, supervisor email" in errors[0].message


# --- The service ----------------------------------------------------------------------------


@pytest.fixture
def cohort(db):
    return CohortFactory(name="Pune, March")


@pytest.fixture
def sup(db):
    return SupervisorFactory(email="sup@example.org", full_name="Meera Iyer")


def test_import_creates_accounts_enrolments_supervision_and_invitations(
    cohort, sup, programme_admin, django_capture_on_commit_callbacks
):
    existing = UserFactory(role=roles.TRAINEE, email="known@example.org", full_name="Known One")
    data = enrolment_csv(
        ("new.person@example.org", "New Person", "sup@example.org"),
        ("KNOWN@example.org", "Known One", ""),
        bom=True,
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = enrolments_import(cohort=cohort, file=io.BytesIO(data), by=programme_admin)
    assert result.enrolled == 2 and result.accounts_created == 1
    assert len(callbacks) == 1

    new = User.objects.get(email="new.person@example.org")
    assert new.full_name == "New Person"
    assert not new.has_usable_password()
    assert list(new.groups.values_list("name", flat=True)) == [roles.TRAINEE]
    assert EmailAddress.objects.get(user=new).verified
    enrolments = Enrolment.objects.filter(cohort=cohort)
    assert {e.user_id for e in enrolments} == {new.pk, existing.pk}
    assert {e.source for e in enrolments} == {Enrolment.Source.IMPORT}
    supervision = Supervision.objects.get(enrolment__user=new)
    assert supervision.supervisor == sup and supervision.ended_at is None
    assert supervision.assigned_by == programme_admin
    assert not Supervision.objects.filter(enrolment__user=existing).exists()

    invitation = Invitation.objects.get(user=new)
    assert invitation.created_by == programme_admin and invitation.sent_at is not None
    assert invitation.expires_at - invitation.created_at > timedelta(days=13, hours=23)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert "http://testserver/accounts/invitation/" in mail.outbox[0].body


def test_import_with_any_bad_row_creates_nothing(
    cohort, sup, programme_admin, django_capture_on_commit_callbacks
):
    plain = UserFactory(email="plain@example.org")  # no Supervisor role
    enrolled = UserFactory(role=roles.TRAINEE, email="already@example.org")
    enrolment_create(user=enrolled, course=cohort.course)
    data = enrolment_csv(
        ("fine@example.org", "Fine Person", "sup@example.org"),
        ("a@example.org", "A Person", "ghost@example.org"),
        ("b@example.org", "B Person", "plain@example.org"),
        ("already@example.org", "Already Here", ""),
    )
    users_before = User.objects.count()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ImportRefused) as refused,
    ):
        enrolments_import(cohort=cohort, file=io.BytesIO(data), by=programme_admin)
    found = rows_of(refused.value.errors)
    assert found == [
        (3, "No account has the supervisor email ghost@example.org."),
        (4, f"{plain.email} does not have the Supervisor role."),
        (5, f"already@example.org is already enrolled in {cohort.course.title}."),
    ]
    assert User.objects.count() == users_before
    assert not Enrolment.objects.filter(cohort=cohort).exists()
    assert not Invitation.objects.exists()
    assert callbacks == [] and mail.outbox == []


def test_import_refuses_everything_if_a_late_row_fails_in_the_transaction(
    cohort, programme_admin, monkeypatch, django_capture_on_commit_callbacks
):
    """A race (someone enrolled between validation and creation) rolls back earlier rows."""
    real = imports.enrolment_create

    def enrol_then_fail_on_second(**kwargs):
        if kwargs["user"].email == "second@example.org":
            raise imports.CourseError("second@example.org is already enrolled.")
        return real(**kwargs)

    monkeypatch.setattr(imports, "enrolment_create", enrol_then_fail_on_second)
    data = enrolment_csv(("first@example.org", "First", ""), ("second@example.org", "Second", ""))
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ImportRefused) as refused,
    ):
        enrolments_import(cohort=cohort, file=io.BytesIO(data), by=programme_admin)
    assert rows_of(refused.value.errors) == [(3, "second@example.org is already enrolled.")]
    assert not User.objects.filter(email="first@example.org").exists()
    assert not Enrolment.objects.filter(cohort=cohort).exists()
    assert mail.outbox == []


def test_import_validation_queries_do_not_grow_with_rows(
    cohort, sup, programme_admin, django_assert_max_num_queries
):
    rows = [(f"p{i}@example.org", f"Person {i}", "sup@example.org") for i in range(200)]
    parsed, errors = parse(enrolment_csv(*rows))
    assert errors == []
    with django_assert_max_num_queries(5):
        assert imports.validate(parsed, cohort=cohort) == []


# --- Through the admin ----------------------------------------------------------------------


def upload(client, cohort, data, name="trainees.csv"):
    return client.post(
        reverse("enrolment:import"),
        {"cohort": cohort.pk, "file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def test_admin_upload_shows_row_errors_on_the_page(client, cohort, programme_admin):
    client.force_login(programme_admin)
    response = upload(
        client,
        cohort,
        enrolment_csv(
            ("ok@example.org", "Ok", ""), ("bad", "Bad", ""), ("ok@example.org", "Ok", "")
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "<td>3</td>" in page and "not a valid email" in page
    assert "<td>4</td>" in page and "also on row 2" in page
    assert not Enrolment.objects.exists()


def test_admin_upload_enrols_and_redirects(
    client, cohort, sup, programme_admin, django_capture_on_commit_callbacks
):
    client.force_login(programme_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            client, cohort, enrolment_csv(("n@example.org", "N Person", "sup@example.org"))
        )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?cohort={cohort.pk}")
    assert Enrolment.objects.filter(cohort=cohort, user__email="n@example.org").exists()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\xff\xfe binary",
        b'email,full name,supervisor email\r\n"unterminated,quote\r\n',
        b"",
    ],
)
def test_admin_upload_of_garbage_is_refused_without_error(client, cohort, programme_admin, data):
    client.force_login(programme_admin)
    response = upload(client, cohort, data)
    assert response.status_code in (200, 400)
    assert not Enrolment.objects.exists()


def test_admin_upload_of_oversized_file_is_refused(client, cohort, programme_admin):
    client.force_login(programme_admin)
    response = upload(client, cohort, b"x" * (imports.MAX_BYTES + 1))
    assert response.status_code == 200
    assert "larger than 1000 kB" in response.content.decode()


def test_admin_import_page_is_refused_to_editors(client, cohort, editor):
    client.force_login(editor)
    response = client.get(reverse("enrolment:import"))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    response = upload(client, cohort, enrolment_csv(("n@example.org", "N", "")))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not Enrolment.objects.exists()
