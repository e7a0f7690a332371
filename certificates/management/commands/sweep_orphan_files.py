"""Remove certificate files that no certificate names (a render that never committed)."""

from django.core.management.base import BaseCommand

from certificates.files import orphan_files_sweep


class Command(BaseCommand):
    help = (
        "Delete certificate PDFs in the private storage that no certificate or history event "
        "names and that are older than CERTIFICATES_ORPHAN_FILE_GRACE (safe to run at any time)."
    )

    def handle(self, *args, **options):
        result = orphan_files_sweep()
        self.stdout.write(
            "Removed {removed} unused certificate file(s); kept {kept} in use and {young} "
            "too recent to judge.".format(**result)
        )
