"""Settings for `make run` on one machine: debug pages, a fixed development key, local hosts,
and links (certificates, emails) to the port the server runs on."""

from .base import *  # noqa: F403
from .base import env

LMS_ENVIRONMENT = "dev"
DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-" + "x" * 40)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# `make run` serves on PORT; every absolute link must open that same server.
WAGTAILADMIN_BASE_URL = env("SITE_URL", default=f"http://127.0.0.1:{env('PORT', default='8000')}")
