"""A certificate's QR code, read as a phone would read it, opens the configured site.

The certificate is issued through the real services and rendered by WeasyPrint; its page is
rasterised with PDFium (pypdfium2) and the QR code decoded from the pixels with ZXing
(zxing-cpp), so nothing here trusts the data the renderer was given.
"""

from urllib.parse import urlsplit

import pypdfium2 as pdfium
import pytest
import zxingcpp

from certificates import services
from certificates.models import Certificate
from lms.private_files import private_storage
from tests.certificates.test_pdf import text_of
from tests.factories.certificates import certifiable_build

pytestmark = pytest.mark.django_db

# Not the default and with a port, so that nothing else could produce it.
SITE_URL = "https://academy.example.org:8443"
DPI = 150


def decoded_qr_codes(pdf_bytes: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        page = document[0]
        try:
            image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
        finally:
            page.close()
    finally:
        document.close()
    return [
        barcode.text
        for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    ]


def test_the_qr_code_opens_the_configured_sites_verification_page(
    settings, client, django_capture_on_commit_callbacks, tmp_path
):
    settings.WAGTAILADMIN_BASE_URL = SITE_URL
    settings.STATIC_ROOT = str(tmp_path)  # WhiteNoise warns when it does not exist
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_evaluate(enrolment=certifiable_build().enrolment)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    with private_storage().open(certificate.pdf.name, "rb") as stored:
        pdf_bytes = stored.read()

    codes = decoded_qr_codes(pdf_bytes)

    expected = f"{SITE_URL}/verify/{certificate.code}/"
    assert codes == [expected]
    # The address printed beside it is the same one.
    assert expected in "".join(text_of(pdf_bytes).split())
    # And it is this site's verification page for this certificate.
    page = client.get(urlsplit(codes[0]).path)
    assert page.status_code == 200
    assert certificate.holder_name in page.content.decode()


def test_the_holders_page_prints_the_same_address_as_the_certificate(
    settings, client, django_capture_on_commit_callbacks, tmp_path
):
    """Not the address the request came in on (a proxy, a port-forward): the configured one."""
    settings.WAGTAILADMIN_BASE_URL = SITE_URL
    settings.STATIC_ROOT = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_evaluate(enrolment=certifiable_build().enrolment)
    client.force_login(certificate.enrolment.user)

    page = client.get("/learn/certificates/", HTTP_HOST="127.0.0.1").content.decode()

    assert f"{SITE_URL}/verify/{certificate.code}/</a>" in page
    assert "http://127.0.0.1/verify/" not in page
