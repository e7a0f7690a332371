"""What certificates adds to retention (certificates/retention.py): old progress snapshots are
pruned, never within the weeks the cohort chart reads, and an account holding a certificate
is never warned or erased for inactivity."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from certificates.models import Certificate, ProgressSnapshot
from certificates.progress.chart import WEEKS, chart_days
from certificates.retention import snapshot_days, snapshots_prune
from lms import retention, roles
from lms.models import User
from tests.factories import EnrolmentFactory, UserFactory
from tests.factories.certificates import CertificateFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 6, 0, tzinfo=UTC)


def _today():
    return timezone.localdate(NOW, timezone=timezone.get_default_timezone())


@pytest.fixture
def snapshots():
    """One enrolment's snapshots on a spread of days, by how many days before today."""
    enrolment = EnrolmentFactory()
    ages = [0, 1, WEEKS * 7, WEEKS * 7 + 1, 119, 120, 121, 400]
    for age in ages:
        ProgressSnapshot.objects.create(enrolment=enrolment, day=_today() - timedelta(days=age))
    return enrolment


def _ages(enrolment) -> list[int]:
    days = ProgressSnapshot.objects.filter(enrolment=enrolment).values_list("day", flat=True)
    return sorted((_today() - day).days for day in days)


def test_snapshots_older_than_the_period_are_removed(snapshots):
    counts = snapshots_prune(now=NOW)

    assert counts == {"progress_snapshots": 2}
    assert _ages(snapshots) == [0, 1, 84, 85, 119, 120]


def test_a_short_period_never_removes_what_the_chart_reads(snapshots, settings):
    settings.RETENTION_SNAPSHOT_DAYS = 7

    assert snapshot_days() == WEEKS * 7
    snapshots_prune(now=NOW)

    assert _ages(snapshots) == [0, 1, 84]
    oldest_point = min(chart_days(_today()))
    assert ProgressSnapshot.objects.filter(enrolment=snapshots, day=oldest_point).exists()


def test_a_period_of_zero_keeps_every_snapshot(snapshots, settings):
    settings.RETENTION_SNAPSHOT_DAYS = 0

    assert snapshots_prune(now=NOW) == {"progress_snapshots": 0}
    assert len(_ages(snapshots)) == 8


def test_a_dry_run_counts_and_keeps_them(snapshots):
    assert snapshots_prune(now=NOW, dry_run=True) == {"progress_snapshots": 2}
    assert len(_ages(snapshots)) == 8


def test_the_rule_is_registered_and_runs_with_the_others(snapshots):
    results = retention.retention_apply(NOW)

    assert results["progress_snapshots"] == {"progress_snapshots": 2}


@pytest.mark.parametrize("status", [s.value for s in Certificate.Status])
def test_an_account_with_a_certificate_of_any_status_is_kept(status):
    holder = UserFactory(role=roles.TRAINEE)
    extra = {"issued": True} if status == Certificate.Status.ISSUED else {"status": status}
    CertificateFactory(enrolment__user=holder, **extra)
    other = UserFactory(role=roles.TRAINEE)
    long_ago = NOW - timedelta(days=800)
    User.objects.filter(pk__in=[holder.pk, other.pk]).update(
        date_joined=long_ago, last_login=long_ago
    )

    people = set(retention.inactive_accounts(NOW).values_list("pk", flat=True))

    assert other.pk in people
    assert holder.pk not in people
