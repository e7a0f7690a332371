"""Load the demo data `make run` shows: one account per role, the demo course and its cohort,
a quiz for each of the course's modules, the course's supervised practice with a few weeks of
the demo trainee's logs (some waiting in the demo supervisor's queue), and its code of ethics.

Each app registers its part from its AppConfig.ready() (lms/site.py), so `lms` imports none
of them: checks first (refused in production; `setup_site` must have run), then every loader
in one transaction, in order (accounts, course, quizzes, practice, code of ethics), each
handing what it made to the next. Idempotent.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lms.site import DemoRun, demo_checks, demo_loaders


class Command(BaseCommand):
    help = "Load demo data for trying the platform out. Refuses to run in production."

    def handle(self, *args, **options):
        for check in demo_checks():
            refusal = check.run()
            if refusal:
                raise CommandError(refusal)
        run = DemoRun()
        lines = []
        with transaction.atomic():
            for loader in demo_loaders():
                lines += loader.run(run)
        for line in lines:
            self.stdout.write(line)
