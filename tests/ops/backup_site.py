"""The installation tests/ops/test_backup_restore.py backs up and restores, built and then
looked at in subprocesses (`manage.py shell -c`) against a database of the test's own.

`seed()` runs on development settings (the demo loader refuses production): the demo
course, its trainee taken to an issued certificate through the services, and a second
trainee part-way through. `look()` reads the site as people see it through Django's test
client, on whatever settings the subprocess has (production, after the restore). Both print
one JSON line.
"""

import hashlib
import json
import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

PROGRESS = re.compile(r"(\d+)% complete: (\d+) of (\d+) lessons")
SECOND_TRAINEE = "second.trainee@example.org"


def seed() -> None:
    from io import StringIO

    from certificates import rules
    from certificates.models import Certificate
    from certificates.services import ethics_accept
    from content.curriculum import COURSE
    from courses.models import CoursePage, Enrolment, LessonPage
    from courses.services import enrolment_create, lesson_complete
    from lms import roles
    from lms.consent import consent_agree_in_force
    from lms.services import user_create

    call_command("load_demo", stdout=StringIO())
    call_command("demo_almost_certified", stdout=StringIO())
    User = get_user_model()
    course = CoursePage.objects.get(slug=COURSE["slug"], locale__language_code="en")
    trainee = User.objects.get(email="trainee@example.org")
    enrolment = Enrolment.objects.get(user=trainee, course=course)
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
    ethics_accept(enrolment=enrolment, ethics=rules.current_ethics(course.pk), by=trainee)
    # Without a broker the render runs in this process once the completion commits.
    lesson_complete(user=trainee, lesson=lessons[-1])
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.status == Certificate.Status.ISSUED, certificate.status
    second = user_create(
        email=SECOND_TRAINEE, full_name="Meera Second", role=roles.TRAINEE, password=None
    )
    # setup_site published the privacy notice: agreed, as at sign-up, so pages open at once.
    consent_agree_in_force(person=second)
    enrolment_create(user=second, course=course)
    for lesson in lessons[:3]:
        lesson_complete(user=second, lesson=lesson)
    with certificate.pdf.open("rb") as file:
        pdf_sha256 = hashlib.sha256(file.read()).hexdigest()
    print(
        json.dumps(
            {
                "code": certificate.code,
                "holder": certificate.holder_name,
                "pdf_name": certificate.pdf.name,
                "pdf_sha256": pdf_sha256,
                "progress": _progress(Client(HTTP_HOST="academy.example.org"), "http"),
            }
        )
    )


def _progress(client: Client, scheme: str) -> dict[str, list[str]]:
    """The progress line of each trainee's dashboard."""
    User = get_user_model()
    seen = {}
    for email in ("trainee@example.org", SECOND_TRAINEE):
        client.force_login(User.objects.get(email=email))
        page = client.get("/learn/", secure=scheme == "https")
        assert page.status_code == 200, page.status_code
        seen[email] = ["/".join(match) for match in PROGRESS.findall(page.content.decode())]
        client.logout()
    return seen


def look(code: str, host: str) -> None:
    from certificates.models import Certificate

    client = Client(HTTP_HOST=host)
    verify = client.get(f"/verify/{code}/", secure=True)
    text = verify.content.decode()
    certificate = Certificate.objects.get(code=code)
    client.force_login(certificate.user)
    download = client.get(f"/learn/certificates/{code}/download/", secure=True)
    body = b"".join(download.streaming_content) if download.status_code == 200 else b""
    client.logout()
    print(
        json.dumps(
            {
                "verify_status": verify.status_code,
                "verify_valid": "Valid" in text,
                "verify_names_holder": certificate.holder_name in text,
                "download_status": download.status_code,
                "download_sha256": hashlib.sha256(body).hexdigest(),
                "progress": _progress(client, "https"),
            }
        )
    )
