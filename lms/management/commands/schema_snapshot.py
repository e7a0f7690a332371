"""Rewrite lms/schema_snapshot.sql: migrate a new, temporary SQLite database in a separate
process (so this project's settings and migrations, nothing of the current database) and keep
it as SQL, for `prepare_demo` to load instead of migrating (lms/schema_snapshot.py). Run it
after adding a migration or upgrading Django or Wagtail; a test says when it is due."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from lms.schema_snapshot import SNAPSHOT_PATH, snapshot_sql_from


class Command(BaseCommand):
    help = "Rewrite lms/schema_snapshot.sql from a freshly migrated SQLite database."

    def handle(self, *args, **options):
        with tempfile.TemporaryDirectory() as folder:
            database = str(Path(folder) / "snapshot.sqlite3")
            environment = {
                **os.environ,
                "DATABASE_URL": "",
                "SQLITE_PATH": database,
                "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
            }
            subprocess.run(  # noqa: S603 - this interpreter, this project's manage.py
                [sys.executable, str(settings.BASE_DIR / "manage.py"), "migrate", "-v0"],
                env=environment,
                check=True,
            )
            SNAPSHOT_PATH.write_text(snapshot_sql_from(database), encoding="utf-8")
        size = SNAPSHOT_PATH.stat().st_size // 1024
        self.stdout.write(f"Wrote {SNAPSHOT_PATH.relative_to(settings.BASE_DIR)} ({size} KB).")
