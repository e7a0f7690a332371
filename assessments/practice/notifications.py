"""Practice emails: a trainee hears of each decision on their logs. (Each supervisor's daily
digest of what has waited too long is `assessments.supervise.digest`, since it counts essays
too.)

What the emails leave out matters as much as what they say. Practice descriptions, the
private reflection, competency evidence and the supervisor's comment are never in an email:
mail passes through servers and inboxes nobody here controls, the description and evidence
are about real people's mental health, and a comment often quotes them. An email says that
something happened, when and in which category, and links to the page where the person reads
the rest after signing in. Nothing here logs any of that text either.

Each email is an outbox message (lms.outbox) whose key is the claim, in the database, never
in the cache: a decision email is written with the sign-off (one message per trainee per
decision or selection). The outbox sends each once, however often it is delivered, and a
cache or broker outage neither skips nor doubles one.
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from assessments.models import SignOff
from lms.language import in_language_of
from lms.outbox import outbox_enqueue
from lms.site_url import absolute_url
from lms.timezones import user_zone

logger = logging.getLogger(__name__)


# --- Links ----------------------------------------------------------------------------------


def practice_log_path(log_id: int) -> str:
    """The trainee's page for one log."""
    return reverse("practice:log", args=[int(log_id)])


def email_send(*, user, template: str, context: dict) -> None:
    """Render `template`'s subject, text and HTML in the person's language and send them.

    Public because the supervisor's digest (`assessments.supervise.digest`) sends the same way.
    """
    context = {"site_name": settings.LMS_SITE_NAME, "user": user, **context}
    # The recipient's language, whoever's request or worker sends it.
    with in_language_of(user):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_message.txt", context)
        html = render_to_string(f"{template}_message.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()


def user_reachable(user) -> bool:
    """Whether an email can go to `user` at all: an active account with an address."""
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
    message only, so its id is the message's key (and sign-offs are never changed). The
    notice inside the site is written beside it, from the same event (assessments.notices)."""
    from assessments.notices import practice_decision_notices_add

    practice_decision_notices_add(sign_offs)
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
        if not user_reachable(trainee):
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
    # The labels are words of the trainee's language, not the deciding supervisor's.
    with in_language_of(trainee):
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
    email_send(
        user=trainee,
        template="assessments/email/practice_decision",
        context={
            "items": items,
            "item": items[0] if len(items) == 1 else None,
            "supervisor_name": supervisors.pop() if len(supervisors) == 1 else "",
        },
    )
