"""What certificates adds to the retention rules (lms/retention.py): daily progress snapshots
are pruned after RETENTION_SNAPSHOT_DAYS, and an account with a certificate is never erased
for inactivity.

Snapshots. The only reader besides a person's copy of their data is the cohort progress
chart, which reads the same weekday in each of the last `chart.WEEKS` weeks (12, counted from
the installation's today). So the period is never shorter than that, whatever the setting
says; the default (120 days) keeps a month more, for a report read a little late. Anything
older is read by nothing.

Certificates. The register (and /verify/) shows every certificate's holder, so an account
with a certificate row of any status (pending, issued, revoked, expired) is kept.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from lms.retention import register_account_keeper, register_retention_rule

from .models import Certificate, ProgressSnapshot
from .progress.chart import WEEKS


def snapshot_days() -> int:
    """RETENTION_SNAPSHOT_DAYS, but never fewer than the chart reads; 0: keep them all."""
    days = max(0, int(getattr(settings, "RETENTION_SNAPSHOT_DAYS", 120) or 0))
    return max(days, WEEKS * 7) if days else 0


def snapshots_prune(*, now, dry_run: bool = False) -> dict[str, int]:
    """Snapshots of days before the period (in the installation's dates, as they are taken)."""
    days = snapshot_days()
    if not days:
        return {"progress_snapshots": 0}
    today = timezone.localdate(now, timezone=timezone.get_default_timezone())
    old = ProgressSnapshot.objects.filter(day__lt=today - timedelta(days=days))
    if dry_run:
        return {"progress_snapshots": old.count()}
    return {"progress_snapshots": old.delete()[1].get(ProgressSnapshot._meta.label, 0)}


def _holds_a_certificate():
    return Exists(Certificate.objects.filter(user_id=OuterRef("pk")))


def register() -> None:
    register_retention_rule(name="progress_snapshots", order=400, apply=snapshots_prune)
    register_account_keeper(name="certificates", keeps=_holds_a_certificate)
