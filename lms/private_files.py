"""Private files: where they are kept and how they reach the one person allowed to read them.

Two storages (settings `STORAGES`, lms/settings/base.py):

- "default", media: the Wagtail images shown on pages and their renditions (public), and
  Wagtail documents. On local disk that is MEDIA_ROOT, of which nginx and the development
  server serve only images at MEDIA_URL; on S3-compatible storage the bucket's "media/"
  prefix, whose objects are private and reached by signed URLs. Documents are always served
  by Wagtail's own view, which applies collection privacy (WAGTAILDOCS_SERVE_METHOD =
  "serve_view"), never at a /media/ address.
- "private": certificate PDFs, and any other file with a person's data. On local disk that is
  PRIVATE_MEDIA_ROOT, a folder outside MEDIA_ROOT that nothing serves; on S3 the "private/"
  prefix of the same bucket. Private files have no URL at all (`url()` raises; on S3
  `lms.storage_s3.PrivateS3Storage`): they are read through the storage API by a view that
  checks who is asking (`private_file_response`), so any server of several can serve them.

The view streams the file rather than redirecting to a signed S3 URL: a signed URL is a bearer
token (anyone holding it reads the file until it expires: browser history, a forwarded link,
a proxy's log), and the files are small (a certificate is under 100 KB), so streaming costs
little and keeps the download's name, Cache-Control and noindex headers ours.
"""

import logging
import re

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.utils.functional import LazyObject, cached_property, empty

logger = logging.getLogger(__name__)

PRIVATE = "private"


class _PrivateStorage(LazyObject):
    """STORAGES["private"], looked up when first used and again after the settings change."""

    def _setup(self):
        self._wrapped = storages[PRIVATE]


_private = _PrivateStorage()


def private_storage() -> Storage:
    """The private storage. Certificate.pdf's `storage` callable: the field keeps this proxy,
    so it follows STORAGES (local disk or S3) and PRIVATE_MEDIA_ROOT, a test's override too."""
    return _private


@receiver(setting_changed)
def _private_settings_changed(*, setting, **kwargs):
    if setting in ("STORAGES", "PRIVATE_MEDIA_ROOT"):
        storages._storages.pop(PRIVATE, None)
        _private._wrapped = empty


class NoPublicURL:
    """A private file must never be linked to: asking for its URL is a programming error."""

    def url(self, name, *args, **kwargs):
        raise NotImplementedError(
            "Private files have no URL; serve them with lms.private_files.private_file_response."
        )


class PrivateFileSystemStorage(NoPublicURL, FileSystemStorage):
    """PRIVATE_MEDIA_ROOT on local disk, read from the setting when first used (as
    FileSystemStorage reads MEDIA_ROOT)."""

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location, base_url=None, **kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)


def private_file_response(
    storage: Storage, name: str, *, filename: str, content_type: str
) -> FileResponse:
    """A download of `name` from `storage` as an attachment called `filename`, for the view
    that has already checked the person may read it. Never cached, never indexed. A file the
    row names but the storage lacks (not moved yet, lost from a bucket) is a 404 and a
    warning for the operator, not a server error."""
    try:
        file = storage.open(name, "rb")
    except FileNotFoundError as error:
        logger.warning("Private file %s is missing from its storage", name)
        raise Http404 from error
    response = FileResponse(
        file,
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# Wagtail keeps image originals and renditions under these folders of MEDIA_ROOT; the rest
# of MEDIA_ROOT (documents/) is not served at MEDIA_URL, by nginx or by the development server.
PUBLIC_MEDIA_FOLDERS = ("original_images", "images")


def public_media_urlpatterns() -> list:
    """With DEBUG, the development server's MEDIA_URL route, for images only (nginx does the
    same in production: deploy/nginx/academy.conf). Documents go through Wagtail's view,
    which applies collection privacy; private files are not under MEDIA_ROOT at all."""
    if not settings.DEBUG or not settings.MEDIA_URL.startswith("/"):
        return []
    from django.urls import re_path
    from django.views.static import serve

    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    folders = "|".join(PUBLIC_MEDIA_FOLDERS)
    return [
        re_path(
            rf"^{prefix}(?P<path>(?:{folders})/.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
