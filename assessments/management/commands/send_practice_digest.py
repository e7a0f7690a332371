"""Email each supervisor the practice logs and essays that have waited too long."""

from django.core.management.base import BaseCommand

from assessments.supervise.digest import practice_digest_after_days, practice_digest_send


class Command(BaseCommand):
    help = (
        "Email every supervisor with practice logs or essays waiting longer than "
        "PRACTICE_DIGEST_AFTER_DAYS a digest of them. Supervisors with nothing overdue get "
        "nothing, and a supervisor who already had today's digest is skipped unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Send even to supervisors who already had today's digest.",
        )

    def handle(self, *args, force=False, verbosity=1, **options):
        counts = practice_digest_send(force=force)
        if verbosity >= 1:
            self.stdout.write(
                f"Practice digest (items waiting more than {practice_digest_after_days()} "
                f"days): sent {counts['sent']}, skipped {counts['skipped']}, "
                f"failed {counts['failed']}."
            )
