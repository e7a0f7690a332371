"""Email holders whose certificates expire within 60 or 7 days (run daily)."""

from django.core.management.base import BaseCommand

from certificates.expiry import certificates_expiry_remind


class Command(BaseCommand):
    help = (
        "Email each holder whose certificate expires soon (60 and 7 days before by default), "
        "once per threshold: safe to run at any time."
    )

    def handle(self, *args, **options):
        result = certificates_expiry_remind()
        self.stdout.write(
            "Sent {sent} expiry reminder(s); {failed} failed and will be tried again.".format(
                **result
            )
        )
