"""`manage.py export_gift --bank NAME [--output FILE]`: a question bank as Moodle GIFT text.

Points, review status and essay guidance for graders are not part of GIFT, so they are not
written; see `assessments.quizzes.gift_import` for what a round trip keeps.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import QuestionBank
from assessments.quizzes.gift import GiftError
from assessments.quizzes.gift_import import bank_export_gift


class Command(BaseCommand):
    help = "Write every question of a question bank as GIFT, to a file or to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--bank", required=True, help="The question bank's name.")
        parser.add_argument(
            "--output", help="The file to write (UTF-8); standard output if left out."
        )

    def handle(self, *args, bank, output=None, **options):
        try:
            found = QuestionBank.objects.get(name=bank)
        except QuestionBank.DoesNotExist:
            names = ", ".join(QuestionBank.objects.values_list("name", flat=True)[:20])
            raise CommandError(
                f"There is no question bank named “{bank}”."
                + (f" Banks: {names}." if names else " There are no banks yet.")
            ) from None
        try:
            text = bank_export_gift(bank=found)
        except GiftError as error:
            raise CommandError(str(error)) from error
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror or error}.") from error
        self.stderr.write(f"Wrote the bank “{found.name}” to {output}.")
