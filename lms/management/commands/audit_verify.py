"""Check the whole audit chain: `manage.py audit_verify [--expect-head ID:HASH]`.

Exit status 0 when every event matches its hash and links to the one before it (and, when
given, the head an outside party holds is still in the chain with that hash); 1 otherwise,
naming the first event that does not match."""

import re

from django.core.management.base import BaseCommand, CommandError

from lms.audit_chain import verify


def _head(value: str) -> tuple[int, str]:
    match = re.fullmatch(r"(\d+):([0-9a-f]{64})", value.strip())
    if not match:
        raise CommandError("--expect-head takes ID:HASH, as the daily head email gives it.")
    return int(match.group(1)), match.group(2)


class Command(BaseCommand):
    help = "Check the audit log's hash chain and name the first entry that does not match."

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect-head",
            metavar="ID:HASH",
            help="A head recorded earlier (the daily email): it must still be in the chain.",
        )

    def handle(self, *args, expect_head=None, **options):
        verdict = verify(expect_head=_head(expect_head) if expect_head else None)
        if verdict.ok:
            self.stdout.write(
                f"The audit chain is intact: {verdict.checked} entries, head "
                f"{verdict.head_id or '-'} {verdict.head_hash}."
            )
            return
        self.stderr.write(
            f"The audit chain is broken at entry {verdict.bad_id}: {verdict.reason}. "
            f"{verdict.checked} entries before it match."
        )
        raise SystemExit(1)
