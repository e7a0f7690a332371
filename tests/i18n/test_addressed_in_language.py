"""Everything addressed to one person is in THAT person's language, whoever sends it: emails
(subject, text and HTML), the certificate and the hours statement. The verification page
follows its visitor."""

from datetime import date

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation

from assessments.models import SignOff
from assessments.practice.notifications import practice_decisions_notify
from certificates import pdf
from certificates.selectors import certificate_pdf_data
from certificates.statement import statement_context, statement_pdf_data
from lms import roles
from lms.invitations import invitation_create, invitation_send
from lms.services import user_create
from lms.timezones import user_today
from tests.factories import EnrolmentFactory, PracticeLogFactory, UserFactory
from tests.factories.certificates import CertificateFactory, practice_sign_off

from .hindi import hindi_text, html_lang, template_languages

pytestmark = pytest.mark.django_db


def date_in(language: str, day: date) -> str:
    """`day` as the PDFs print it in `language` (month names from the catalogues)."""
    with translation.override(language):
        return formats.date_format(day, "j F Y")


@pytest.fixture
def hindi_trainee():
    return UserFactory(role=roles.TRAINEE, email="asha.hindi@example.org", preferred_language="hi")


def languages_of(seen, prefix):
    return {language for name, language in seen if name.startswith(prefix)}


def test_an_invitation_is_in_the_invited_persons_language(programme_admin):
    invitee = user_create(
        email="ravi@example.org", full_name="Ravi", role=roles.TRAINEE, email_verified=False
    )
    invitee.preferred_language = "hi"
    invitee.save()
    invitation, token = invitation_create(user=invitee, by=programme_admin)

    with translation.override("en"), template_languages() as seen:
        assert invitation_send(invitation_id=invitation.pk, token=token) == "sent"

    assert languages_of(seen, "lms/email/invitation_") == {"hi"}
    assert len([name for name, _ in seen if name.startswith("lms/email/")]) == 3


def test_a_password_reset_asked_in_english_is_written_in_the_account_holders_language(
    client, hindi_trainee
):
    """A programme admin or a visitor reading English asks; the trainee reads Hindi."""
    with template_languages() as seen:
        response = client.post(
            reverse("account_reset_password"),
            {"email": hindi_trainee.email},
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[hindi_trainee.email]]
    assert languages_of(seen, "account/email/") == {"hi"}
    # The page the visitor sees stays in their language.
    assert languages_of(seen, "account/messages/") <= {"en"}


def test_a_sign_up_keeps_the_language_the_visitor_chose(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"

    with template_languages() as seen:
        response = client.post(
            reverse("account_signup"),
            {
                "email": "new.person@example.org",
                "full_name": "Nayi Vyakti",
                "password1": "copper-meadow-4412",
                "password2": "copper-meadow-4412",
            },
        )

    assert response.status_code == 302
    assert get_user_model().objects.get(email="new.person@example.org").preferred_language == "hi"
    assert languages_of(seen, "account/email/email_confirmation") == {"hi"}


def test_a_practice_decision_email_is_in_the_trainees_language(supervisor, hindi_trainee):
    """The supervisor decides in English; the trainee's email is in Hindi."""
    log = PracticeLogFactory(enrolment=EnrolmentFactory(user=hindi_trainee), submitted=True)
    sign_off = practice_sign_off(log=log, supervisor=supervisor)

    with translation.override("en"), template_languages() as seen:
        assert practice_decisions_notify([sign_off.pk])["sent"] == 1

    assert languages_of(seen, "assessments/email/practice_decision") == {"hi"}
    assert [message.to for message in mail.outbox] == [[hindi_trainee.email]]


def test_a_list_of_decisions_labels_each_in_the_trainees_language(supervisor, hindi_trainee):
    enrolment = EnrolmentFactory(user=hindi_trainee)
    logs = [PracticeLogFactory(enrolment=enrolment, submitted=True) for _ in range(2)]
    sign_offs = [practice_sign_off(log=log, supervisor=supervisor) for log in logs]
    with translation.override("en"):
        approved = str(SignOff.Decision.APPROVED.label)

    with hindi_text(approved) as approved_in_hindi, translation.override("en"):
        practice_decisions_notify([s.pk for s in sign_offs])

    body = mail.outbox[0].body
    assert body.count(approved_in_hindi) == 2
    assert f": {approved}" not in body


def test_the_certificate_is_ready_email_is_in_the_holders_language(hindi_trainee):
    from certificates.tasks import certificate_issued_email

    certificate = CertificateFactory(enrolment=EnrolmentFactory(user=hindi_trainee), issued=True)
    msgid = "Your certificate for %(course)s is ready"

    with hindi_text(msgid) as in_hindi, translation.override("en"):
        certificate_issued_email(certificate_id=certificate.pk)

    assert [message.to for message in mail.outbox] == [[hindi_trainee.email]]
    assert mail.outbox[0].subject == in_hindi % {"course": certificate.course_title}


def test_outbox_handlers_run_in_the_installations_language_not_the_requests():
    """Run eagerly at the end of a Hindi request or later by a worker: the same language."""
    from lms import outbox

    seen = []
    name = "tests.i18n_language_probe"
    outbox.outbox_handler(name)(lambda: seen.append(translation.get_language()))
    try:
        with translation.override("hi"):
            message = outbox.outbox_enqueue(name, publish=False)
            assert outbox.outbox_run(message.pk) == "done"
    finally:
        outbox._handlers.pop(name, None)

    assert seen == [settings.LANGUAGE_CODE]


def test_the_certificate_prints_in_the_holders_language(hindi_trainee):
    certificate = CertificateFactory(
        enrolment=EnrolmentFactory(user=hindi_trainee), issued=True, issued_on=date(2026, 12, 7)
    )

    with translation.override("en"):
        data = certificate_pdf_data(certificate)
        html, _generated = pdf.certificate_html(data)

    assert data["language"] == "hi"
    assert '<html lang="hi"' in html
    assert date_in("hi", date(2026, 12, 7)) in html
    assert date_in("en", date(2026, 12, 7)) not in html


def test_the_hours_statement_prints_in_the_trainees_language(hindi_trainee):
    enrolment = EnrolmentFactory(user=hindi_trainee)

    with translation.override("en"):
        data = statement_pdf_data(enrolment)

    assert data["language"] == "hi"
    with translation.override(data["language"]):
        html = render_to_string("certificates/pdf/statement.html", statement_context(data))
    assert date_in("hi", user_today(hindi_trainee)) in html
    assert date_in("en", user_today(hindi_trainee)) not in html


def test_the_verification_page_follows_its_visitor(client, hindi_trainee):
    certificate = CertificateFactory(enrolment=EnrolmentFactory(user=hindi_trainee), issued=True)
    url = reverse("verify:detail", args=[certificate.code])

    assert html_lang(client.get(url, HTTP_ACCEPT_LANGUAGE="en")) == "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    assert html_lang(client.get(url)) == "hi"
