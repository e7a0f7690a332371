"""Remove what is kept no longer than the RETENTION_* settings say (the daily
`apply_retention` job, lms/retention.py): old sessions, read notices, finished data exports,
progress snapshots; inactive accounts are warned by email, then erased. `--dry-run` prints
what a run would do and changes nothing. A rule that fails is logged, the others still run,
and the command then fails, so the job's record shows it."""

from django.core.management.base import BaseCommand, CommandError

from lms.retention import retention_apply


class Command(BaseCommand):
    help = "Apply the retention rules (RETENTION_* settings); --dry-run only counts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be removed, warned and erased; change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        results = retention_apply(dry_run=dry_run)
        self.stdout.write("Retention (dry run: nothing changed):" if dry_run else "Retention:")
        failed = []
        for name, counts in results.items():
            if counts is None:
                failed.append(name)
                self.stdout.write(f"  {name}: failed (see the log)")
                continue
            if counts.get("failed"):
                failed.append(name)
            words = ", ".join(f"{what} {count}" for what, count in counts.items())
            self.stdout.write(f"  {name}: {words or 'nothing'}")
        if failed:
            raise CommandError(f"Retention rules that failed: {', '.join(failed)}.")
