"""Delete people's copies of their data once past DATA_EXPORT_DAYS (the daily
`expire_data_exports` job): each file is removed and its export marked expired; exports stuck
pending for a day are marked failed, so their requester may ask again; files no export names
are removed. Running it again changes nothing."""

from django.core.management.base import BaseCommand

from lms.data_export import data_exports_expire


class Command(BaseCommand):
    help = "Delete expired data exports, give up on stuck ones and remove orphaned files."

    def handle(self, *args, **options):
        counts = data_exports_expire()
        self.stdout.write(
            f"Data exports: {counts['expired']} expired, {counts['given_up']} given up, "
            f"{counts['orphans_removed']} orphaned file(s) removed."
        )
