"""Certify enrolments whose progress event was missed, and re-queue stuck renders."""

from django.core.management.base import BaseCommand

from certificates.services import certificates_sweep


class Command(BaseCommand):
    help = (
        "Evaluate enrolments that progressed recently and have no certificate, and queue the "
        "render again for certificates pending too long (safe to run at any time)."
    )

    def handle(self, *args, **options):
        result = certificates_sweep()
        self.stdout.write(
            "Evaluated {evaluated} enrolment(s), created {created} certificate(s), "
            "re-queued {requeued} render(s).".format(**result)
        )
