"""Absolute addresses on the site's public address, SITE_URL (WAGTAILADMIN_BASE_URL in the
settings): every link that leaves the site (emails, the certificate's QR code and printed
address) uses it, never the host a request happened to come in on."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """SITE_URL plus a path (and query) that starts with "/"."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
