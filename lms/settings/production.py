"""Production settings: refuse to start without a secret key, the allowed hosts and the
site's own address (SITE_URL).

Serve behind a TLS-terminating proxy that sets X-Forwarded-Proto. `manage.py check --deploy`
reports nothing with these settings.
"""

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

LMS_ENVIRONMENT = "production"
DEBUG = False

SECRET_KEY = env("SECRET_KEY", default="")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production, "
        "e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the host names this site answers to, e.g. "
        "ALLOWED_HOSTS=academy.example.org"
    )


def _public_site_url(value: str) -> str:
    """SITE_URL as every absolute link (certificate QR codes, emails) will use it, or
    ImproperlyConfigured: unset, not http(s) with a host, or a loopback address."""
    example = "e.g. SITE_URL=https://academy.example.org"
    if not value:
        raise ImproperlyConfigured(
            "SITE_URL must be set to the address people open this site at; it is printed on "
            f"certificates (as text and QR code) and in every email link, {example}"
        )
    try:
        bits = urlsplit(value)
        host = bits.hostname or ""
        bits.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        bits, host = None, ""
    if bits is None or bits.scheme not in ("http", "https") or not host:
        raise ImproperlyConfigured(
            f"SITE_URL must be an http:// or https:// address with a host name, {example} "
            f"(got {value!r})"
        )
    try:
        address = ipaddress.ip_address(host)
        loopback = address.is_loopback or address.is_unspecified
    except ValueError:
        loopback = host == "localhost" or host.endswith(".localhost")
    if loopback:
        raise ImproperlyConfigured(
            f"SITE_URL must not be a loopback address ({value!r}): certificates and emails "
            f"would send people to their own machine, {example}"
        )
    return value.rstrip("/")


WAGTAILADMIN_BASE_URL = _public_site_url(env("SITE_URL", default=""))
# No account enumeration in production unless turned off (PREVENT_ACCOUNT_ENUMERATION=false).
ACCOUNT_PREVENT_ENUMERATION = env.bool("PREVENT_ACCOUNT_ENUMERATION", default=True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Health endpoints (lms/health.py): a load balancer may call them over plain HTTP on the
# private network; they answer there instead of redirecting to https.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# --- The client's address behind the proxy (deploy/nginx/academy.conf) -----------------------
# gunicorn sees every request come from nginx on loopback, so the per-address limits (failed
# sign-ins, /verify/ lookups) would count every visitor as one. nginx appends the address it
# saw to X-Forwarded-For; both limits read that last entry (allauth through its own setting,
# django-ratelimit through _client_ip), and the connection's address when it is absent.
# TRUSTED_PROXY_COUNT=0 ignores the header (no proxy); keep 1 behind nginx, with nginx's
# realip module where a load balancer sits in front of it (deploy/README.md).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)


def _client_ip(request) -> str:
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if ALLAUTH_TRUSTED_PROXY_COUNT and len(hops) >= ALLAUTH_TRUSTED_PROXY_COUNT:
        return hops[-ALLAUTH_TRUSTED_PROXY_COUNT]
    return request.META["REMOTE_ADDR"]


RATELIMIT_IP_META_KEY = _client_ip

# Media and private files as base.py chose them (local disk or S3); static files by WhiteNoise.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Wagtail's live preview shows the page in a same-origin frame, so frames stay SAMEORIGIN
# rather than DENY.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
if not SECURE_HSTS_PRELOAD:
    # Preloading HSTS is a commitment the domain's owner makes for every subdomain; it stays
    # their choice (SECURE_HSTS_PRELOAD=true), so the reminder is silenced until they make it.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
