"""Settings for `python -m tests.benchmarks`: development settings on the bench's own
database, cache and broker, which tests/benchmarks/safety.py resolved and put in the
environment as BENCH_RESOLVED_*; whatever DATABASE_URL, REDIS_URL, CELERY_BROKER_URL or `.env`
say, nothing here reads them."""

import os

import environ

from lms.settings.dev import *  # noqa: F403
from lms.settings.dev import DATABASES

DEBUG = False

_database = os.environ["BENCH_RESOLVED_DATABASE_URL"]
if _database.startswith("sqlite:///"):
    # The same SQLite options as an installation without DATABASE_URL, on the bench's file.
    DATABASES = {"default": {**DATABASES["default"], "NAME": _database.removeprefix("sqlite:///")}}
    DATABASES["default"]["ENGINE"] = "django.db.backends.sqlite3"
else:
    DATABASES = {"default": environ.Env.db_url_config(_database)}

_cache = os.environ["BENCH_RESOLVED_REDIS_URL"]
_prefix = os.environ["BENCH_RESOLVED_CACHE_PREFIX"]
if _cache:
    # As base.py configures REDIS_URL, under this run's prefix.
    CACHES = {
        "default": {
            "BACKEND": "lms.cache.ResilientRedisCache",
            "LOCATION": _cache,
            "KEY_PREFIX": _prefix,
            "RETRY_AFTER": 5.0,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": _prefix,
        }
    }

# The bench process itself never publishes: tasks run in-process, Wagtail's in-line. The
# certificate worker benchmark passes BENCH_BROKER_URL to its worker and its own sends.
# BENCH_WORKER_BROKER_URL is set only in that worker's environment.
CELERY_BROKER_URL = os.environ.get("BENCH_WORKER_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SENTRY_DSN = ""
# As in the tests: the benchmarks' people are made by the factories and have agreed to no
# privacy notice, so none is published for them (the gate's warm check is a cache read).
PRIVACY_NOTICE_SETUP = False
