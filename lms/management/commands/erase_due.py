"""Carry out erasure requests whose cooling-off period has ended (the daily `erase_due` job;
lms/erasure.py). Each runs in its own transaction; one that fails stays pending for the next
run and is logged by its id only. Running it again changes nothing."""

from django.core.management.base import BaseCommand

from lms.erasure import erasures_run_due


class Command(BaseCommand):
    help = "Erase the accounts whose erasure request is due."

    def handle(self, *args, **options):
        counts = erasures_run_due()
        self.stdout.write(
            f"Erasure: {counts['erased']} account(s) erased, {counts['failed']} failed."
        )
