"""What `make run` needs before it serves, in one process: the database (from the schema
snapshot when it is a new SQLite database, lms/schema_snapshot.py, then `migrate` for
anything else), `setup_site`, then `load_demo`. One Django start instead of three, and no
half-minute migrate on a first run. Each step is idempotent, so every `make run` runs it."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from lms.schema_snapshot import snapshot_load


class Command(BaseCommand):
    help = "Migrate (from the schema snapshot on a new SQLite database), set up, load the demo."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        self.stdout.write(f"Database: {snapshot_load(connection)}.")
        call_command("migrate", interactive=False, verbosity=verbosity, stdout=self.stdout)
        call_command("setup_site", verbosity=verbosity, stdout=self.stdout)
        call_command("load_demo", verbosity=verbosity, stdout=self.stdout)
