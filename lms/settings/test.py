"""Settings for pytest: fast hashing, mail kept in memory, tasks run on commit in-process.

DATABASE_URL and REDIS_URL still apply, so the same suite runs on SQLite and on PostgreSQL
with Redis.
"""

from datetime import timedelta

from .base import *  # noqa: F403
from .base import BASE_DIR, env

LMS_ENVIRONMENT = "test"
DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = ""
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / ".test-media"))
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / ".test-private-media"))
WAGTAILADMIN_BASE_URL = "http://testserver"
# Close each connection at the end of its request: the live server's request threads would
# otherwise keep theirs open, and PostgreSQL refuses to drop the test database at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # The test database lives in memory; WAL and file paths do not apply.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# Static files come straight from the source folders; no collectstatic before tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Certificates: the sweep re-queues a pending render after seconds, not minutes, and a worker
# test sees a killed task delivered again quickly (shorter than the task time limit, which
# only the tests can afford: their tasks take milliseconds).
CERTIFICATES_PENDING_REQUEUE_AFTER = timedelta(seconds=2)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405 (the bounded publish of base.py)
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=10),
    # kombu looks for tasks past their visibility timeout when a worker starts and then only
    # every 10 × 10 s; every second here, so a killed worker's task comes back in seconds.
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
# No privacy notice from setup_site: most tests predate it, and those about it publish their
# own (tests/factories/consent.py). With one in force every signed-in request would first be
# sent to agree to it.
PRIVACY_NOTICE_SETUP = False
