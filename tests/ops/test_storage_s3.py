"""Files on S3-compatible object storage, against a real S3 server (moto's, started by the
test): the settings an operator's variables produce, an image uploaded through Wagtail, a
certificate issued and downloaded through the holder's view, nothing public in the bucket,
and the file rules (a failed render leaves nothing, the sweep removes unused files) there too.
"""

import gc
import io
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PILImage

from certificates import files, services
from certificates.models import Certificate
from lms.private_files import private_storage
from tests.factories.certificates import certifiable_build
from tests.ops.s3_server import BUCKET, s3_server, storages_for  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_s3(s3_server, tmp_path):  # noqa: F811
    """The app's storages on the moto bucket, exactly as base.py builds them from the
    variables; local media folders of the test's own, which must stay empty."""
    built = storages_for(s3_server.env())
    with override_settings(
        STORAGES=built["STORAGES"],
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private_media"),
    ):
        s3_server.settings = built
        yield s3_server
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.*"))
    assert not (tmp_path / "private_media").exists()


def _png() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


def test_the_variables_choose_private_s3_storages_and_allow_only_the_buckets_images(on_s3):
    storages = on_s3.settings["STORAGES"]
    media, private = storages["default"], storages["private"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert private["BACKEND"] == "lms.storage_s3.PrivateS3Storage"
    for options in (media["OPTIONS"], private["OPTIONS"]):
        assert options["bucket_name"] == BUCKET
        assert options["endpoint_url"] == on_s3.endpoint
        assert options["default_acl"] == "private"
        assert options["querystring_auth"] is True
    assert (media["OPTIONS"]["location"], private["OPTIONS"]["location"]) == ("media", "private")
    assert private["OPTIONS"]["querystring_expire"] <= 60
    assert storages["staticfiles"] == settings.STORAGES["staticfiles"]
    # Pages may show images from the bucket's host, and from nowhere else.
    for policy in ("CSP", "ADMIN_CSP"):
        img_src = on_s3.settings[policy]["DIRECTIVES"]["img-src"]
        assert on_s3.endpoint in img_src
        assert all(source in ("'self'", "blob:", on_s3.endpoint) for source in img_src)


# Wagtail 8.0 renders a rendition into a SpooledTemporaryFile it never closes (images/models.py,
# generate_rendition_file), leaving it to the garbage collector; collected here, not in a later
# test.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_an_image_uploaded_in_wagtail_is_stored_in_the_bucket_and_shown_by_signed_url(
    client, editor, on_s3
):
    from wagtail.images import get_image_model

    client.force_login(editor)
    png = _png()
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Circle of support", "file": ContentFile(png, name="circle.png")},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="Circle of support")
    assert on_s3.read(f"media/{image.file.name}") == png
    rendition = image.get_rendition("width-20")
    assert f"media/{rendition.file.name}" in on_s3.keys("media/images/")
    url = rendition.url
    assert url.startswith(f"{on_s3.endpoint}/{BUCKET}/media/images/")
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=" in url
    fetched = requests.get(url, timeout=30)
    assert fetched.status_code == 200
    assert fetched.content[:8] == b"\x89PNG\r\n\x1a\n"
    # Without the signature the bucket refuses: nothing in it is public.
    assert requests.get(url.split("?")[0], timeout=30).status_code == 403
    gc.collect()


def test_a_certificate_is_issued_to_the_bucket_and_downloaded_by_its_holder_only(
    client, on_s3, django_capture_on_commit_callbacks
):
    built = certifiable_build()
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_evaluate(enrolment=built.enrolment)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    key = f"private/{certificate.pdf.name}"
    assert on_s3.keys("private/") == [key]
    stored = on_s3.read(key)
    assert stored.startswith(b"%PDF-")
    url = reverse("certificates:download", args=[certificate.code])
    client.force_login(built.supervisor)
    assert client.get(url).status_code == 404
    client.force_login(built.enrolment.user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    response.close()
    # The object has no public address, and the app never makes a signed one.
    address = f"{on_s3.endpoint}/{BUCKET}/{key}"
    assert requests.get(address, timeout=30).status_code == 403
    with pytest.raises(NotImplementedError):
        certificate.pdf.url  # noqa: B018


def test_on_s3_a_failed_render_leaves_no_object_and_the_sweep_removes_unused_ones(
    on_s3, django_capture_on_commit_callbacks, monkeypatch
):
    from certificates import pdf

    monkeypatch.setattr(pdf, "certificate_pdf_render", lambda data: b"%PDF-1.7 stand-in")
    built = certifiable_build()
    with django_capture_on_commit_callbacks(execute=False):
        certificate = services.certificate_evaluate(enrolment=built.enrolment)

    def issue_fails(certificate):
        assert on_s3.keys("private/certificates/")  # written by now
        raise RuntimeError("the database went away")

    with monkeypatch.context() as patched:
        patched.setattr(services, "_issue", issue_fails)
        with pytest.raises(RuntimeError):
            services.certificate_issue_render(certificate_id=certificate.pk)
    assert on_s3.keys("private/") == []

    services.certificate_issue_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    orphan = private_storage().save("certificates/2026/orphan.pdf", ContentFile(b"%PDF-1.7"))
    assert files.orphan_files_sweep() == {"kept": 1, "removed": 0, "young": 1}
    assert files.orphan_files_sweep(grace=timedelta(seconds=-5)) == {
        "kept": 1,
        "removed": 1,
        "young": 0,
    }
    assert on_s3.keys("private/") == [f"private/{certificate.pdf.name}"]
    assert orphan != certificate.pdf.name


def test_a_document_is_streamed_by_wagtails_view_from_the_bucket(client, on_s3):
    from wagtail.documents.models import Document

    document = Document(title="Handout")
    document.file.save("handout.txt", ContentFile(b"Boundaries handout"), save=False)
    document.save()
    assert f"media/{document.file.name}" in on_s3.keys("media/documents/")
    assert document.url.startswith("/documents/")
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Boundaries handout"
    response.close()


def test_local_folders_are_not_used(on_s3, tmp_path):
    """What the fixture checks at the end, said once: with S3 configured nothing is written
    under the server's own folders (another server could not read it)."""
    private_storage().save("certificates/2026/probe.pdf", ContentFile(b"%PDF-1.7"))
    assert Path(settings.PRIVATE_MEDIA_ROOT) == tmp_path / "private_media"
    assert not (tmp_path / "private_media").exists()
    assert on_s3.keys("private/certificates/2026/") == ["private/certificates/2026/probe.pdf"]
