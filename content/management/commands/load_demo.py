"""Load the demo accounts (and, as the platform grows, the demo curriculum)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from content.demo import DemoRefused, demo_accounts, demo_load


class Command(BaseCommand):
    help = "Load demo data for trying the platform out. Refuses to run in production."

    def handle(self, *args, **options):
        try:
            created = demo_load()
        except DemoRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Demo data: {len(created)} account(s) created.")
        self.stdout.write(f"Demo accounts (password: {settings.LMS_DEMO_PASSWORD}):")
        for email, role in demo_accounts():
            self.stdout.write(f"  {email:<26} {role}")
