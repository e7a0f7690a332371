"""Recheck the completion rules of issued certificates that are due, for the admin's flag."""

from django.core.management.base import BaseCommand

from certificates.recheck import certificates_rules_recheck_due


class Command(BaseCommand):
    help = (
        "Recheck whether issued certificates' rules would still hold today (never checked, "
        "asked for again after a change, or not checked for CERTIFICATES_RULES_RECHECK_HOURS), "
        "at most CERTIFICATES_RULES_RECHECK_BATCH, oldest first. Changes no certificate: it "
        "only updates the admin list's flag. Safe to run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=None, help="At most this many (default: the setting)."
        )

    def handle(self, *args, **options):
        result = certificates_rules_recheck_due(limit=options["limit"])
        self.stdout.write(
            "Rechecked {checked} certificate(s); the rules of {flagged} no longer hold.".format(
                **result
            )
        )
