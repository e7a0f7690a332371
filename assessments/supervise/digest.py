"""Each supervisor's daily digest: their current trainees' practice logs and essays that have
waited longer than PRACTICE_DIGEST_AFTER_DAYS, oldest wait first.

It lives with the supervisor's pages because it counts both rooms' work: the waiting logs
through `assessments.practice.selectors`, the waiting essays through
`assessments.quizzes.selectors`, so neither room needs the other. Like the decision emails
(`assessments.practice.notifications`, whose sender it shares), it says how many items wait
and since when, never what they say.

Each digest is an outbox message keyed by the supervisor's day (the outbox handler
`assessments.practice_digest_email` in `assessments.tasks` calls `practice_digest_email`), so
the digest goes once a day however often the job runs.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.practice.notifications import email_send, user_reachable
from assessments.practice.selectors import practice_logs_waiting_by_supervision
from assessments.quizzes.selectors import essays_waiting_by_supervision
from courses.models import Enrolment
from lms.outbox import outbox_enqueue, outbox_run
from lms.site_url import absolute_url
from lms.timezones import user_today, user_zone


@dataclass
class WaitingTrainee:
    enrolment_id: int
    trainee: str
    course: str
    logs: int = 0
    essays: int = 0
    oldest: datetime | None = None

    @property
    def oldest_date(self) -> date | None:
        return self.oldest.date() if self.oldest else None


@dataclass
class SupervisorDigest:
    supervisor: object
    trainees: list[WaitingTrainee] = field(default_factory=list)

    @property
    def logs(self) -> int:
        return sum(t.logs for t in self.trainees)

    @property
    def essays(self) -> int:
        return sum(t.essays for t in self.trainees)


def practice_digest_after_days() -> int:
    return max(0, int(getattr(settings, "PRACTICE_DIGEST_AFTER_DAYS", 3)))


def practice_digests_due(
    *, now: datetime | None = None, supervisor_id: int | None = None
) -> list[SupervisorDigest]:
    """Per supervisor (or for one), their current trainees with practice logs or essays that
    have waited longer than PRACTICE_DIGEST_AFTER_DAYS, oldest wait first. Supervisors with
    nothing overdue are not listed. Four queries whatever the numbers."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=practice_digest_after_days())
    waiting: dict[tuple[int, int], WaitingTrainee] = {}

    def add(supervisor_id, enrolment_id, kind, count, oldest):
        entry = waiting.setdefault(
            (supervisor_id, enrolment_id),
            WaitingTrainee(enrolment_id=enrolment_id, trainee="", course=""),
        )
        setattr(entry, kind, getattr(entry, kind) + count)
        entry.oldest = oldest if entry.oldest is None else min(entry.oldest, oldest)

    for row in practice_logs_waiting_by_supervision(
        submitted_before=cutoff, supervisor_id=supervisor_id
    ):
        add(row["supervisor_id"], row["enrolment_id"], "logs", row["n"], row["oldest"])
    for row in essays_waiting_by_supervision(submitted_before=cutoff, supervisor_id=supervisor_id):
        add(row["supervisor_id"], row["enrolment_id"], "essays", row["n"], row["oldest"])
    if not waiting:
        return []
    enrolments = Enrolment.objects.select_related("user", "course").in_bulk(
        {enrolment_id for _, enrolment_id in waiting}
    )
    supervisors = get_user_model().objects.in_bulk({supervisor_id for supervisor_id, _ in waiting})
    digests: dict[int, SupervisorDigest] = {}
    for (supervisor_id, enrolment_id), entry in waiting.items():
        enrolment = enrolments[enrolment_id]
        entry.trainee = enrolment.user.full_name or enrolment.user.email
        entry.course = enrolment.course.title
        supervisor = supervisors[supervisor_id]
        entry.oldest = timezone.localtime(entry.oldest, user_zone(supervisor))
        digests.setdefault(supervisor_id, SupervisorDigest(supervisor=supervisor)).trainees.append(
            entry
        )
    for digest in digests.values():
        digest.trainees.sort(key=lambda t: (t.oldest, t.trainee))
    return sorted(digests.values(), key=lambda d: (d.supervisor.full_name, d.supervisor.pk))


def _digest_key(supervisor) -> str:
    return f"practice-digest:{supervisor.pk}:{user_today(supervisor).isoformat()}"


def practice_digest_send(*, now: datetime | None = None, force: bool = False) -> dict[str, int]:
    """Send today's digest to every supervisor with overdue items; returns counts "sent",
    "skipped" (already sent today, or unreachable) and "failed".

    Each digest is an outbox message keyed by the supervisor's day, so a second run the same
    day records nothing; the job then sends it at once, here. One failing address does not
    stop the others, and a failed digest stays in the outbox, which retries it. `force`
    sends again even if today's digest went out already.
    """
    counts = {"sent": 0, "skipped": 0, "failed": 0}
    for digest in practice_digests_due(now=now):
        supervisor = digest.supervisor
        if not user_reachable(supervisor):
            counts["skipped"] += 1
            continue
        key = _digest_key(supervisor)
        if force:
            key = f"{key}:again:{timezone.now().isoformat()}"
        with transaction.atomic():
            message = outbox_enqueue(
                "assessments.practice_digest_email",
                key=key,
                publish=False,
                supervisor_id=supervisor.pk,
                now=now.isoformat() if now else None,
            )
        if message is None:
            counts["skipped"] += 1
            continue
        result = outbox_run(message.pk)
        counts["sent" if result == "done" else "failed"] += 1
    return counts


def practice_digest_email(*, supervisor_id: int, now: str | None = None) -> bool:
    """Send one supervisor's digest as it stands now (the outbox handler); False when there
    is nothing overdue any more or the supervisor cannot be reached."""
    when = datetime.fromisoformat(now) if now else None
    digests = practice_digests_due(now=when, supervisor_id=supervisor_id)
    if not digests or not user_reachable(digests[0].supervisor):
        return False
    email_send(
        user=digests[0].supervisor,
        template="assessments/email/practice_digest",
        context={
            "digest": digests[0],
            "after_days": practice_digest_after_days(),
            "url": absolute_url(reverse("supervise:home")),
        },
    )
    return True
