"""Write back into the site's storages every file a `storage_backup` folder holds, for
deploy/restore.sh.

Every file is checked against the backup's manifest (size and SHA-256) before anything is
written, so a damaged backup is refused whole rather than half restored (`--check` stops
there). Each file goes back to its storage under its own name, which the database points
at; an existing file of that name is replaced.
"""

import hashlib
import json
from pathlib import Path

from django.core.files import File
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from .storage_backup import CHUNK, MANIFEST, backed_up_aliases, safe_relative


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Copy the files of a storage_backup folder into the default and private storages."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="a storage_backup folder")
        parser.add_argument(
            "--check", action="store_true", help="only check the folder against its manifest"
        )

    def handle(self, *args, source, check, **options):
        folder = Path(source)
        try:
            entries = json.loads((folder / MANIFEST).read_text())["files"]
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"{folder} has no readable {MANIFEST}: {error}") from error
        problems = []
        aliases = backed_up_aliases()
        for entry in entries:
            label = f"{entry['storage']}/{entry['name']}"
            path = folder / safe_relative(entry["storage"], entry["name"])
            if entry["storage"] not in aliases:
                problems.append(f"{label}: this site has no storage {entry['storage']!r}")
            elif not path.is_file():
                problems.append(f"{label}: missing")
            elif path.stat().st_size != entry["size"] or _sha256(path) != entry["sha256"]:
                problems.append(f"{label}: its content does not match the manifest")
        if problems:
            raise CommandError(
                "The backup is damaged; nothing was restored:\n  " + "\n  ".join(problems)
            )
        if check:
            self.stdout.write(f"{len(entries)} file(s) match the manifest.")
            return
        total = 0
        for entry in entries:
            storage, name = storages[entry["storage"]], entry["name"]
            if storage.exists(name):
                storage.delete(name)
            with open(folder / safe_relative(entry["storage"], name), "rb") as file:
                saved = storage.save(name, File(file, name=name))
            if saved != name:
                raise CommandError(f"The storage saved {name!r} as {saved!r}; stopped.")
            total += entry["size"]
        self.stdout.write(f"{len(entries)} file(s), {total} bytes restored.")
