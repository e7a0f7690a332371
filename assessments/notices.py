"""The notices assessments writes inside the site (lms.notices), and their titles.

A trainee hears of each decision on their practice logs and of their graded essays; a
supervisor hears of practice logs and essays sent to them. Each notice is added in the
transaction of the event: the decision's beside its email's outbox message
(`assessments.practice.notifications`), a submitted log's in `practice_log_submit`, an
essay's in `attempt_submit` and `essay_grade`. Work sent to a supervisor is rolled up: one
unread notice per kind, counted up until they open it.

Titles say what happened and when, never what anyone wrote: no descriptions, reflections,
essays or comments, only the log's date, the decision, the quiz's title and counts.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.notices import notice_add, notice_kind

PRACTICE_DECISION = "assessments.practice_decision"
PRACTICE_LOGS_SENT = "assessments.practice_logs_sent"
ESSAY_GRADED = "assessments.essay_graded"
ESSAYS_SENT = "assessments.essays_sent"


# --- Adding ---------------------------------------------------------------------------------


def practice_decision_notices_add(sign_offs) -> None:
    """One notice per trainee and decision among these sign-offs (a decision, or a selection
    approved at once): one log's names its date and opens it; several say how many and open
    the practice overview. The key is the email's, so an event makes one notice."""
    groups: dict[tuple[int, str], list] = {}
    for sign_off in sign_offs:
        groups.setdefault((sign_off.log.enrolment.user_id, sign_off.decision), []).append(sign_off)
    for (trainee_id, decision), group in groups.items():
        if len(group) == 1:
            log = group[0].log
            details = {"decision": decision, "started_at": log.started_at.isoformat()}
            link = reverse("practice:log", args=[log.pk])
        else:
            details = {"decision": decision, "logs": len(group)}
            link = reverse("practice:overview")
        notice_add(
            recipient_id=trainee_id,
            kind=PRACTICE_DECISION,
            link=link,
            details=details,
            key=f"practice-decision:{min(sign_off.pk for sign_off in group)}:{decision}",
        )


def practice_log_sent_notice_add(*, supervisor_id: int) -> None:
    """A trainee sent a practice log to `supervisor_id` for review."""
    notice_add(
        recipient_id=supervisor_id,
        kind=PRACTICE_LOGS_SENT,
        link=reverse("supervise:practice_queue"),
        roll_up=True,
    )


def essays_sent_notice_add(*, supervisor_id: int, essays: int) -> None:
    """A submitted attempt's `essays` wait for `supervisor_id`'s grade."""
    notice_add(
        recipient_id=supervisor_id,
        kind=ESSAYS_SENT,
        link=reverse("supervise:home"),
        roll_up=True,
        count=essays,
    )


def essay_graded_notice_add(*, attempt, trainee_id: int, essays: int) -> None:
    """Every essay of `attempt` is graded: its result is final."""
    notice_add(
        recipient_id=trainee_id,
        kind=ESSAY_GRADED,
        link=reverse("assessments:attempt_result", args=[attempt.uuid]),
        details={"quiz_id": attempt.quiz_id, "essays": essays},
        key=f"essay-graded:{attempt.pk}",
    )


# --- Titles, in the reader's language -------------------------------------------------------


def _day(value) -> str:
    """A log's start as the reader's date (the active zone is theirs)."""
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None:
        return ""
    return date_format(timezone.localtime(moment).date(), "j M Y")


@notice_kind(PRACTICE_DECISION)
def practice_decision_title(notice, names) -> str:
    details = notice.details
    decision = details.get("decision")
    if "logs" in details:
        n = int(details["logs"])
        if decision == "approved":
            return ngettext(
                "%(n)s of your practice logs was approved",
                "%(n)s of your practice logs were approved",
                n,
            ) % {"n": n}
        return _("Your supervisor decided on %(n)s of your practice logs") % {"n": n}
    day = _day(details.get("started_at"))
    if decision == "approved":
        return _("Your practice log of %(day)s was approved") % {"day": day}
    if decision == "changes_requested":
        return _("Your supervisor asked for changes to your practice log of %(day)s") % {"day": day}
    return _("Your practice log of %(day)s was not accepted") % {"day": day}


@notice_kind(PRACTICE_LOGS_SENT)
def practice_logs_sent_title(notice, names) -> str:
    n = notice.count
    return ngettext(
        "%(n)s practice log was sent for your review",
        "%(n)s practice logs were sent for your review",
        n,
    ) % {"n": n}


@notice_kind(ESSAYS_SENT)
def essays_sent_title(notice, names) -> str:
    n = notice.count
    return ngettext(
        "%(n)s essay was sent to you for grading",
        "%(n)s essays were sent to you for grading",
        n,
    ) % {"n": n}


def quiz_titles(notices) -> dict:
    """The quizzes' titles in the reader's language (their approved translation, or the
    quiz's own): one query, and one per quiz in a translated language."""
    from assessments.models import Quiz
    from assessments.quizzes.translations import quiz_text

    ids = {notice.details.get("quiz_id") for notice in notices}
    quizzes = Quiz.objects.filter(pk__in=[pk for pk in ids if isinstance(pk, int)])
    return {quiz.pk: quiz_text(quiz).title for quiz in quizzes}


@notice_kind(ESSAY_GRADED, names=quiz_titles)
def essay_graded_title(notice, names) -> str:
    quiz = names.get(notice.details.get("quiz_id"))
    n = int(notice.details.get("essays") or 1)
    if not quiz:
        return ngettext("Your essay was graded", "Your essays were graded", n)
    return ngettext(
        "Your essay in %(quiz)s was graded", "Your essays in %(quiz)s were graded", n
    ) % {"quiz": quiz}
