"""Settings shared by every environment.

Everything that differs between installations comes from the environment (see the table in
README.md). Unset variables fall back to the embedded default a small NGO runs: SQLite, tasks
in-process, a local cache.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The environment this settings module is for; the demo loader refuses "production".
LMS_ENVIRONMENT = "base"

INSTALLED_APPS = [
    # Our apps first, so their templates override the libraries'.
    "lms",
    "content",
    "courses",
    "assessments",
    "certificates",
    # Page translations (issue 16, decision 0013): wagtail-localize's editor, and its
    # locales admin in place of wagtail.locales.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.apps.LmsWagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "polymorphic",
    "timezone_field",
    "allauth",
    "allauth.account",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: runserver (make run) serves static files through WhiteNoise and
    # the middleware stack, so they are compressed as in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id (X-Request-ID), errors included.
    "lms.logging_context.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Compress every response the client accepts gzip for (HTML is ~3× smaller on the wire).
    # Outside everything that reads or writes the body, so it compresses the final bytes;
    # inside SecurityMiddleware, whose https redirects need no compressing. WhiteNoise's
    # precompressed static files carry Content-Encoding and pass through untouched; under
    # runserver (whitenoise.runserver_nostatic) its on-the-fly files are compressed here.
    # BREACH: Django's GZipMiddleware pads each body with random bytes ("Heal the Breach"),
    # the CSRF token is masked afresh per response, and the session cookie is SameSite=Lax
    # and never in a body (docs/decisions: compression).
    "django.middleware.gzip.GZipMiddleware",
    "lms.security_headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lms.middleware.UserPreferencesMiddleware",
    "lms.middleware.BadInputMiddleware",  # NUL bytes and huge ids: a 400, not a 500
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.middleware.AdminAccessMiddleware",
    # A signed-in person who has not agreed to the privacy notice in force is asked to first
    # (lms/consent.py); after the language and time zone are theirs, so the page is too.
    "lms.consent.PrivacyConsentMiddleware",
    # Account audit log: the signed-in person is the actor of any change recorded.
    "lms.audit.AuditActorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lms.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL unset: a SQLite file beside the code, in WAL mode with immediate transactions
# and a busy timeout, so that concurrent writers wait for each other instead of failing with
# "database is locked".
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", default=str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Rate-limit counters live in the cache: with several workers they must share Redis.
# Redis is an accelerator, never a dependency (lms.cache): short connect and read timeouts,
# and while it is unreachable each process serves from a local cache (limits then count per
# process) and probes Redis again every REDIS_CACHE_RETRY_AFTER seconds.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    _REDIS_CACHE_TIMEOUT = env.float("REDIS_CACHE_TIMEOUT", default=0.5)
    CACHES = {
        "default": {
            "BACKEND": "lms.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lms",
            "RETRY_AFTER": env.float("REDIS_CACHE_RETRY_AFTER", default=5.0),
            "OPTIONS": {
                "socket_connect_timeout": _REDIS_CACHE_TIMEOUT,
                "socket_timeout": _REDIS_CACHE_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "lms.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/learn/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up and password reset answer the same whether or not an email has an account: the
# owner gets an email instead ("someone tried to sign up with your address"). Whether a person
# trains as a peer supporter is itself private. PREVENT_ACCOUNT_ENUMERATION=false turns it off.
ACCOUNT_PREVENT_ENUMERATION = env.bool("PREVENT_ACCOUNT_ENUMERATION", default=True)
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_FORMS = {"signup": "lms.forms.SignupForm"}
ACCOUNT_ADAPTER = "lms.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Failed logins: 5 per email in 5 minutes, 10 per minute from one address. Counters live in
# the cache, so set REDIS_URL when more than one process serves requests.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("LOGIN_RATE_LIMIT", default="10/m/ip,5/300s/key"),
}
# The Wagtail admin signs in through the same allauth login (and its rate limits).
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# So do visitors to private pages (Wagtail's own /_util/login/ is redirected in lms/urls.py).
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# No other way in: no sign-in by emailed code, no session straight from a password reset.
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False

# --- Email ----------------------------------------------------------------------------------
# EMAIL_URL unset: messages are printed to the console. Otherwise e.g.
# smtp+tls://user:password@smtp.example.org:587
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Peer Support Academy <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the daily audit chain head goes (lms.audit_chain): an address outside the people who
# run this installation, e.g. the certification body's. Empty: recorded, not emailed.
AUDIT_HEAD_EMAIL = env("AUDIT_HEAD_EMAIL", default="")

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("hi", "हिन्दी")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Kolkata")
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# A visitor's choice (the language switch in the footer) and, after sign-in, the profile's
# language (lms.middleware) are remembered in this cookie for a year, so the site stays in
# that language after signing out. Only the server reads it.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("SITE_NAME", default="Peer Support Academy")
WAGTAILADMIN_BASE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
# Lessons in the languages of LANGUAGES (issue 16): the default locale's tree is the source,
# each other language's tree is its translation, published through Clinical review
# (courses/translations.py). A new content language is a line in LANGUAGES.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Translating a live page must not make its copy live: the copy is published only when a
# clinical reviewer approves it (courses/wagtail_hooks.py).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Background work ------------------------------------------------------------------------
# Side effects that must happen are outbox messages (lms/outbox.py, docs/decisions/0009),
# written with the action. CELERY_BROKER_URL unset: each runs in this process right after
# the transaction commits. Set: a Celery worker takes them. Either way deliver_outbox (every
# minute) delivers whatever was not done.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# How long Redis waits for a late-acknowledged task before handing it to another worker.
# Keep it longer than CELERY_TASK_TIME_LIMIT, or a slow task is run twice while it runs
# (harmless for certificates, whose render is idempotent, but wasted work).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # Publishing is bounded, so a request never waits on the broker: a broker that refuses
    # fails at once (one quick retry), one that accepts TCP but never answers (a partition,
    # a paused Redis) after CELERY_BROKER_TIMEOUT seconds. Measured on a frozen redis-server:
    # 1.0 s per publish, 0.0-0.2 s refused. The message stays in the outbox either way.
    "socket_timeout": env.float("CELERY_BROKER_TIMEOUT", default=1.0),
    "socket_connect_timeout": env.float("CELERY_BROKER_TIMEOUT", default=1.0),
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_TIMEOUT", default=1.0)
CELERY_TASK_PUBLISH_RETRY = False
# The outbox (lms/outbox.py): deliver_outbox publishes a message first this long after it
# was written (the request publishes it at once), again this long after each publish that
# is not done (a lost message, a killed worker: recovery within about two minutes, however
# long the visibility timeout above), and reports an email claimed but not sent after this.
OUTBOX_FIRST_DELIVERY_AFTER_SECONDS = 10
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=45)
OUTBOX_SENDING_STUCK_AFTER_SECONDS = 600
OUTBOX_BROKER_RETRY_AFTER_SECONDS = 30
OUTBOX_MAX_ATTEMPTS = 10
OUTBOX_KEEP_DONE_DAYS = 7
CELERY_TIMEZONE = TIME_ZONE

# Wagtail's own background work (reference index, search index, image renditions) goes
# through django-tasks. Without a broker it runs inline in the editor's request (~20 ms and
# ~70 queries per publish, paid only by editors); with a broker it is handed to Celery after
# commit. See docs/decisions/0003-background-work.md.
TASKS = {
    "default": {
        "BACKEND": (
            "lms.tasks_backend.CeleryBackend"
            if CELERY_BROKER_URL
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Periodic jobs and how often they run (lms/jobs.py turns these into the beat schedule and
# into what `manage.py run_due_jobs` runs without a broker).
LMS_JOB_INTERVALS = {
    "publish_scheduled": timedelta(minutes=1),
    "clearsessions": timedelta(days=1),
}

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Nothing leaves the site (SECURITY.md) ---------------------------------------------------
# No page, the admin included, loads anything from another host. Wagtail would show staff
# avatars from Gravatar (sending each person's email hash) and ask releases.wagtail.org for
# updates from the admin dashboard; both are off, and the admin shows its local avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Content-Security-Policy (django-csp) on every page outside /admin/: this site only, no
# inline script or style, no plugins, not framed by another site.
_CSP_STRICT = {
    "default-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_STRICT}
# Under /admin/ (lms.security_headers): Wagtail 8's editing area writes inline <script>
# elements (inline panels, choosers, date pickers, modal responses) and injects <style>
# elements and style attributes from its scripts, so those allow inline code there. Inline
# event handlers (onclick=...) stay refused: Wagtail uses none. No eval, nothing from elsewhere.
# The image uploader previews the chosen file from a blob: URL (it never leaves the browser).
LMS_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_STRICT,
        "script-src": ["'self'", "'unsafe-inline'"],
        "script-src-attr": ["'none'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "blob:"],
    }
}
LMS_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# --- Logging --------------------------------------------------------------------------------
# Errors (with their request path, never form data) go to stderr, where the process manager
# collects them. Practice notes and reflections must never be logged.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Each line says which request (its X-Request-ID) or Celery task (its id) it belongs to;
    # "-" outside both (lms/logging_context.py).
    "filters": {"context": {"()": "lms.logging_context.ContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # One line per background task is noise at INFO; failures still show.
        "django_tasks": {"level": "WARNING"},
        # WeasyPrint logs several progress lines per PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Error reporting ------------------------------------------------------------------------
# SENTRY_DSN set: errors go to Sentry (or a compatible server), scrubbed by lms/sentry.py of
# request bodies, cookies, headers, query strings, people's details and every learner text.
# Performance traces are off unless SENTRY_TRACES_SAMPLE_RATE is set (0.0 to 1.0).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from lms.sentry import init as _sentry_init

    _sentry_init(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default=""),
        release=env("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

LMS_SITE_NAME = WAGTAIL_SITE_NAME
# Supervisors' daily digest lists practice logs and essays waiting longer than this many days.
PRACTICE_DIGEST_AFTER_DAYS = env.int("PRACTICE_DIGEST_AFTER_DAYS", default=3)
# The demo accounts' published password; the demo loader refuses to run in production.
LMS_DEMO_PASSWORD = "peer-support-demo"  # noqa: S105

# --- Certificates ---------------------------------------------------------------------------
# Public verification lookups allowed per client address (django-ratelimit's rate syntax).
CERTIFICATES_VERIFY_RATE = env("CERTIFICATES_VERIFY_RATE", default="30/m")
# The sweep (every minute) evaluates enrolments with progress in this window that have no
# certificate, so a lost event costs minutes; and re-queues renders pending longer than this
# that the outbox does not hold (queued before it existed, or sent back by a repair).
CERTIFICATES_SWEEP_LOOKBACK = timedelta(days=env.int("CERTIFICATES_SWEEP_LOOKBACK_DAYS", default=2))
CERTIFICATES_PENDING_REQUEUE_AFTER = timedelta(
    seconds=env.int("CERTIFICATES_PENDING_REQUEUE_AFTER_SECONDS", default=90)
)
CERTIFICATES_SWEEP_BATCH = env.int("CERTIFICATES_SWEEP_BATCH", default=500)
# A certificate that expires can be renewed from this many days before its expiry.
CERTIFICATES_RENEWAL_OPENS_DAYS = env.int("CERTIFICATES_RENEWAL_OPENS_DAYS", default=60)
# The admin list flags issued certificates whose rules would no longer hold. Events (progress,
# grading, a regrade, published content) ask for a recheck at once; a job every five minutes
# rechecks those and any not checked for this many hours, at most the batch per run.
CERTIFICATES_RULES_RECHECK_HOURS = env.int("CERTIFICATES_RULES_RECHECK_HOURS", default=24)
CERTIFICATES_RULES_RECHECK_BATCH = env.int("CERTIFICATES_RULES_RECHECK_BATCH", default=200)

# --- A person's copy of their data (issue 18; lms/data_export.py) ---------------------------
# How many days a finished export can be downloaded; then the daily expire_data_exports job
# deletes its file. At most this many exports per person and requester in a day.
DATA_EXPORT_DAYS = env.int("DATA_EXPORT_DAYS", default=7)
DATA_EXPORT_DAILY_LIMIT = env.int("DATA_EXPORT_DAILY_LIMIT", default=5)

# --- The privacy notice (issue 18; lms/consent.py) -----------------------------------------
# setup_site publishes a first version, in English and Hindi, when none exists; editors
# publish later ones (Settings → Privacy notices). The test settings turn this off: tests
# publish the notice they need.
PRIVACY_NOTICE_SETUP = env.bool("PRIVACY_NOTICE_SETUP", default=True)

# --- Erasure and retention (issue 18; lms/erasure.py, lms/retention.py) -----------------------
# Days between asking for erasure and the daily job running it; the person may cancel
# meanwhile.
ERASURE_COOLING_OFF_DAYS = env.int("ERASURE_COOLING_OFF_DAYS", default=7)
# What the daily apply_retention job removes (lms/retention.py). For each, 0 means never.
# Accounts nobody has signed in to for this many days, holding no certificate, no staff role
# and no pending erasure, are warned by email, then erased RETENTION_WARNING_DAYS later
# unless the person signs in; at most RETENTION_ACCOUNTS_BATCH warned and as many erased a
# run.
RETENTION_INACTIVE_DAYS = env.int("RETENTION_INACTIVE_DAYS", default=730)
RETENTION_WARNING_DAYS = env.int("RETENTION_WARNING_DAYS", default=30)
RETENTION_ACCOUNTS_BATCH = env.int("RETENTION_ACCOUNTS_BATCH", default=200)
# Rows of finished data exports (expired or failed; their files are gone already), this many
# days after they ended.
RETENTION_EXPORT_DAYS = env.int("RETENTION_EXPORT_DAYS", default=90)
# Sessions last saved this many days ago (their expiry less SESSION_COOKIE_AGE, two weeks by
# default), even if not expired yet; expired ones always. 14 removes no more than expiry does.
RETENTION_SESSION_DAYS = env.int("RETENTION_SESSION_DAYS", default=14)
# Notices read this many days ago (unread ones stay).
RETENTION_READ_NOTICE_DAYS = env.int("RETENTION_READ_NOTICE_DAYS", default=180)
# Daily progress snapshots older than this many days. Never fewer than the cohort chart's 12
# weeks (certificates/progress/chart.py), whatever this says.
RETENTION_SNAPSHOT_DAYS = env.int("RETENTION_SNAPSHOT_DAYS", default=120)

# --- Files: media and private files (issue 13; lms/private_files.py) ------------------------
# Two storages. "default", media: Wagtail images (public, shown on pages) and documents
# (always served by Wagtail's view, which applies collection privacy, never at /media/).
# "private": certificate PDFs, never under MEDIA_ROOT and never given a URL; authorised views
# read them through the storage API. Local disk by default (PRIVATE_MEDIA_ROOT, outside
# MEDIA_ROOT); S3-compatible object storage (django-storages) with STORAGE_BACKEND=s3 or
# AWS_STORAGE_BUCKET_NAME set, which is what lets several servers share the files: media under
# the bucket's "media/" prefix, private files under "private/", every object private, media
# reached through signed URLs that expire (AWS_QUERYSTRING_EXPIRE seconds).
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media"))
STORAGE_BACKEND = env(
    "STORAGE_BACKEND", default="s3" if env("AWS_STORAGE_BUCKET_NAME", default="") else "local"
)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# The hourly sweep_orphan_files job removes certificate files no row names once this old.
CERTIFICATES_ORPHAN_FILE_GRACE = timedelta(
    minutes=env.int("CERTIFICATES_ORPHAN_FILE_GRACE_MINUTES", default=60)
)
if STORAGE_BACKEND == "s3":
    _S3_ENDPOINT = env("AWS_S3_ENDPOINT_URL", default="")
    _S3_REGION = env("AWS_S3_REGION_NAME", default="")
    _S3_BUCKET = env("AWS_STORAGE_BUCKET_NAME")
    _S3_OPTIONS = {
        "bucket_name": _S3_BUCKET,
        "endpoint_url": _S3_ENDPOINT or None,
        "region_name": _S3_REGION or None,
        "access_key": env("AWS_ACCESS_KEY_ID", default=None),
        "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        "signature_version": "s3v4",
        # Another provider (MinIO, Ceph, a cloud's S3 API) at AWS_S3_ENDPOINT_URL: path-style
        # addresses, which all of them accept; AWS itself: the bucket's own host name.
        "addressing_style": "path" if _S3_ENDPOINT else "virtual",
    }
    STORAGES = {
        **STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_S3_OPTIONS,
                "location": "media",
                "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=3600),
            },
        },
        "private": {
            "BACKEND": "lms.storage_s3.PrivateS3Storage",
            "OPTIONS": {**_S3_OPTIONS, "location": "private", "querystring_expire": 60},
        },
    }
    # Pages show images from the bucket's host: the Content-Security-Policy allows that one
    # host for images (the site's own storage, signed URLs), and nothing else.
    if _S3_ENDPOINT:
        _endpoint = urlsplit(_S3_ENDPOINT)
        _MEDIA_ORIGIN = f"{_endpoint.scheme}://{_endpoint.netloc}"
    elif _S3_REGION in ("", "us-east-1"):
        _MEDIA_ORIGIN = f"https://{_S3_BUCKET}.s3.amazonaws.com"
    else:
        _MEDIA_ORIGIN = f"https://{_S3_BUCKET}.s3.{_S3_REGION}.amazonaws.com"
    for _policy in (CONTENT_SECURITY_POLICY, LMS_ADMIN_CONTENT_SECURITY_POLICY):
        _directives = _policy["DIRECTIVES"] = dict(_policy["DIRECTIVES"])
        _directives["img-src"] = [*_directives.get("img-src", ["'self'"]), _MEDIA_ORIGIN]
elif STORAGE_BACKEND == "local":
    STORAGES = {
        **STORAGES,
        "private": {"BACKEND": "lms.private_files.PrivateFileSystemStorage"},
    }
else:
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be local or s3, not {STORAGE_BACKEND!r}")
