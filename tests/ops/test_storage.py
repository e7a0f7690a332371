"""Files on local disk: certificate PDFs live in the private storage, outside MEDIA_ROOT, and
reach only their holder through the download view; a render that fails after writing its
file leaves nothing; the orphan sweep removes unused files and keeps the rest; the upgrade
moves certificates that earlier releases kept under MEDIA_ROOT."""

import io
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from certificates import files, pdf, services
from certificates.models import Certificate, CertificateEvent
from lms import roles
from lms.private_files import private_storage, public_media_urlpatterns
from tests.factories import UserFactory
from tests.factories.certificates import CertificateFactory, certifiable_build

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7 Priya Sharma's certificate"


@pytest.fixture
def rendered(monkeypatch):
    """A stand-in renderer: the real one takes a third of a second and is tested elsewhere."""
    monkeypatch.setattr(pdf, "certificate_pdf_render", lambda data: PDF)


def _files_under(root) -> list[Path]:
    root = Path(root)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _issue(django_capture_on_commit_callbacks) -> Certificate:
    built = certifiable_build()
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_evaluate(enrolment=built.enrolment)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    return certificate


def _age(name: str, *, hours: float) -> None:
    path = private_storage().path(name)
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


# --- Where private files live and who reads them ---------------------------------------------


def test_an_issued_certificate_is_kept_outside_media_and_has_no_url(
    rendered, django_capture_on_commit_callbacks
):
    certificate = _issue(django_capture_on_commit_callbacks)
    stored = Path(private_storage().path(certificate.pdf.name))
    assert stored.read_bytes() == PDF
    assert Path(settings.PRIVATE_MEDIA_ROOT) in stored.parents
    assert Path(settings.MEDIA_ROOT) not in stored.parents
    assert _files_under(settings.MEDIA_ROOT) == []
    # Nothing can link to it: the private storage refuses to make a URL.
    with pytest.raises(NotImplementedError):
        certificate.pdf.url  # noqa: B018


def test_the_holder_downloads_it_and_nobody_else_can(
    client, rendered, django_capture_on_commit_callbacks
):
    certificate = _issue(django_capture_on_commit_callbacks)
    url = reverse("certificates:download", args=[certificate.code])
    assert client.get(url).status_code == 302  # to sign in
    for role in (roles.TRAINEE, roles.SUPERVISOR, roles.PROGRAMME_ADMIN):
        client.force_login(UserFactory(role=role))
        assert client.get(url).status_code == 404, role
    client.force_login(certificate.user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    # The holder's pages link to the view, never to a /media/ address.
    for page in (reverse("certificates:mine"), reverse("courses:dashboard")):
        html = client.get(page).content.decode()
        assert url in html, page
        assert settings.MEDIA_URL not in html, page
        assert certificate.pdf.name not in html, page


def test_the_development_media_route_serves_images_only(settings):
    settings.DEBUG = True
    (pattern,) = public_media_urlpatterns()
    assert pattern.resolve("media/original_images/photo.jpg") is not None
    assert pattern.resolve("media/images/photo.width-400.jpg") is not None
    for private in (
        "media/documents/handout.pdf",
        "media/certificates/2026/0123456789abcdef.pdf",
        "media/../private_media/certificates/2026/x.pdf",
    ):
        assert pattern.resolve(private) is None, private
    settings.DEBUG = False
    assert public_media_urlpatterns() == []


def test_documents_are_served_by_wagtails_view_not_at_media(client, trainee):
    from wagtail.documents.models import Document

    document = Document(title="Handout")
    document.file.save("handout.txt", ContentFile(b"Boundaries handout"), save=False)
    document.save()
    assert not document.url.startswith(settings.MEDIA_URL)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Boundaries handout"


# --- A failed render leaves no file ---------------------------------------------------------


def test_a_render_that_fails_after_writing_its_file_leaves_none(
    rendered, django_capture_on_commit_callbacks, monkeypatch
):
    built = certifiable_build()
    with django_capture_on_commit_callbacks(execute=False):
        certificate = services.certificate_evaluate(enrolment=built.enrolment)

    def issue_fails(certificate):
        # By now the PDF, with the holder's name, is in storage.
        assert _files_under(settings.PRIVATE_MEDIA_ROOT)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_issue", issue_fails)
    with pytest.raises(RuntimeError):
        services.certificate_issue_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.PENDING
    assert not certificate.pdf
    assert certificate.render_attempts == 1
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == []
    assert _files_under(settings.MEDIA_ROOT) == []


# --- The orphan sweep -----------------------------------------------------------------------


def test_the_sweep_removes_old_unused_files_and_keeps_used_and_recent_ones(
    rendered, django_capture_on_commit_callbacks
):
    certificate = _issue(django_capture_on_commit_callbacks)
    storage = private_storage()
    # A reissue's earlier file, kept for the record by its history event.
    before = storage.save("certificates/2025/earlier.pdf", ContentFile(PDF))
    CertificateEvent.objects.create(
        certificate=certificate,
        kind=CertificateEvent.Kind.REISSUED,
        details={"pdf_before": before, "holder_name_before": "P. Sharma"},
    )
    orphan = storage.save("certificates/2026/orphan.pdf", ContentFile(PDF))
    young = storage.save("certificates/2026/rendering-now.pdf", ContentFile(PDF))
    for name in (certificate.pdf.name, before, orphan):
        _age(name, hours=5)
    _age(young, hours=0.25)

    call_command("sweep_orphan_files", stdout=io.StringIO())

    assert not storage.exists(orphan)
    for name in (certificate.pdf.name, before, young):
        assert storage.exists(name), name
    assert files.orphan_files_sweep() == {"kept": 2, "removed": 0, "young": 1}
    # Once older than the grace period, the unused one goes too.
    assert files.orphan_files_sweep(grace=timedelta(minutes=10)) == {
        "kept": 2,
        "removed": 1,
        "young": 0,
    }
    assert not storage.exists(young)


def test_the_sweep_is_a_registered_hourly_job():
    from lms.jobs import get_job

    job = get_job("sweep_orphan_files")
    assert job.command == "sweep_orphan_files"
    assert job.every == timedelta(hours=1)


# --- Upgrade: certificates kept under MEDIA_ROOT by earlier releases -------------------------


def test_move_private_files_takes_certificates_out_of_media(client, trainee):
    """A populated media folder as release 0.1 left it: certificate PDFs under
    MEDIA_ROOT/certificates/ beside uploaded images."""
    certificates = []
    contents = {}
    for year in (2025, 2026):
        certificate = CertificateFactory(
            enrolment__user=trainee if year == 2026 else UserFactory(role=roles.TRAINEE),
            issued=True,
        )
        name = default_storage.save(
            f"certificates/{year}/{year}abcdef.pdf", ContentFile(PDF + str(year).encode())
        )
        Certificate.objects.filter(pk=certificate.pk).update(pdf=name)
        certificates.append((certificate, name))
        contents[name] = PDF + str(year).encode()
    image = default_storage.save("original_images/photo.jpg", ContentFile(b"jpeg"))
    stray = default_storage.save("certificates/readme.txt", ContentFile(b"not a certificate"))
    client.force_login(trainee)
    download = reverse("certificates:download", args=[certificates[1][0].code])
    assert client.get(download).status_code == 404  # not found where it is now looked for

    call_command("move_private_files", stdout=io.StringIO())

    for name, content in contents.items():
        assert not default_storage.exists(name)
        with private_storage().open(name) as moved:
            assert moved.read() == content
    assert default_storage.exists(image) and default_storage.exists(stray)
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF + b"2026"
    # Again: nothing left to move, nothing changes.
    assert files.move_to_private() == {"moved": 0, "already": 0}
    assert _files_under(Path(settings.MEDIA_ROOT) / "certificates") == [
        Path(default_storage.path(stray))
    ]


def test_move_private_files_finishes_a_move_that_was_interrupted():
    name = default_storage.save("certificates/2026/halfway.pdf", ContentFile(PDF))
    private_storage().save(name, ContentFile(PDF))  # copied, but not yet deleted from media
    assert files.move_to_private() == {"moved": 0, "already": 1}
    assert not default_storage.exists(name)
    assert private_storage().exists(name)
