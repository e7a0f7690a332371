"""Write today's progress snapshot of every active enrolment (run daily)."""

from django.core.management.base import BaseCommand

from certificates.progress.snapshots import progress_snapshots_take


class Command(BaseCommand):
    help = (
        "Record where every active enrolment stands today by the certificate rules, for the "
        "cohort progress chart: safe to run at any time (a second run the same day updates "
        "that day's rows)."
    )

    def handle(self, *args, **options):
        written = progress_snapshots_take()
        self.stdout.write(f"Progress snapshot: {written} enrolment(s) recorded for today.")
