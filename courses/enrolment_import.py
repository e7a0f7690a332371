"""Enrolling a cohort from a CSV file: parse, validate every row, then create all or nothing.

The file has a header row (`email, full name, supervisor email`) and one trainee per row.
Row numbers in messages are the spreadsheet's: the header is row 1, the first trainee row 2.
Parsing is pure (bytes in, rows and errors out); validation asks the database a fixed number
of questions however long the file is; `enrolments_import` creates everything in one
transaction, so one bad row means nothing is created.
"""

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from lms import roles
from lms.invitations import invitation_issue
from lms.services import user_create
from lms.text import has_control_characters

from .models import Cohort, Enrolment
from .organisations import people_for
from .services import CourseError, enrolment_create

User = get_user_model()

MAX_BYTES = 1_000_000
MAX_ROWS = 2000
HEADER = ("email", "full name", "supervisor email")
FULL_NAME_MAX_LENGTH = User._meta.get_field("full_name").max_length
EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length


@dataclass(frozen=True)
class ImportRow:
    number: int
    email: str
    full_name: str
    supervisor_email: str


@dataclass(frozen=True)
class RowError:
    """A reason a row (or, with `row` None, the whole file) cannot be imported."""

    row: int | None
    message: str


@dataclass
class ImportResult:
    enrolments: list[Enrolment] = field(default_factory=list)
    accounts_created: int = 0

    @property
    def enrolled(self) -> int:
        return len(self.enrolments)


class ImportRefused(Exception):
    """The file was refused; `errors` says why, by row number. Nothing was created."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} problem(s) in the file")
        self.errors = errors


# --- Parsing (pure) -------------------------------------------------------------------------


def _normalise_heading(cell: str) -> str:
    return " ".join(cell.replace("_", " ").split()).lower()


def parse(data: bytes) -> tuple[list[ImportRow], list[RowError]]:
    """Rows from the file's bytes, and the errors that need no database to find.

    UTF-8 with or without a byte-order mark (Excel's "CSV UTF-8" adds one). Blank lines are
    skipped but still counted, so row numbers match what a spreadsheet shows.
    """
    if len(data) > MAX_BYTES:
        return [], [
            RowError(
                None,
                _("The file is larger than %(max)s kB. Split it into smaller files.")
                % {"max": MAX_BYTES // 1000},
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [
            RowError(
                None,
                _(
                    "The file is not UTF-8 text. In your spreadsheet, save it as "
                    "“CSV UTF-8 (comma delimited)”."
                ),
            )
        ]
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        return [], [RowError(None, _("The file is not a readable CSV file (%s).") % error)]
    if not records or not any(cell.strip() for cell in records[0]):
        return [], [
            RowError(
                1,
                _("The file is empty. The first row must be the header: %(header)s.")
                % {"header": ", ".join(HEADER)},
            )
        ]
    header = tuple(_normalise_heading(cell) for cell in records[0])
    if header != HEADER:
        return [], [
            RowError(
                1,
                _("The header must be exactly: %(expected)s. This file has: %(found)s.")
                % {
                    "expected": ", ".join(HEADER),
                    "found": ", ".join(cell.strip() for cell in records[0]) or _("nothing"),
                },
            )
        ]
    data_records = [(n, r) for n, r in enumerate(records[1:], start=2) if any(c.strip() for c in r)]
    if not data_records:
        return [], [RowError(None, _("The file has a header but no trainees."))]
    if len(data_records) > MAX_ROWS:
        return [], [
            RowError(
                None,
                _("The file has %(count)s trainees; the limit is %(max)s per file. Split it.")
                % {"count": len(data_records), "max": MAX_ROWS},
            )
        ]

    rows, errors = [], []
    first_row_for_email: dict[str, int] = {}
    for number, record in data_records:
        if len(record) != len(HEADER):
            errors.append(
                RowError(
                    number,
                    _("Expected %(expected)s columns, found %(found)s.")
                    % {"expected": len(HEADER), "found": len(record)},
                )
            )
            continue
        if any(has_control_characters(cell) for cell in record):
            errors.append(
                RowError(
                    number,
                    _(
                        "This row contains an invisible control character (such as a NUL "
                        "byte), which cannot be saved. Remove it in your spreadsheet and "
                        "save the file again."
                    ),
                )
            )
            continue
        email = record[0].strip().lower()
        full_name = " ".join(record[1].split())
        supervisor_email = record[2].strip().lower()
        row_errors = []
        if not _is_email(email):
            row_errors.append(_("“%(email)s” is not a valid email address.") % {"email": email})
        if not full_name:
            row_errors.append(_("The full name is empty."))
        elif len(full_name) > FULL_NAME_MAX_LENGTH:
            row_errors.append(
                _("The full name is longer than %(max)s characters.")
                % {"max": FULL_NAME_MAX_LENGTH}
            )
        if supervisor_email and not _is_email(supervisor_email):
            row_errors.append(
                _("The supervisor email “%(email)s” is not a valid email address.")
                % {"email": supervisor_email}
            )
        if supervisor_email and supervisor_email == email:
            row_errors.append(_("A trainee cannot supervise themselves."))
        if email and email in first_row_for_email:
            row_errors.append(
                _("%(email)s is also on row %(row)s; each trainee may appear once.")
                % {"email": email, "row": first_row_for_email[email]}
            )
        elif email:
            first_row_for_email[email] = number
        errors.extend(RowError(number, message) for message in row_errors)
        if not row_errors:
            rows.append(ImportRow(number, email, full_name, supervisor_email))
    return rows, errors


def _is_email(value: str) -> bool:
    if not value or len(value) > EMAIL_MAX_LENGTH:
        return False
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


# --- Validation against the database --------------------------------------------------------


@dataclass
class _Lookups:
    users: dict[str, User]  # existing accounts by email
    people: dict[str, User]  # accounts named as supervisors, by email
    supervisor_ids: set[int]  # which of those hold the Supervisor role
    enrolled_ids: set[int]  # users already enrolled in the cohort's course


def _lookups(rows: list[ImportRow], *, cohort: Cohort, by=None) -> _Lookups:
    """Everything validation needs, in four queries however long the file is. Supervisors
    are looked for among the people of the importing admin's organisations only: another
    organisation's supervisor is "no account", as if they did not exist."""
    emails = {row.email for row in rows}
    supervisor_emails = {row.supervisor_email for row in rows if row.supervisor_email}
    users = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
    candidates = User.objects.filter(email__in=supervisor_emails)
    if by is not None:
        candidates = people_for(by, candidates)
    people = {u.email.lower(): u for u in candidates}
    supervisor_ids = set(
        User.objects.filter(pk__in=[u.pk for u in people.values()], groups__name=roles.SUPERVISOR)
        .values_list("pk", flat=True)
        .distinct()
    )
    enrolled_ids = set(
        Enrolment.objects.filter(
            course_id=cohort.course_id, user__in=[u.pk for u in users.values()]
        ).values_list("user_id", flat=True)
    )
    return _Lookups(users, people, supervisor_ids, enrolled_ids)


def validate(rows: list[ImportRow], *, cohort: Cohort, by=None) -> list[RowError]:
    """Errors only the database can reveal: unknown supervisors, people already enrolled."""
    return _validate(rows, cohort=cohort, found=_lookups(rows, cohort=cohort, by=by))


def _validate(rows: list[ImportRow], *, cohort: Cohort, found: _Lookups) -> list[RowError]:
    errors = []
    for row in rows:
        user = found.users.get(row.email)
        if user is not None and user.pk in found.enrolled_ids:
            errors.append(
                RowError(
                    row.number,
                    _("%(email)s is already enrolled in %(course)s.")
                    % {"email": row.email, "course": cohort.course.title},
                )
            )
        if user is not None and not user.is_active:
            errors.append(
                RowError(
                    row.number,
                    _("The account %(email)s is deactivated; reactivate it first.")
                    % {"email": row.email},
                )
            )
        if row.supervisor_email:
            supervisor = found.people.get(row.supervisor_email)
            if supervisor is None:
                errors.append(
                    RowError(
                        row.number,
                        _("No account has the supervisor email %(email)s.")
                        % {"email": row.supervisor_email},
                    )
                )
            elif supervisor.pk not in found.supervisor_ids:
                errors.append(
                    RowError(
                        row.number,
                        _("%(email)s does not have the Supervisor role.")
                        % {"email": row.supervisor_email},
                    )
                )
    return errors


# --- The service ----------------------------------------------------------------------------


def _read(file) -> bytes:
    """At most MAX_BYTES + 1 bytes, so an oversized upload is refused without reading it all."""
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_BYTES + 1)
    return data.encode("utf-8") if isinstance(data, str) else data


def enrolments_import(*, cohort: Cohort, file, by) -> ImportResult:
    """Enrol everyone in the file into `cohort`, or nobody.

    A row whose email has no account gets one (Trainee role, no usable password, email
    verified because the admin vouches for it) and, after commit, an invitation email to set
    a password. Raises ImportRefused with every problem found, by row number.
    """
    if by is not None and not by.has_perm("courses.add_enrolment"):
        raise ImportRefused([RowError(None, _("You do not have permission to enrol trainees."))])
    rows, errors = parse(_read(file))
    if errors:
        raise ImportRefused(errors)
    found = _lookups(rows, cohort=cohort, by=by)
    errors = _validate(rows, cohort=cohort, found=found)
    if errors:
        raise ImportRefused(errors)

    result = ImportResult()
    with transaction.atomic():
        for row in rows:
            try:
                user = found.users.get(row.email)
                if user is None:
                    user = user_create(
                        email=row.email,
                        full_name=row.full_name,
                        role=roles.TRAINEE,
                        password=None,
                        email_verified=True,
                    )
                    invitation_issue(user=user, by=by)
                    result.accounts_created += 1
                supervisor = found.people.get(row.supervisor_email)
                result.enrolments.append(
                    enrolment_create(
                        user=user,
                        course=cohort.course,
                        cohort=cohort,
                        supervisor=supervisor,
                        source=Enrolment.Source.IMPORT,
                        by=by,
                    )
                )
            except CourseError as error:
                # Someone enrolled this person between validation and now: refuse it all.
                raise ImportRefused([RowError(row.number, error.message)]) from None
            except ValidationError as error:
                raise ImportRefused([RowError(row.number, " ".join(error.messages))]) from None
    return result
