"""`manage.py import_gift FILE --bank NAME`: a Moodle GIFT file into a bank, as drafts.

The same service as the admin's upload screen, so both accept and refuse the same files.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.quizzes.gift import GiftError
from assessments.quizzes.gift_import import MAX_BYTES, gift_import


class Command(BaseCommand):
    help = (
        "Import every question of a GIFT file into a question bank (created if missing) as "
        "drafts for clinical review. All or nothing: any problem is listed with its line "
        "number and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A UTF-8 GIFT file, as Moodle exports it.")
        parser.add_argument("--bank", required=True, help="The question bank's name.")

    def handle(self, *args, file, bank, **options):
        path = Path(file)
        try:
            size = path.stat().st_size
            # A huge file is refused before it is read.
            if size > MAX_BYTES:
                raise CommandError(
                    f"{file} is {size / 1_000_000:.1f} MB; GIFT files of at most "
                    f"{MAX_BYTES / 1_000_000:.1f} MB are accepted. Split it into smaller files."
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}.") from error
        try:
            result = gift_import(data=data, bank_name=bank, by=None)
        except GiftError as error:
            for problem in error.problems:
                self.stderr.write(f"{file}: {problem}")
            count = len(error.problems)
            raise CommandError(
                f"Nothing was imported: {count} problem{'s' if count != 1 else ''} in {file}."
            ) from error
        where = "new bank" if result.bank_created else "bank"
        self.stdout.write(
            f"Imported {result.count} question{'s' if result.count != 1 else ''} into the "
            f"{where} “{result.bank.name}” as drafts for clinical review."
        )
        for name, count in result.by_category.items():
            created = " (new category)" if name in result.categories_created else ""
            self.stdout.write(f"  {name}{created}: {count}")
        for label, count in result.type_counts():
            self.stdout.write(f"  {label}: {count}")
