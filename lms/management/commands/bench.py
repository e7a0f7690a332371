"""Print the benchmark figures of every app; the last line is one JSON object."""

import json

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from lms.bench import all_benchmarks


class Command(BaseCommand):
    help = "Run the benchmarks (inside a rolled-back transaction) and print figures as JSON."

    def handle(self, *args, **options):
        autodiscover_modules("benchmarks")
        figures = {}
        with transaction.atomic():
            for bench in all_benchmarks():
                result = bench()
                for name, value in result.items():
                    self.stdout.write(f"{name:<36} {value}")
                figures.update(result)
            transaction.set_rollback(True)
        self.stdout.write(json.dumps(figures, sort_keys=True))
