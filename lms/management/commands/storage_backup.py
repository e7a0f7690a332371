"""Copy every file of the site's storages into a folder, for deploy/backup.sh.

It reads through Django's storage API (`django.core.files.storage.storages`): "default"
(media: Wagtail images and documents) and "private" (certificate PDFs), whether they are
local folders or an S3-compatible bucket, so no aws CLI is needed. Static files are not
backed up: `collectstatic` rebuilds them from the code. The folder gets one subfolder per
storage with the files under their storage names, and `manifest.json` (storage, name, size
and SHA-256 of each), which `storage_restore` checks before it writes anything back.
"""

import hashlib
import json
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
NOT_BACKED_UP = {"staticfiles"}


def backed_up_aliases() -> list[str]:
    """The storages whose files are the installation's data."""
    return sorted(alias for alias in settings.STORAGES if alias not in NOT_BACKED_UP)


def storage_names(storage, folder: str = ""):
    """Every file name in `storage` under `folder`, sorted, depth first."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:  # a local storage whose folder was never created
        if folder:
            raise
        return
    for name in sorted(files):
        yield str(PurePosixPath(folder, name)) if folder else name
    for directory in sorted(directories):
        yield from storage_names(
            storage, str(PurePosixPath(folder, directory)) if folder else directory
        )


def safe_relative(*parts: str) -> PurePosixPath:
    """Storage alias and name as a relative path that stays inside the backup folder."""
    path = PurePosixPath(*parts)
    if path.is_absolute() or ".." in path.parts or len(path.parts) < len(parts):
        raise CommandError(f"Refusing the file name {parts!r}: it would leave the backup folder.")
    return path


class Command(BaseCommand):
    help = "Copy every file of the default and private storages (folders or S3) into a folder."

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, help="an empty or new folder")

    def handle(self, *args, to, **options):
        target = Path(to)
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"{target} is not empty: back up into a new folder.")
        target.mkdir(parents=True, exist_ok=True)
        entries = []
        total = 0
        for alias in backed_up_aliases():
            storage = storages[alias]
            for name in storage_names(storage):
                destination = target / safe_relative(alias, name)
                destination.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                with storage.open(name, "rb") as source, open(destination, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        size += len(chunk)
                entries.append(
                    {"storage": alias, "name": name, "size": size, "sha256": digest.hexdigest()}
                )
                total += size
        (target / MANIFEST).write_text(json.dumps({"files": entries}, indent=1) + "\n")
        self.stdout.write(
            f"{len(entries)} file(s), {total} bytes copied from "
            f"{', '.join(backed_up_aliases())} to {target}."
        )
