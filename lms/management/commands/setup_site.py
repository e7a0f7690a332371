"""Build what every installation needs (roles, page tree roots, seed records); idempotent."""

from django.core.management.base import BaseCommand

from lms.services import site_setup


class Command(BaseCommand):
    help = "Create the groups, permissions, page roots and seed records every installation needs."

    def handle(self, *args, **options):
        for line in site_setup():
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS("Site set up."))
