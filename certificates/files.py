"""Certificate PDFs as files: written so that a failed render leaves nothing behind, swept so
that no file outlives the rows that name it, and moved out of the public media folder.

The PDFs live in the private storage (`lms.private_files`), never under MEDIA_ROOT, and are
read only by the holder's download view. A file holds its holder's name, so none may be left
that no row points at:

- A render writes its PDF in memory first, then to a new random name, inside the transaction
  that points the row at it. Nothing refers to the file until that transaction commits, so it
  is published on commit; when anything fails after the write (the issue step, an event row,
  the commit itself) `pdf_discard` deletes the file at once.
- A worker killed between the write and the commit cannot delete anything: the hourly
  `sweep_orphan_files` job removes files under certificates/ that no certificate or history
  event names and that are older than CERTIFICATES_ORPHAN_FILE_GRACE (an hour by default,
  far longer than any render's transaction), so it never races a render in progress.

Why not write under a temporary name and rename on commit: a rename after the commit is a
second step that can itself be lost (a crash between the commit and the rename leaves an
issued certificate pointing at a file that does not exist), and S3 has no rename (a copy and a
delete). A row that always names a file that exists, and a sweep for files without a row,
need no second step.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.utils import timezone

from lms.private_files import private_storage

from .models import Certificate, CertificateEvent

logger = logging.getLogger(__name__)

PREFIX = "certificates"
# The history events that keep a file name: the PDF issued, rendered again, or replaced.
_EVENT_FILE_KEYS = ("pdf", "pdf_before")
DEFAULT_GRACE = timedelta(hours=1)


def pdf_discard(names: list[str]) -> None:
    """Delete files a failed render wrote (its transaction rolled back, so nothing names
    them). A delete that fails is left to the sweep, never raised over the render's error."""
    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            logger.warning("Could not delete the unused certificate file %s", name, exc_info=True)


def referenced_names() -> set[str]:
    """Every file name a certificate or its history names (a reissue keeps the file before)."""
    names = set(Certificate.objects.exclude(pdf="").values_list("pdf", flat=True))
    for details in CertificateEvent.objects.filter(
        kind__in=[
            CertificateEvent.Kind.ISSUED,
            CertificateEvent.Kind.RENDERED,
            CertificateEvent.Kind.REISSUED,
        ]
    ).values_list("details", flat=True):
        for key in _EVENT_FILE_KEYS:
            value = (details or {}).get(key)
            if isinstance(value, str) and value:
                names.add(value)
    return names


def _walk(storage: Storage, folder: str):
    """Every file name under `folder`, through the storage API (local disk or S3)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")


def orphan_files_sweep(*, grace: timedelta | None = None) -> dict:
    """Delete the certificate files in the private storage that nothing names and that are
    older than `grace` (CERTIFICATES_ORPHAN_FILE_GRACE). Returns the counts."""
    if grace is None:
        grace = getattr(settings, "CERTIFICATES_ORPHAN_FILE_GRACE", DEFAULT_GRACE)
    storage = private_storage()
    # The names are read before the files are listed: a render that commits in between
    # wrote its file less than `grace` ago, so it is kept.
    referenced = referenced_names()
    cutoff = timezone.now() - grace
    kept = removed = young = 0
    for name in _walk(storage, PREFIX):
        if name in referenced:
            kept += 1
            continue
        if storage.get_modified_time(name) > cutoff:
            young += 1
            continue
        storage.delete(name)
        removed += 1
        logger.info("Removed certificate file %s: no certificate names it", name)
    return {"kept": kept, "removed": removed, "young": young}


def move_to_private(*, source: Storage | None = None) -> dict:
    """Move every certificate file from the media storage (where releases before issue 13
    kept them, under MEDIA_ROOT/certificates/) into the private storage, keeping each name,
    so the rows need no change. Idempotent: a file already moved is skipped, a file in both
    places is deleted from the media storage once the private copy has the same size."""
    source = source or storages["default"]
    target = private_storage()
    moved = already = 0
    for name in list(_walk(source, PREFIX)):
        if not name.endswith(".pdf"):
            continue
        if target.exists(name) and target.size(name) == source.size(name):
            already += 1
        else:
            with source.open(name, "rb") as file:
                saved = target.save(name, file)
            if saved != name:  # a different file of the same name: never overwrite it
                target.delete(saved)
                raise RuntimeError(f"{name} exists in the private storage with other content")
            moved += 1
        source.delete(name)
    return {"moved": moved, "already": already}
