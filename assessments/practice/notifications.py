"""Practice emails: a trainee hears of each decision on their logs, and each supervisor gets a
daily digest of what has waited too long.

What the emails leave out matters as much as what they say. Practice descriptions, the
private reflection, competency evidence and the supervisor's comment are never in an email:
mail passes through servers and inboxes nobody here controls, the description and evidence
are about real people's mental health, and a comment often quotes them. An email says that
something happened, when and in which category, and links to the page where the person reads
the rest after signing in. Nothing here logs any of that text either.

Each email is an outbox message (lms.outbox) whose key is the claim, in the database, never
in the cache: a decision email is written with the sign-off (one message per trainee per
decision or selection), a digest with the key of the supervisor's day. The outbox sends each
once, however often it is delivered, and a cache or broker outage neither skips nor doubles
one.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, Min
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from assessments.models import Attempt, AttemptAnswer, PracticeLog, SignOff
from courses.models import Enrolment
from lms.outbox import outbox_enqueue, outbox_run
from lms.timezones import user_today, user_zone

logger = logging.getLogger(__name__)


# --- Links ----------------------------------------------------------------------------------


def absolute_url(path: str) -> str:
    """An address for an email: the site's base URL (SITE_URL) plus a path."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def practice_log_path(log_id: int) -> str:
    """The trainee's page for one log."""
    return reverse("practice:log", args=[int(log_id)])


def supervise_path() -> str:
    return reverse("supervise:home")


def _send(*, user, template: str, context: dict) -> None:
    """Render `template`'s subject, text and HTML in the person's language and send them."""
    context = {"site_name": settings.LMS_SITE_NAME, "user": user, **context}
    with translation.override(getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_message.txt", context)
        html = render_to_string(f"{template}_message.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()


def _reachable(user) -> bool:
    return bool(user is not None and user.is_active and user.email)


# --- Decisions ------------------------------------------------------------------------------


@dataclass
class DecisionItem:
    """One decision as the email tells it: no description, reflection or comment text."""

    decision: str
    decision_label: str
    log_date: date
    category: str
    has_comment: bool
    url: str


def practice_decisions_enqueue(sign_offs: list[SignOff]) -> None:
    """Record, in the current transaction, the email each trainee gets about these decisions:
    one outbox message per trainee, listing their decisions. A sign-off belongs to one
    message only, so its id is the message's key (and sign-offs are never changed)."""
    by_trainee: dict[int, list[int]] = {}
    for sign_off in sign_offs:
        by_trainee.setdefault(sign_off.log.enrolment.user_id, []).append(sign_off.pk)
    for ids in by_trainee.values():
        outbox_enqueue(
            "assessments.practice_decisions_email",
            key=f"practice-decision:{min(ids)}",
            sign_off_ids=sorted(ids),
        )


def practice_decisions_notify(sign_off_ids: list[int]) -> dict[str, int]:
    """Email each trainee about these decisions on their logs (one email per trainee, listing
    every decision). Returns counts: emails "sent", sign-offs "skipped" (the trainee cannot
    be reached) and "missing". Sends every time it is called: the outbox message that calls
    it is the claim that makes it once."""
    counts = {"sent": 0, "skipped": 0, "missing": 0}
    ids = sorted({int(pk) for pk in sign_off_ids})
    sign_offs = list(
        SignOff.objects.filter(pk__in=ids)
        .select_related("log__enrolment__user", "log__category", "decided_by")
        .defer("log__description", "log__reflection")
        .order_by("log__started_at", "pk")
    )
    found = {s.pk for s in sign_offs}
    for pk in ids:
        if pk not in found:
            logger.warning("Sign-off %s no longer exists; no decision email sent.", pk)
            counts["missing"] += 1
    by_trainee: dict[int, list[SignOff]] = {}
    for sign_off in sign_offs:
        trainee = sign_off.log.enrolment.user
        if not _reachable(trainee):
            counts["skipped"] += 1
            continue
        by_trainee.setdefault(trainee.pk, []).append(sign_off)
    for group in by_trainee.values():
        _decision_email_send(group)
        counts["sent"] += 1
    return counts


def practice_decision_notify(sign_off: SignOff) -> str:
    """Email the trainee about one decision; "sent", "skipped" or "missing"."""
    counts = practice_decisions_notify([sign_off.pk])
    return next(name for name in ("sent", "missing", "skipped") if counts[name])


def _decision_email_send(sign_offs: list[SignOff]) -> None:
    trainee = sign_offs[0].log.enrolment.user
    zone = user_zone(trainee)
    items = [
        DecisionItem(
            decision=s.decision,
            decision_label=str(s.get_decision_display()),
            log_date=timezone.localtime(s.log.started_at, zone).date(),
            category=s.log.category.name,
            has_comment=bool(s.comment),
            url=absolute_url(practice_log_path(s.log_id)),
        )
        for s in sign_offs
    ]
    supervisors = {s.decided_by.full_name for s in sign_offs}
    _send(
        user=trainee,
        template="assessments/email/practice_decision",
        context={
            "items": items,
            "item": items[0] if len(items) == 1 else None,
            "supervisor_name": supervisors.pop() if len(supervisors) == 1 else "",
        },
    )


# --- The supervisor's digest ----------------------------------------------------------------


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
    only = (
        {} if supervisor_id is None else {"enrolment__supervisions__supervisor_id": supervisor_id}
    )
    cutoff = now - timedelta(days=practice_digest_after_days())
    waiting: dict[tuple[int, int], WaitingTrainee] = {}

    def add(supervisor_id, enrolment_id, kind, count, oldest):
        entry = waiting.setdefault(
            (supervisor_id, enrolment_id),
            WaitingTrainee(enrolment_id=enrolment_id, trainee="", course=""),
        )
        setattr(entry, kind, getattr(entry, kind) + count)
        entry.oldest = oldest if entry.oldest is None else min(entry.oldest, oldest)

    logs = (
        PracticeLog.objects.filter(
            status=PracticeLog.Status.SUBMITTED,
            submitted_at__lt=cutoff,
            enrolment__supervisions__ended_at=None,
            **only,
        )
        .order_by()
        .values("enrolment__supervisions__supervisor_id", "enrolment_id")
        .annotate(n=Count("pk"), oldest=Min("submitted_at"))
    )
    for row in logs:
        add(
            row["enrolment__supervisions__supervisor_id"],
            row["enrolment_id"],
            "logs",
            row["n"],
            row["oldest"],
        )
    essays = (
        AttemptAnswer.objects.filter(
            needs_grading=True,
            attempt__status=Attempt.Status.AWAITING_GRADING,
            attempt__submitted_at__lt=cutoff,
            attempt__enrolment__supervisions__ended_at=None,
            **{f"attempt__{name}": value for name, value in only.items()},
        )
        .order_by()
        .values("attempt__enrolment__supervisions__supervisor_id", "attempt__enrolment_id")
        .annotate(n=Count("pk"), oldest=Min("attempt__submitted_at"))
    )
    for row in essays:
        add(
            row["attempt__enrolment__supervisions__supervisor_id"],
            row["attempt__enrolment_id"],
            "essays",
            row["n"],
            row["oldest"],
        )
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
        if not _reachable(supervisor):
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
    if not digests or not _reachable(digests[0].supervisor):
        return False
    _send(
        user=digests[0].supervisor,
        template="assessments/email/practice_digest",
        context={
            "digest": digests[0],
            "after_days": practice_digest_after_days(),
            "url": absolute_url(supervise_path()),
        },
    )
    return True
