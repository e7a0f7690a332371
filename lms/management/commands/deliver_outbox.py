"""Deliver outbox messages that are not done yet (lms/outbox.py); a periodic job."""

from django.core.management.base import BaseCommand, CommandError

from lms.outbox import outbox_deliver, outbox_resend


class Command(BaseCommand):
    help = (
        "Publish (or, without a broker, run) the outbox messages that are due: never "
        "published, lost by the broker, or left by a worker that died. Safe to run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--resend",
            type=int,
            metavar="ID",
            help="Release an email that was interrupted while sending (after checking the "
            "mail log that it never left), so this run sends it.",
        )

    def handle(self, *args, resend=None, **options):
        if resend is not None and not outbox_resend(message_id=resend):
            raise CommandError(f"Outbox message {resend} is not an interrupted email.")
        counts = outbox_deliver()
        self.stdout.write(
            "Delivered {delivered}, failed {failed}, interrupted {interrupted}, "
            "removed {removed} done long ago.".format(**counts)
        )
