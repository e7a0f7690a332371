"""Submit quiz attempts whose time limit has passed, with the answers saved before it."""

from django.core.management.base import BaseCommand

from assessments.quizzes.services import attempts_sweep


class Command(BaseCommand):
    help = "Submit open quiz attempts whose time limit has run out (safe to run at any time)."

    def handle(self, *args, **options):
        count = attempts_sweep()
        self.stdout.write(f"Submitted {count} overdue attempt(s).")
