"""Record the audit chain's head for today (the daily `audit_head` job) and email it to
AUDIT_HEAD_EMAIL when that is set. Running it again the same day records nothing more."""

from django.core.management.base import BaseCommand

from lms.audit_chain import head_record


class Command(BaseCommand):
    help = "Record today's head of the audit chain (and email it to AUDIT_HEAD_EMAIL)."

    def handle(self, *args, **options):
        event = head_record()
        if event is None:
            self.stdout.write("Today's audit chain head is recorded already.")
            return
        self.stdout.write(
            f"Recorded the audit chain head: entry {event.data['head_id']} "
            f"{event.data['head_hash']}."
        )
