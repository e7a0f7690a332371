"""Every page is compressed on the wire when the browser accepts it (issue 15).

GZipMiddleware sits near the top of MIDDLEWARE (lms/settings/base.py): every HTML page a
trainee opens comes back gzip-encoded with `Vary: Accept-Encoding` when asked, and as it was
when not; downloads (the certificate PDF, streamed from storage, and CSV exports) still arrive
byte for byte. The size budget of a lesson on the wire is in test_first_visit_size.py.
"""

import gzip
import re
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Quiz
from courses.models import CoursePage, LessonPage
from tests.factories import EnrolmentFactory, course_tree_build
from tests.factories.certificates import CertificateFactory

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def _vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _assert_compressed_html(response, url):
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/html"), url
    assert response.get("Content-Encoding") == "gzip", url
    assert "accept-encoding" in _vary(response), url
    html = gzip.decompress(_body(response))
    assert b"</html>" in html, url
    assert int(response["Content-Length"]) == len(response.content), url


@pytest.fixture
def demo(client):
    """The demo `make run` loads, with the demo trainee signed in."""
    from django.contrib.auth import get_user_model

    call_command("load_demo", stdout=StringIO())
    trainee = get_user_model().objects.get(email="trainee@example.org")
    client.force_login(trainee)
    return trainee


def _trainee_pages() -> dict[str, str]:
    course = CoursePage.objects.live().get(locale__language_code="en")
    lesson = LessonPage.objects.live().descendant_of(course).first()
    quiz = Quiz.objects.filter(live=True).order_by("pk").first()
    return {
        "dashboard": reverse("courses:dashboard"),
        "course": course.url,
        "lesson": lesson.url,
        "quiz": reverse("assessments:quiz", args=[quiz.pk]),
        "practice overview": reverse("practice:overview"),
        "practice log form": reverse("practice:log_new", args=[course.pk]),
        "certificates": reverse("certificates:mine"),
        "profile": reverse("profile"),
    }


def test_every_page_a_trainee_opens_is_gzipped_when_asked_and_plain_when_not(client, demo):
    for name, url in _trainee_pages().items():
        _assert_compressed_html(client.get(url, **GZIP), f"{name}: {url}")
        plain = client.get(url)
        assert plain.status_code == 200, name
        assert "Content-Encoding" not in plain, name
        assert "accept-encoding" in _vary(plain), name
        assert b"</html>" in plain.content, name


def test_home_and_sign_in_are_gzipped_for_visitors(client, demo):
    client.logout()
    for url in ("/", reverse("account_login"), reverse("account_signup")):
        _assert_compressed_html(client.get(url, **GZIP), url)
        assert "Content-Encoding" not in client.get(url)


def test_compressed_pages_differ_in_length_from_one_response_to_the_next(client, demo):
    """BREACH: GZipMiddleware pads each response with random bytes, so an attacker cannot
    read a secret off the compressed length of repeated responses."""
    url = _trainee_pages()["lesson"]
    lengths = {len(client.get(url, **GZIP).content) for _ in range(8)}
    assert len(lengths) > 1


def test_a_compressed_page_still_carries_a_fresh_masked_csrf_token(client, demo):
    url = _trainee_pages()["practice log form"]
    tokens = {
        re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', gzip.decompress(page)).group(1)
        for page in (client.get(url, **GZIP).content for _ in range(2))
    }
    assert len(tokens) == 2


def test_certificate_pdf_download_arrives_byte_for_byte(client, trainee):
    pdf = b"%PDF-1.7 " + bytes(range(256)) * 8
    enrolment = EnrolmentFactory(user=trainee, course=course_tree_build(modules=1).course)
    certificate = CertificateFactory(enrolment=enrolment, issued=True)
    certificate.pdf.save("certificate.pdf", ContentFile(pdf), save=True)
    client.force_login(trainee)
    url = reverse("certificates:download", args=[certificate.code])
    for headers in (GZIP, {}):
        response = client.get(url, **headers)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        body = _body(response)
        if response.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        assert body == pdf


def test_csv_export_arrives_whole_compressed_or_not(client, demo):
    course = CoursePage.objects.live().get(locale__language_code="en")
    url = reverse("practice:statement", args=[course.pk])
    plain = client.get(url)
    assert plain.status_code == 200
    assert plain["Content-Type"].startswith("text/csv")
    compressed = client.get(url, **GZIP)
    assert compressed["Content-Disposition"] == plain["Content-Disposition"]
    body = _body(compressed)
    if compressed.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    assert body == plain.content
    assert body.count(b"\n") > 1


def test_static_css_and_js_are_compressed_when_served_by_the_app(client):
    """WhiteNoise serves static files through the middleware stack (make run included, via
    whitenoise.runserver_nostatic); in production CompressedManifestStaticFilesStorage
    precompresses them and WhiteNoise sends those files with their own Content-Encoding."""
    for path in ("/static/css/site.css", "/static/js/lesson.js"):
        response = client.get(path, **GZIP)
        assert response.status_code == 200, path
        assert response.get("Content-Encoding") == "gzip", path
        assert b"".join(response.streaming_content)[:2] == b"\x1f\x8b", path
