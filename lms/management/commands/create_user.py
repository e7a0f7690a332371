"""Create a user with one role, for operators."""

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lms import roles
from lms.services import user_create


class Command(BaseCommand):
    help = "Create a user with a role (Trainee, Supervisor, Content editor, ...)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--full-name", required=True, help="As printed on certificates.")
        parser.add_argument("--role", required=True, choices=roles.ROLES)
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--password", help="Prefer the prompt: arguments land in history.")
        group.add_argument(
            "--no-password",
            action="store_true",
            help="Create the account without a password; the person sets one with "
            "'Forgot your password?' on the login page.",
        )

    def handle(self, *args, email, full_name, role, password, no_password, **options):
        if not full_name.strip():
            # Otherwise the only complaint is the database constraint's name.
            raise CommandError("The full name is empty: give it as printed on certificates.")
        if not password and not no_password:
            if not sys.stdin.isatty():
                raise CommandError("Give --password or --no-password when not run in a terminal.")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords did not match.")
        try:
            user = user_create(email=email, full_name=full_name, role=role, password=password)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Created {user.email} ({role})."))
