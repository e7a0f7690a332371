"""A person's copy of their data: the registry every app fills, the archive, and the services
that ask for it, build it, tell the person and expire it (lms.models.DataExport).

`lms` imports no app, so each app says what it holds about a person by registering a
section from its AppConfig.ready(), as set-up steps and jobs are registered (lms/site.py,
lms/jobs.py): a name (its key in data.json), an order, a title in words, `collect(person)`
returning JSON-able data, and optionally `files(person)`, a list of (path in the archive,
bytes or a function returning bytes) for the PDFs the app keeps or renders. lms writes the
profile, consents, notices and audit-log sections itself (lms/data_export_sections.py).

The archive is one zip: `data.json` (UTF-8, indented, dates in the person's time zone, words
in the person's language, keys in English) and the files. It is built by an outbox message
(`lms.data_export_build`, lms/tasks.py) in one transaction with the export's row, so a second
delivery finds the export ready and does nothing; the file is written under a random name in
the private storage, and a build that fails after the write deletes it (what a killed worker
leaves, the daily job removes). Nothing here logs what the archive holds: a failure is
re-raised as `DataExportBuildFailed`, which names the section and the error's type only.
"""

import io
import json
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .language import in_language_of
from .models import AuditEvent, DataExport, data_export_path
from .notices import notice_add, notice_kind
from .private_files import private_storage
from .timezones import user_zone

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
BUILD_HANDLER = "lms.data_export_build"
READY_EMAIL_HANDLER = "lms.data_export_ready_email"
FOLDER = "data-exports"
READY = "lms.data_export_ready"
READY_FOR_ADMIN = "lms.data_export_ready_admin"
PRODUCED_FOR_YOU = "lms.data_export_produced"
PRODUCED_EMAIL_HANDLER = "lms.data_export_produced_email"
FAILED = "lms.data_export_failed"
# A pending export the outbox has not finished in this long is marked failed by the daily
# job, so the person may ask again.
GIVE_UP_AFTER = timedelta(days=1)
# Files under data-exports/ that no export names are removed once this old (a build whose
# worker died between writing its file and committing).
ORPHAN_GRACE = timedelta(hours=1)


# --- The registry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportSection:
    name: str  # its key in data.json
    order: int
    title: str  # what it holds, in words (lazy: shown in the person's language)
    collect: Callable  # (person) -> JSON-able data
    files: Callable | None = None  # (person) -> [(archive path, bytes or () -> bytes)]


_sections: dict[str, ExportSection] = {}


def register_export_section(
    *,
    name: str,
    order: int,
    title,
    collect: Callable,
    files: Callable | None = None,
) -> None:
    """Add (or replace: a second ready() changes nothing) one section of the export."""
    _sections[name] = ExportSection(
        name=name, order=order, title=title, collect=collect, files=files
    )


def export_sections() -> list[ExportSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))


# --- The archive ----------------------------------------------------------------------------


class DataExportBuildFailed(Exception):
    """A section failed to build. Says which and the error's type, never the data."""


class _Encoder(DjangoJSONEncoder):
    """Dates and times in the person's zone, decimals without trailing zeros ("3", not
    "3.0000"), lazy strings in the active language."""

    def __init__(self, *args, zone=None, **kwargs):
        self.zone = zone
        super().__init__(*args, **kwargs)

    def default(self, o):
        if isinstance(o, datetime) and timezone.is_aware(o):
            return timezone.localtime(o, self.zone).isoformat(timespec="seconds")
        if isinstance(o, Decimal):
            return format(o.normalize(), "f")
        return super().default(o)


def _unique(path: str, taken: set[str]) -> str:
    if path not in taken:
        return path
    stem, dot, extension = path.rpartition(".")
    number = 2
    while f"{stem}-{number}{dot}{extension}" in taken:
        number += 1
    return f"{stem}-{number}{dot}{extension}"


def _requester_words(export: DataExport | None, person) -> str:
    if export is None or export.requested_by_id == person.pk:
        return _("You, from your profile.")
    return _("A programme admin, for a request made outside the site.")


def data_export_archive(person, *, export: DataExport | None = None) -> bytes:
    """The zip of everything the registered sections hold about `person`."""
    zone = user_zone(person)
    now = timezone.now()
    with in_language_of(person):
        document: dict = {}
        files: list[tuple[str, object]] = []
        for section in export_sections():
            try:
                document[section.name] = section.collect(person)
                if section.files is not None:
                    files += list(section.files(person))
            except Exception as error:
                raise DataExportBuildFailed(
                    f"section {section.name}: {type(error).__name__}"
                ) from None
        buffer = io.BytesIO()
        stamp = timezone.localtime(now, zone).timetuple()[:6]
        written, missing = [], []
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            taken = {"data.json"}
            for path, source in files:
                try:
                    content = source() if callable(source) else source
                except FileNotFoundError:
                    missing.append(path)
                    continue
                except Exception as error:
                    raise DataExportBuildFailed(f"file: {type(error).__name__}") from None
                path = _unique(path, taken)
                taken.add(path)
                archive.writestr(zipfile.ZipInfo(path, date_time=stamp), content)
                written.append(path)
            about = {
                "format_version": FORMAT_VERSION,
                "site": settings.LMS_SITE_NAME,
                "about": person.full_name,
                "asked_for_by": _requester_words(export, person),
                "asked_for_at": export.created_at if export is not None else now,
                "produced_at": now,
                "time_zone": str(zone),
                "dates": _("Dates and times are in the time zone above."),
                "sections": [
                    {"name": section.name, "what_it_holds": str(section.title)}
                    for section in export_sections()
                ],
                "files": written,
                "files_missing": missing,
            }
            text = json.dumps(
                {"about_this_export": about, **document},
                cls=_Encoder,
                zone=zone,
                ensure_ascii=False,
                indent=2,
            )
            info = zipfile.ZipInfo("data.json", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


# --- Asking for one -------------------------------------------------------------------------


class DataExportRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def export_days() -> int:
    """How many days a finished copy can be downloaded (DATA_EXPORT_DAYS)."""
    return getattr(settings, "DATA_EXPORT_DAYS", 7)


def data_export_request(*, person, requested_by, outside_request: bool = False):
    """Ask for a copy of `person`'s data, by the person themselves or, for a request made
    outside the site, by an admin who may work with them (the caller checks that). Returns
    (export, created): a second click or tab while one is pending gets that one.

    Recorded in the audit log, and built in the background (an outbox message), both in this
    transaction. DataExportRefused when someone else's export for the person is being
    prepared or the requester asked for DATA_EXPORT_DAILY_LIMIT in the last day.
    """
    now = timezone.now()
    with transaction.atomic():
        pending = DataExport.objects.filter(person=person, status=DataExport.Status.PENDING)
        mine = pending.filter(requested_by=requested_by).first()
        if mine is not None:
            return mine, False
        if pending.exists():
            raise DataExportRefused(
                _("A copy of this data is being prepared already. Try again in a few minutes.")
            )
        limit = getattr(settings, "DATA_EXPORT_DAILY_LIMIT", 5)
        recent = DataExport.objects.filter(
            person=person, requested_by=requested_by, created_at__gte=now - timedelta(days=1)
        ).count()
        if recent >= limit:
            raise DataExportRefused(
                _(
                    "You have asked for %(count)s copies in the last day. Please wait a day "
                    "before asking again; the copies you have can still be downloaded."
                )
                % {"count": recent}
            )
        try:
            with transaction.atomic():
                export = DataExport.objects.create(
                    person=person, requested_by=requested_by, created_at=now
                )
        except IntegrityError:
            # Another tab's request committed first.
            export = pending.filter(requested_by=requested_by).first()
            if export is None:
                raise DataExportRefused(
                    _("A copy of this data is being prepared already. Try again in a few minutes.")
                ) from None
            return export, False
        from .audit import audit_record
        from .outbox import outbox_enqueue

        audit_record(
            kind=AuditEvent.Kind.EXPORT,
            subject_id=person.pk,
            actor_id=requested_by.pk,
            data={"export_id": export.pk, "outside_request": bool(outside_request)},
        )
        outbox_enqueue(BUILD_HANDLER, key=f"data-export:{export.pk}", export_id=export.pk)
        if requested_by.pk != person.pk:
            # The person learns at once that someone else asked for a copy of their data (for
            # a request made outside the site), whether or not it is ever built, so one they
            # never asked for does not go unseen.
            notice_add(
                recipient_id=person.pk,
                kind=PRODUCED_FOR_YOU,
                link=reverse("profile") + "#your-data",
                details={"export_id": export.pk},
                key=f"data-export-produced:{export.pk}",
            )
            outbox_enqueue(
                PRODUCED_EMAIL_HANDLER,
                key=f"data-export-produced-email:{export.pk}",
                export_id=export.pk,
            )
    return export, True


def data_exports_for(*, person, requested_by, limit: int = 10) -> list[DataExport]:
    """The exports of `person` that `requested_by` asked for, newest first: one query."""
    return list(
        DataExport.objects.filter(person=person, requested_by=requested_by).order_by(
            "-created_at", "-pk"
        )[:limit]
    )


# --- Building it (the outbox handler) -------------------------------------------------------


def _discard(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:
        logger.warning("Could not delete the data export file %s", name, exc_info=True)


def data_export_build(*, export_id: int) -> str:
    """Build one export's archive and tell whoever asked: "ready", or "unchanged" when it is
    not pending (done already, failed, gone). Runs in the outbox's transaction."""
    # The export's row alone is locked (a join would lock the person's row too, for the whole
    # build, and hold up their sign-in); the person is read after.
    export = DataExport.objects.select_for_update().filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PENDING:
        return "unchanged"
    content = data_export_archive(export.person, export=export)
    storage = private_storage()
    name = storage.save(data_export_path(export, ""), ContentFile(content))
    try:
        now = timezone.now()
        export.file.name = name
        export.size = len(content)
        export.status = DataExport.Status.READY
        export.ready_at = now
        export.expires_at = now + timedelta(days=export_days())
        export.save(update_fields=["file", "size", "status", "ready_at", "expires_at"])
        _tell_ready(export)
    except BaseException:
        _discard(storage, name)
        raise
    return "ready"


def _tell_ready(export: DataExport) -> None:
    from .outbox import outbox_enqueue

    if export.requested_by_id == export.person_id:
        notice_add(
            recipient_id=export.person_id,
            kind=READY,
            link=reverse("profile") + "#your-data",
            details={"export_id": export.pk},
            key=f"data-export-ready:{export.pk}",
        )
        outbox_enqueue(
            READY_EMAIL_HANDLER, key=f"data-export-ready-email:{export.pk}", export_id=export.pk
        )
    elif export.requested_by_id is not None:
        notice_add(
            recipient_id=export.requested_by_id,
            kind=READY_FOR_ADMIN,
            link=reverse("wagtailusers_users:edit", args=[export.person_id]) + "#tab-data-export",
            details={"export_id": export.pk},
            key=f"data-export-ready:{export.pk}",
        )


def data_export_build_failed(*, export_id: int) -> None:
    """A build failed (its transaction rolled back): count it; after DATA_EXPORT_MAX_ATTEMPTS
    the export is marked failed, so its requester may ask again, and the person is told."""
    with transaction.atomic():
        DataExport.objects.filter(pk=export_id, status=DataExport.Status.PENDING).update(
            attempts=F("attempts") + 1
        )
        limit = getattr(settings, "DATA_EXPORT_MAX_ATTEMPTS", 3)
        export = DataExport.objects.filter(
            pk=export_id, status=DataExport.Status.PENDING, attempts__gte=limit
        ).first()
        if export is not None:
            _fail(export)


def _fail(export: DataExport) -> None:
    DataExport.objects.filter(pk=export.pk, status=DataExport.Status.PENDING).update(
        status=DataExport.Status.FAILED
    )
    if export.requested_by_id == export.person_id:
        notice_add(
            recipient_id=export.person_id,
            kind=FAILED,
            link=reverse("profile") + "#your-data",
            details={"export_id": export.pk},
            key=f"data-export-failed:{export.pk}",
        )


def _email_person(exports, compose) -> bool:
    """Email the person an export is about, in their language; `compose(export, zone,
    values)` returns the subject and body. The email holds none of their data, not even
    their name: only dates and a link to their profile. False when there is nobody to tell
    (the export is gone or not in the state asked for, the account inactive or addressless)."""
    from django.core.mail import EmailMessage

    from .site_url import absolute_url

    export = exports.select_related("person").first()
    if export is None or not export.person.is_active or not export.person.email:
        return False
    person = export.person
    zone = user_zone(person)
    with in_language_of(person):
        values = {
            "asked": formats.date_format(timezone.localtime(export.created_at, zone)),
            "link": absolute_url(reverse("profile") + "#your-data"),
            "site": settings.LMS_SITE_NAME,
        }
        subject, body = compose(export, zone, values)
    EmailMessage(subject, body, to=[person.email]).send()
    return True


def data_export_ready_email(*, export_id: int) -> bool:
    """Tell the person their copy is ready: when they asked, until when, and where."""

    def compose(export, zone, values):
        values["until"] = formats.date_format(
            timezone.localtime(export.expires_at, zone), "DATETIME_FORMAT"
        )
        body = _(
            "Hello,\n\n"
            "The copy of your data you asked for on %(asked)s is ready. Sign in and download "
            "it from your profile page:\n%(link)s\n\n"
            "You can download it until %(until)s. Then it is deleted; you can ask for a new "
            "copy at any time.\n\n"
            "This email holds none of your data, and only you can download the copy, once "
            "signed in.\n\n"
            "%(site)s"
        )
        return _("A copy of your data is ready"), body % values

    return _email_person(
        DataExport.objects.filter(pk=export_id, status=DataExport.Status.READY), compose
    )


def data_export_produced_email(*, export_id: int) -> bool:
    """Tell the person a programme admin asked for a copy of their data for a request made
    outside the site, and what to do if they never made one."""

    def compose(export, zone, values):
        body = _(
            "Hello,\n\n"
            "On %(asked)s a programme admin of %(site)s asked for a copy of the data the site "
            "holds about you, for a request made by letter, email or in person. They hand it "
            "to you; the site keeps it for a few days and then deletes it.\n\n"
            "If you did not ask for a copy, please tell your programme at once. You can also "
            "ask for your own copy from your profile page:\n%(link)s\n\n"
            "This email holds none of your data.\n\n"
            "%(site)s"
        )
        return _("A copy of your data was asked for on your behalf"), body % values

    return _email_person(
        DataExport.objects.filter(pk=export_id).exclude(requested_by_id=F("person_id")),
        compose,
    )


def download_filename(export: DataExport) -> str:
    """The site and the day, never the person's name (a file name travels in mail and logs)."""
    day = timezone.localtime(export.ready_at or export.created_at).date().isoformat()
    if export.requested_by_id == export.person_id:
        return f"{slugify(settings.LMS_SITE_NAME) or 'site'}-my-data-{day}.zip"
    return f"data-export-account-{export.person_id}-{day}.zip"


# --- Expiry (the daily job) -----------------------------------------------------------------


def _walk(storage: Storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")


def data_exports_expire(*, now=None) -> dict[str, int]:
    """Delete the files of exports past their expiry and mark them expired; mark failed the
    exports pending for longer than a day; remove files no export names. Returns counts."""
    now = now or timezone.now()
    storage = private_storage()
    counts = {"expired": 0, "given_up": 0, "orphans_removed": 0}
    due = DataExport.objects.filter(status=DataExport.Status.READY, expires_at__lte=now)
    for export_id, name in due.values_list("pk", "file"):
        # The row first: a file whose delete fails is no longer named, so the sweep below
        # removes it on a later run.
        if DataExport.objects.filter(pk=export_id, status=DataExport.Status.READY).update(
            status=DataExport.Status.EXPIRED, file=""
        ):
            counts["expired"] += 1
            if name:
                _discard(storage, name)
    for export in DataExport.objects.filter(
        status=DataExport.Status.PENDING, created_at__lt=now - GIVE_UP_AFTER
    ):
        with transaction.atomic():
            _fail(export)
        counts["given_up"] += 1
    referenced = set(DataExport.objects.exclude(file="").values_list("file", flat=True))
    for name in _walk(storage, FOLDER):
        if name in referenced or storage.get_modified_time(name) > now - ORPHAN_GRACE:
            continue
        _discard(storage, name)
        counts["orphans_removed"] += 1
    return counts


# --- Notices --------------------------------------------------------------------------------


@notice_kind(READY)
def _ready_title(notice, names) -> str:
    return _("A copy of your data is ready to download")


@notice_kind(READY_FOR_ADMIN)
def _ready_for_admin_title(notice, names) -> str:
    return _("The data export you produced is ready to download")


@notice_kind(PRODUCED_FOR_YOU)
def _produced_title(notice, names) -> str:
    return _("A programme admin asked for a copy of your data, for a request made outside the site")


@notice_kind(FAILED)
def _failed_title(notice, names) -> str:
    return _("Your copy of your data could not be prepared. Please ask again.")
