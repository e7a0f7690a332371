"""What every installation needs for certificates: a first certificate wording (version 1,
with the default text), so the first certificate has a version to pin and editors have one
to start from. Idempotent; `setup_site` calls it."""

from .models import CertificateWording


def certificates_setup() -> CertificateWording:
    wording = CertificateWording.objects.order_by("-version").first()
    if wording is None:
        wording, _created = CertificateWording.objects.get_or_create(version=1)
    return wording
