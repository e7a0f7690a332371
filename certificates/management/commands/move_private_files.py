"""Move certificate PDFs out of the public media storage into the private one."""

from django.core.management.base import BaseCommand

from certificates.files import move_to_private


class Command(BaseCommand):
    help = (
        "Move certificate PDFs from the media storage (MEDIA_ROOT/certificates/, where releases "
        "before issue 13 kept them) to the private storage, keeping their names. The upgrade's "
        "migration runs it once; run it again after restoring an old media backup (safe to "
        "repeat)."
    )

    def handle(self, *args, **options):
        result = move_to_private()
        self.stdout.write(
            "Moved {moved} certificate file(s) to the private storage; {already} were already "
            "there.".format(**result)
        )
