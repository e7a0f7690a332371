"""`python -m tests.benchmarks`, which `make bench` runs on a throwaway database: every
benchmark's figures, one per line, then all of them as one JSON object on the last line, for
scripts to read. Development settings unless DJANGO_SETTINGS_MODULE is set, as manage.py."""

import json
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
    import django

    django.setup()
    from .registry import benchmarks_run

    figures = benchmarks_run(out=sys.stdout)
    sys.stdout.write(json.dumps(figures, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
