"""Run whichever periodic jobs are due; the scheduler for installations without a broker."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from lms.services import jobs_run_due


class Command(BaseCommand):
    help = "Run the periodic jobs that are due (from cron every minute, or with --loop)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            type=int,
            metavar="SECONDS",
            help="Keep running, checking for due jobs every SECONDS (make run uses 60).",
        )

    def handle(self, *args, loop=None, **options):
        while True:
            for name, status in jobs_run_due().items():
                # In the loop beside `make run`, only failures are worth a line.
                if not loop or status != "ok":
                    self.stdout.write(f"{name}: {status}")
            if not loop:
                return
            close_old_connections()
            time.sleep(loop)
