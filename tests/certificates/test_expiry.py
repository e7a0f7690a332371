"""Expiry reminders: the holder is emailed 60 and 7 days before expiry, once per threshold,
by a daily job and `manage.py send_expiry_reminders`."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from certificates.expiry import REMINDED, certificates_expiry_remind
from certificates.models import Certificate
from lms.jobs import get_job
from lms.models import OutboxMessage
from lms.outbox import outbox_deliver
from tests.factories import UserFactory
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import EnrolmentFactory

pytestmark = pytest.mark.django_db


def _issued(*, expires_in: int, **fields) -> Certificate:
    today = timezone.localdate()
    user = fields.pop("user", None) or UserFactory(
        full_name="Asha Rao", email="asha.rao@example.org"
    )
    return CertificateFactory(
        enrolment=EnrolmentFactory(user=user),
        issued=True,
        issued_on=today - timedelta(days=300),
        expires_on=today + timedelta(days=expires_in),
        **fields,
    )


def test_holder_is_reminded_60_days_before_expiry_once(mailoutbox):
    certificate = _issued(expires_in=60)

    assert certificates_expiry_remind() == {"sent": 1, "failed": 0}
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["asha.rao@example.org"]
    assert certificate.course_title in mail.subject
    assert "expires on" in mail.subject
    assert "in 60 day(s)" in mail.body
    assert "/learn/certificates/" in mail.body
    assert certificate.code_display in mail.body
    assert certificate.events.filter(kind=REMINDED, details__days=60).count() == 1

    # The next day's run (and a rerun the same day) sends nothing more.
    assert certificates_expiry_remind()["sent"] == 0
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert certificates_expiry_remind(today=tomorrow)["sent"] == 0
    assert len(mailoutbox) == 1


def test_holder_is_reminded_again_7_days_before_expiry(mailoutbox):
    certificate = _issued(expires_in=60)
    certificates_expiry_remind()
    week_before = certificate.expires_on - timedelta(days=7)

    assert certificates_expiry_remind(today=week_before)["sent"] == 1
    assert certificates_expiry_remind(today=week_before)["sent"] == 0
    assert len(mailoutbox) == 2
    assert "in 7 day(s)" in mailoutbox[1].body
    assert sorted(e.details["days"] for e in certificate.events.filter(kind=REMINDED)) == [7, 60]


def test_a_missed_day_still_reminds_but_never_both_emails_at_once(mailoutbox):
    # The job did not run on the 60th day: the 59th still sends the 60-day reminder.
    _issued(expires_in=59)
    # Within the week already: only the 7-day reminder, not the 60-day one as well.
    late = _issued(expires_in=5, user=UserFactory(email="late@example.org"))

    assert certificates_expiry_remind()["sent"] == 2
    assert len(mailoutbox) == 2
    assert list(late.events.filter(kind=REMINDED).values_list("details__days", flat=True)) == [7]


@pytest.mark.parametrize(
    "fields",
    [
        {"expires_in": 61},
        {"expires_in": -1},
        {"expires_in": 30, "status": Certificate.Status.REVOKED},
        {"expires_in": 30, "status": Certificate.Status.SUPERSEDED},
    ],
    ids=["not-yet", "expired", "revoked", "superseded"],
)
def test_no_reminder_outside_the_window_or_for_a_certificate_no_longer_valid(mailoutbox, fields):
    _issued(**fields)
    assert certificates_expiry_remind()["sent"] == 0
    assert mailoutbox == []


def test_no_reminder_once_a_renewal_is_on_its_way(mailoutbox):
    first = _issued(expires_in=30)
    CertificateFactory(enrolment=first.enrolment, cycle=2)  # pending renewal
    assert certificates_expiry_remind()["sent"] == 0
    assert mailoutbox == []


def test_a_certificate_without_expiry_is_never_reminded(mailoutbox):
    CertificateFactory(issued=True, expires_on=None)
    assert certificates_expiry_remind()["sent"] == 0


def test_command_sends_and_says_so_and_runs_daily(mailoutbox):
    _issued(expires_in=7)
    out = StringIO()
    call_command("send_expiry_reminders", stdout=out)
    assert out.getvalue().strip() == (
        "Sent 1 expiry reminder(s); 0 failed and will be tried again."
    )
    assert len(mailoutbox) == 1
    assert get_job("send_expiry_reminders").every == timedelta(days=1)


def test_a_refused_address_is_tried_again_by_the_outbox(mailoutbox, monkeypatch):
    certificate = _issued(expires_in=7)

    def refuse(*args, **kwargs):
        raise ConnectionError("mail server away")

    monkeypatch.setattr("certificates.expiry.EmailMessage.send", refuse)
    assert certificates_expiry_remind() == {"sent": 0, "failed": 1}
    # The reminder is recorded with its outbox message, which waits to be tried again.
    assert certificate.events.filter(kind=REMINDED).count() == 1
    message = OutboxMessage.objects.get(task="certificates.expiry_reminder_email")
    assert (message.done_at, message.last_error) == (None, "ConnectionError")

    monkeypatch.undo()
    assert certificates_expiry_remind() == {"sent": 0, "failed": 0}  # recorded already
    assert mailoutbox == []
    assert outbox_deliver(now=message.available_at)["delivered"] == 1
    assert outbox_deliver(now=message.available_at + timedelta(hours=1))["delivered"] == 0
    assert len(mailoutbox) == 1
