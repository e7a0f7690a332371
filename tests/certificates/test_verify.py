"""Public verification: the form, a certificate's page in each standing, what a wrong code
gets, escaping of names in any script, and the rate limit per client address."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.codes import code_generate
from certificates.models import Certificate
from tests.factories.certificates import CertificateFactory

pytestmark = pytest.mark.django_db

NOINDEX = '<meta name="robots" content="noindex, nofollow">'


def _certificate(**fields):
    today = timezone.localdate()
    defaults = {
        "issued": True,
        "issued_on": today - timedelta(days=100),
        "holder_name": "Asha Verma",
        "hours_by_category": [
            {"category": "One-to-one peer support", "minutes": 90},
            {"category": "Group facilitation", "minutes": 60},
        ],
        "total_minutes": 150,
    }
    return CertificateFactory(**{**defaults, **fields})


def _page(client, certificate_or_code, **extra):
    code = getattr(certificate_or_code, "code", certificate_or_code)
    return client.get(reverse("verify:detail", args=[code]), **extra)


def test_form_has_a_labelled_input_and_is_never_indexed(client):
    response = client.get(reverse("verify:form"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_code">Certificate code</label>' in page
    assert 'id="id_code"' in page
    assert NOINDEX in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_form_sends_a_code_as_typed_to_its_page(client):
    certificate = _certificate()
    typed = " " + certificate.code_display.lower() + " "
    response = client.get(reverse("verify:form"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("verify:detail", args=[certificate.code])


def test_a_mistyped_code_gets_a_clear_message_and_400(client):
    code = code_generate()
    wrong = code[:3] + ("1" if code[3] != "1" else "2") + code[4:]
    response = client.get(reverse("verify:form"), {"code": wrong})
    assert response.status_code == 400
    assert "typing mistake" in response.content.decode()

    response = _page(client, "ABC")
    page = response.content.decode()
    assert response.status_code == 400
    assert "A certificate code has 14 characters; this one has 3." in page
    assert NOINDEX in page


def test_an_unknown_code_reveals_nothing(client):
    response = _page(client, code_generate())
    page = response.content.decode()
    assert response.status_code == 404
    assert "No certificate with this code" in page
    assert NOINDEX in page


def test_a_certificate_not_issued_yet_is_unknown_to_the_public(client):
    pending = CertificateFactory(holder_name="Asha Verma")
    response = _page(client, pending)
    assert response.status_code == 404
    assert "Asha" not in response.content.decode()


def test_valid_certificate_shows_what_was_certified(client):
    certificate = _certificate(expires_on=None, supervisor_names=["Meera Iyer"])
    response = _page(client, certificate)
    page = response.content.decode()
    assert response.status_code == 200
    assert NOINDEX in page
    assert "<strong>Valid</strong>" in page
    assert "does not expire" in page
    assert "Asha Verma" in page
    assert certificate.course_title in page
    assert certificate.code_display in page
    assert "Meera Iyer" in page
    assert "<bdi>One-to-one peer support</bdi></th><td>1.5</td>" in page
    assert "<bdi>Group facilitation</bdi></th><td>1</td>" in page
    assert "Total</th><td>2.5</td>" in page
    assert certificate.issued_on.strftime("%-d %B %Y") in page


def test_the_code_as_printed_finds_the_certificate_too(client):
    certificate = _certificate()
    assert _page(client, certificate.code_display.lower()).status_code == 200


@pytest.mark.parametrize(
    ("days", "label", "says"),
    [
        (365, "Valid", "valid until"),
        (30, "Valid, expiring soon", "valid until"),
        (0, "Valid, expiring soon", "valid until"),
        (-1, "Expired", "expired on"),
    ],
)
def test_expiry_is_worked_out_when_read(client, days, label, says):
    expires_on = timezone.localdate() + timedelta(days=days)
    page = _page(client, _certificate(expires_on=expires_on)).content.decode()
    assert f"<strong>{label}</strong>" in page
    assert f"{says} {expires_on.strftime('%-d %B %Y')}" in page


def test_revoked_shows_the_date_never_the_reason(client):
    revoked_at = timezone.now() - timedelta(days=3)
    certificate = _certificate(
        status=Certificate.Status.REVOKED,
        revoked_at=revoked_at,
        revoked_reason="Confidential: a complaint was upheld",
    )
    page = _page(client, certificate).content.decode()
    assert "<strong>Revoked</strong>" in page
    assert f"revoked on {timezone.localtime(revoked_at).strftime('%-d %B %Y')}" in page
    assert "complaint" not in page


def test_superseded_links_to_the_renewal_that_replaced_it(client):
    renewal = _certificate(cycle=2)
    old = _certificate(
        enrolment=renewal.enrolment, status=Certificate.Status.SUPERSEDED, superseded_by=renewal
    )
    page = _page(client, old).content.decode()
    assert "<strong>Superseded by a renewal</strong>" in page
    assert reverse("verify:detail", args=[renewal.code]) in page


def test_names_in_indian_scripts_render_as_text(client):
    certificate = _certificate(holder_name="प्रिया शर्मा")
    response = _page(client, certificate)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "<bdi>प्रिया शर्मा</bdi>" in response.content.decode()


def test_html_and_right_to_left_marks_in_a_name_are_text(client):
    name = "<script>alert(1)</script> Ravi\u202eKumar"
    page = _page(client, _certificate(holder_name=name)).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Ravi\u202eKumar" in page
    # The mark is isolated, so it cannot reverse the text around the name.
    assert "<bdi>&lt;script&gt;" in page


def test_lookups_are_rate_limited_per_address_and_the_form_itself_is_not(client, settings):
    settings.CERTIFICATES_VERIFY_RATE = "3/h"
    certificate = _certificate()
    here = {"REMOTE_ADDR": "203.0.113.7"}
    for _ in range(5):
        assert client.get(reverse("verify:form"), **here).status_code == 200
    assert _page(client, certificate, **here).status_code == 200
    assert _page(client, code_generate(), **here).status_code == 404
    assert client.get(reverse("verify:form"), {"code": "x"}, **here).status_code == 400

    response = _page(client, certificate, **here)
    page = response.content.decode()
    assert response.status_code == 429
    assert "Please wait a minute" in page
    assert "Asha" not in page
    assert response["Retry-After"] == "60"

    elsewhere = {"REMOTE_ADDR": "198.51.100.4"}
    assert _page(client, certificate, **elsewhere).status_code == 200
