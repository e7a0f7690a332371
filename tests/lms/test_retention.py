"""Retention (issue 18, part 4; lms/retention.py): inactive accounts are warned by email, then
erased unless the person signs in; old sessions, read notices and finished exports are
pruned; the daily apply_retention job runs every rule, and a dry run changes nothing."""

import io
import logging
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from lms import retention, roles
from lms.erasure import erasure_request
from lms.jobs import get_job
from lms.models import AuditEvent, DataExport, ErasureRequest, Notice, OutboxMessage, User
from lms.private_files import private_storage
from tests.factories import UserFactory
from tests.factories.certificates import CertificateFactory
from tests.factories.lms import PASSWORD
from tests.i18n.hindi import hindi_text

pytestmark = pytest.mark.django_db

# A fixed "now" late in the day (UTC), so the erase date differs between time zones.
NOW = datetime(2026, 3, 1, 22, 30, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=800)
SUBJECT = "Sign in before %(date)s to keep your account"


def _inactive(**kwargs):
    """A trainee who joined and last signed in 800 days before NOW (the default period is
    730), with a name that must never reach an email."""
    kwargs.setdefault("role", roles.TRAINEE)
    kwargs.setdefault("full_name", "Anita zqxNameMarker")
    person = UserFactory(**kwargs)
    User.objects.filter(pk=person.pk).update(date_joined=LONG_AGO, last_login=LONG_AGO)
    person.refresh_from_db()
    return person


def _apply(capture, now=NOW, **kwargs):
    """Run the rules as the job does; emails queued in the outbox go out after the commit."""
    with capture(execute=True):
        return retention.retention_apply(now, **kwargs)


def _warned(person) -> bool:
    person.refresh_from_db()
    return person.inactivity_warned_at is not None


# --- Inactive accounts: the warning ---------------------------------------------------------


def test_an_inactive_account_is_warned_once_by_an_email_that_holds_none_of_its_data(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = _inactive()

    first = _apply(django_capture_on_commit_callbacks)
    second = _apply(django_capture_on_commit_callbacks)

    assert first["inactive_accounts"]["warned"] == 1
    assert second["inactive_accounts"]["warned"] == 0
    person.refresh_from_db()
    assert person.inactivity_warned_at == NOW
    assert person.erased_at is None
    (email,) = mailoutbox
    assert email.to == [person.email]
    text = email.subject + email.body
    assert "http://testserver/accounts/login/" in text
    assert "zqxNameMarker" not in text and "Anita" not in text
    assert person.email not in text
    assert email.attachments == []
    zone = person.time_zone
    erase_after = formats.date_format(timezone.localtime(NOW + timedelta(days=30), zone))
    assert email.subject == SUBJECT % {"date": erase_after}
    assert f"Your account will be erased on or soon after {erase_after}." in email.body
    assert "sign in before then" in email.body
    (event,) = AuditEvent.objects.filter(kind=AuditEvent.Kind.RETENTION_WARNED)
    assert (event.subject_id, event.actor_id, event.source) == (
        person.pk,
        None,
        AuditEvent.Source.SYSTEM,
    )
    assert event.data == {"inactive_days": 730, "warning_days": 30}
    assert OutboxMessage.objects.filter(task=retention.WARNING_EMAIL_HANDLER).count() == 1


def test_the_warning_is_in_the_persons_language_and_time_zone(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = _inactive(preferred_language="hi", time_zone="America/New_York")
    erase_at = NOW + timedelta(days=30)  # 31 March, 22:30 UTC: 1 April in India

    with hindi_text(SUBJECT) as hindi:
        _apply(django_capture_on_commit_callbacks)
        with translation.override("hi"):
            in_new_york = formats.date_format(timezone.localtime(erase_at, person.time_zone))
            in_india = formats.date_format(
                timezone.localtime(erase_at, zoneinfo.ZoneInfo(settings.TIME_ZONE))
            )

    (email,) = mailoutbox
    assert email.subject == hindi % {"date": in_new_york}
    assert in_new_york != in_india and in_india not in email.body
    assert in_new_york in email.body
    assert translation.get_language() == settings.LANGUAGE_CODE


def test_signing_in_clears_the_warning_and_keeps_the_account(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    person = _inactive()
    _apply(django_capture_on_commit_callbacks)
    assert _warned(person)

    assert client.login(username=person.email, password=PASSWORD)

    assert not _warned(person)
    later = _apply(django_capture_on_commit_callbacks, now=NOW + timedelta(days=31))
    person.refresh_from_db()
    assert person.erased_at is None and person.is_active
    assert later["inactive_accounts"] == {"warned": 0, "erased": 0, "refused": 0, "failed": 0}
    assert len(mailoutbox) == 1


def test_a_person_inactive_again_after_signing_in_is_warned_again(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    person = _inactive()
    _apply(django_capture_on_commit_callbacks)
    client.login(username=person.email, password=PASSWORD)
    User.objects.filter(pk=person.pk).update(last_login=NOW)

    _apply(django_capture_on_commit_callbacks, now=NOW + timedelta(days=731))

    assert _warned(person)
    assert len(mailoutbox) == 2
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.RETENTION_WARNED).count() == 2


# --- Inactive accounts: erasure after the notice period -------------------------------------


def test_after_the_notice_period_the_account_is_erased_and_cannot_sign_in(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    person = _inactive()
    email = person.email
    _apply(django_capture_on_commit_callbacks)

    early = _apply(django_capture_on_commit_callbacks, now=NOW + timedelta(days=29))
    assert early["inactive_accounts"]["erased"] == 0
    person.refresh_from_db()
    assert person.erased_at is None

    due = _apply(django_capture_on_commit_callbacks, now=NOW + timedelta(days=30))

    assert due["inactive_accounts"]["erased"] == 1
    person.refresh_from_db()
    assert person.erased_at is not None
    assert not person.is_active
    assert "zqxNameMarker" not in person.full_name
    erasure = ErasureRequest.objects.get(person=person)
    assert erasure.reason == ErasureRequest.Reason.RETENTION
    assert erasure.status == ErasureRequest.Status.DONE
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ERASED, subject_id=person.pk).exists()
    assert not client.login(username=email, password=PASSWORD)
    # A later run leaves the erased account alone.
    again = _apply(django_capture_on_commit_callbacks, now=NOW + timedelta(days=60))
    assert again["inactive_accounts"] == {"warned": 0, "erased": 0, "refused": 0, "failed": 0}


def test_a_warned_person_given_a_certificate_or_a_role_is_not_erased(
    django_capture_on_commit_callbacks,
):
    certified, promoted = _inactive(), _inactive()
    _apply(django_capture_on_commit_callbacks)
    CertificateFactory(enrolment__user=certified)
    promoted.groups.add(Group.objects.get(name=roles.SUPERVISOR))

    result = _apply(django_capture_on_commit_callbacks, now=NOW + timedelta(days=31))

    assert result["inactive_accounts"]["erased"] == 0
    assert not User.objects.filter(
        pk__in=[certified.pk, promoted.pk], erased_at__isnull=False
    ).exists()


def test_people_the_rules_keep_are_never_warned(mailoutbox, django_capture_on_commit_callbacks):
    control = _inactive()
    kept = {
        "certificate": _inactive(),
        "revoked_certificate": _inactive(),
        "supervisor": _inactive(role=roles.SUPERVISOR),
        "programme_admin": _inactive(role=roles.PROGRAMME_ADMIN),
        "editor": _inactive(role=roles.CONTENT_EDITOR),
        "staff": _inactive(is_staff=True),
        "superuser": _inactive(is_superuser=True, is_staff=True),
        "recently_active": _inactive(),
        "recently_joined": _inactive(),
        "erased": _inactive(),
        "pending_erasure": _inactive(),
        "deactivated": _inactive(is_active=False),
    }
    CertificateFactory(enrolment__user=kept["certificate"])
    CertificateFactory(enrolment__user=kept["revoked_certificate"], status="revoked")
    User.objects.filter(pk=kept["recently_active"].pk).update(last_login=NOW - timedelta(days=10))
    User.objects.filter(pk=kept["recently_joined"].pk).update(
        date_joined=NOW - timedelta(days=100), last_login=None
    )
    User.objects.filter(pk=kept["erased"].pk).update(erased_at=NOW - timedelta(days=5))
    erasure_request(
        person=kept["pending_erasure"],
        requested_by=kept["pending_erasure"],
        reason=ErasureRequest.Reason.PERSON,
    )
    mailoutbox.clear()

    result = _apply(django_capture_on_commit_callbacks)

    assert result["inactive_accounts"]["warned"] == 1
    assert _warned(control)
    assert [name for name, person in kept.items() if _warned(person)] == []
    assert [email.to for email in mailoutbox] == [[control.email]]


def test_someone_who_never_signed_in_counts_from_when_the_account_was_made(
    django_capture_on_commit_callbacks,
):
    person = _inactive()
    User.objects.filter(pk=person.pk).update(last_login=None)

    _apply(django_capture_on_commit_callbacks)

    assert _warned(person)


def test_a_period_of_zero_warns_and_erases_nobody(settings, django_capture_on_commit_callbacks):
    settings.RETENTION_INACTIVE_DAYS = 0
    person = _inactive()

    result = _apply(django_capture_on_commit_callbacks)

    assert result["inactive_accounts"]["warned"] == 0
    assert not _warned(person)


def test_each_run_warns_at_most_the_batch(settings, django_capture_on_commit_callbacks):
    settings.RETENTION_ACCOUNTS_BATCH = 2
    people = [_inactive() for _ in range(3)]

    assert _apply(django_capture_on_commit_callbacks)["inactive_accounts"]["warned"] == 2
    assert _apply(django_capture_on_commit_callbacks)["inactive_accounts"]["warned"] == 1
    assert all(_warned(person) for person in people)


def test_the_queries_per_person_do_not_grow_with_the_number_of_people(
    django_capture_on_commit_callbacks,
):
    counts = []
    for n in (1, 2, 3):
        for _ in range(n):
            _inactive()
        with CaptureQueriesContext(connection) as queries:
            result = retention.accounts_apply(now=NOW)
        assert result["warned"] == n
        counts.append(len(queries))

    per_person = counts[1] - counts[0]
    assert counts[2] - counts[1] == per_person
    assert per_person <= 15, counts


# --- Sessions, read notices, finished exports -----------------------------------------------


def _session(key: str, *, last_saved) -> Session:
    return Session.objects.create(
        session_key=key,
        session_data="",
        expire_date=last_saved + timedelta(seconds=settings.SESSION_COOKIE_AGE),
    )


def test_sessions_expired_or_saved_too_long_ago_are_removed(settings):
    settings.RETENTION_SESSION_DAYS = 3
    now = timezone.now()
    _session("expired" + "x" * 25, last_saved=now - timedelta(days=20))
    _session("old" + "x" * 29, last_saved=now - timedelta(days=4))
    _session("new" + "x" * 29, last_saved=now - timedelta(days=2))

    counts = retention.sessions_prune(now=now)

    assert counts == {"sessions": 2}
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new" + "x" * 29]


def test_by_default_only_expired_sessions_are_removed():
    now = timezone.now()
    _session("expired" + "x" * 25, last_saved=now - timedelta(days=15))
    _session("remembered" + "x" * 22, last_saved=now - timedelta(days=13))

    assert retention.sessions_prune(now=now) == {"sessions": 1}
    assert Session.objects.filter(session_key="remembered" + "x" * 22).exists()


def _notice(person, *, created_days_ago, read_days_ago=None, key=None) -> Notice:
    now = timezone.now()
    return Notice.objects.create(
        recipient=person,
        kind="lms.test",
        link="/notices/",
        key=key,
        created_at=now - timedelta(days=created_days_ago),
        read_at=now - timedelta(days=read_days_ago) if read_days_ago is not None else None,
    )


def test_notices_read_long_ago_are_removed_and_unread_ones_stay(trainee):
    old_read = _notice(trainee, created_days_ago=400, read_days_ago=181)
    recent_read = _notice(trainee, created_days_ago=400, read_days_ago=179)
    old_unread = _notice(trainee, created_days_ago=900)
    User.objects.filter(pk=trainee.pk).update(notices_unread=1)

    counts = retention.notices_prune(now=timezone.now())

    assert counts == {"read_notices": 1}
    assert set(Notice.objects.filter(recipient=trainee)) == {recent_read, old_unread}
    assert not Notice.objects.filter(pk=old_read.pk).exists()
    trainee.refresh_from_db()
    assert trainee.notices_unread == 1


def _export(person, status, *, days_ago, file_name=""):
    when = timezone.now() - timedelta(days=days_ago)
    return DataExport.objects.create(
        person=person,
        requested_by=person,
        status=status,
        created_at=when - timedelta(days=7),
        ready_at=when - timedelta(days=7) if status != "failed" else None,
        expires_at=when if status != "failed" else None,
        file=file_name,
    )


def test_finished_exports_are_removed_once_past_their_period(
    trainee, django_capture_on_commit_callbacks
):
    storage = private_storage()
    left_behind = storage.save("data-exports/2025/left-behind.zip", ContentFile(b"zip"))
    old_expired = _export(trainee, "expired", days_ago=91, file_name=left_behind)
    old_failed = _export(trainee, "failed", days_ago=91 - 7)  # asked for 91 days ago
    recent_expired = _export(trainee, "expired", days_ago=89)
    recent_failed = _export(trainee, "failed", days_ago=80)
    ready_long_ago = _export(trainee, "ready", days_ago=200)
    pending = _export(UserFactory(), "pending", days_ago=0)

    with django_capture_on_commit_callbacks(execute=True):
        result = retention.retention_apply()

    assert result["finished_exports"] == {"finished_exports": 2}
    left = set(DataExport.objects.values_list("pk", flat=True))
    assert {old_expired.pk, old_failed.pk} & left == set()
    assert {recent_expired.pk, recent_failed.pk, ready_long_ago.pk, pending.pk} <= left
    assert not storage.exists(left_behind)


# --- The job: dry run, failures, registration -----------------------------------------------


def test_a_dry_run_counts_and_changes_nothing(
    trainee, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.RETENTION_SESSION_DAYS = 3
    now = timezone.now()
    _session("old" + "x" * 29, last_saved=now - timedelta(days=4))
    _notice(trainee, created_days_ago=400, read_days_ago=200)
    _export(trainee, "expired", days_ago=100)
    to_warn = _inactive()
    to_erase = _inactive()
    User.objects.filter(pk=to_erase.pk).update(inactivity_warned_at=now - timedelta(days=31))
    events = AuditEvent.objects.count()
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", "--dry-run", stdout=out)

    text = out.getvalue()
    assert "dry run: nothing changed" in text
    assert "sessions: sessions 1" in text
    assert "read_notices: read_notices 1" in text
    assert "finished_exports: finished_exports 1" in text
    assert "inactive_accounts: warned 1, erased 1, refused 0, failed 0" in text
    assert Session.objects.count() == 1
    assert Notice.objects.count() == 1
    assert DataExport.objects.count() == 1
    assert not _warned(to_warn)
    to_erase.refresh_from_db()
    assert to_erase.erased_at is None
    assert AuditEvent.objects.count() == events
    assert not OutboxMessage.objects.filter(task=retention.WARNING_EMAIL_HANDLER).exists()
    assert not ErasureRequest.objects.exists()
    assert mailoutbox == []


def test_a_failing_rule_is_logged_without_its_data_and_the_others_still_run(
    trainee, monkeypatch, caplog
):
    def leaky(*, now, dry_run):
        Notice.objects.filter(recipient=trainee).delete()  # rolled back with the rule
        raise ValueError(f"could not handle {trainee.email} ({trainee.full_name})")

    monkeypatch.setitem(
        retention._rules, "leaky", retention.RetentionRule(name="leaky", order=1, apply=leaky)
    )
    kept = _notice(trainee, created_days_ago=1)
    old = _notice(trainee, created_days_ago=400, read_days_ago=200)

    with caplog.at_level(logging.INFO, logger="lms.retention"):
        results = retention.retention_apply()

    assert results["leaky"] is None
    assert results["read_notices"] == {"read_notices": 1}
    assert list(Notice.objects.filter(recipient=trainee)) == [kept]
    assert not Notice.objects.filter(pk=old.pk).exists()
    (record,) = [r for r in caplog.records if "leaky" in r.getMessage()]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "Retention rule leaky failed: ValueError"
    assert record.exc_info is None
    everything = " ".join(r.getMessage() for r in caplog.records)
    assert trainee.email not in everything and trainee.full_name not in everything

    with pytest.raises(CommandError, match="leaky"):
        call_command("apply_retention", stdout=io.StringIO())


def test_apply_retention_is_a_daily_job():
    assert get_job("apply_retention").every == timedelta(days=1)
    assert get_job("apply_retention").command == "apply_retention"
