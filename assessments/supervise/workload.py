"""Each supervisor's workload: their active trainees, the practice logs and essays waiting for
them, and how long the oldest of each has waited (issue 17).

`workload_for(supervisors)` annotates a queryset of users in ONE query, however many
supervisors there are: every figure is a correlated subquery on the user row, so the admin
report can sort by them in the database and page them. "Waiting" is what the supervisor's own
pages list: logs in `supervisor_queue` (submitted, of an enrolment they supervise now) and
essays in `grading_queue_for` (needing a grade, in an attempt awaiting grading). A trainee is
a person with an active enrolment they supervise now, counted once across courses.

For a programme admin, `supervisors_for(user)` lists the supervisors of their organisations
and `workload_for(..., viewer=user)` counts only their organisations' trainees, logs and
essays (courses/organisations.py); a supervisor's own home counts everything they supervise.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import DateTimeField, F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.models import Attempt, AttemptAnswer, PracticeLog
from courses.models import Cohort, Enrolment, Supervision
from courses.organisations import enrolments_q, people_q

# The permission that lets a programme admin see the report: only the Programme admin role
# holds it (lms/roles.py), superusers have every permission.
REPORT_PERMISSION = "courses.view_supervision"


class _Count(Func):
    """COUNT(x) without GROUP BY, for a subquery that returns one row."""

    function = "COUNT"
    output_field = IntegerField()


class _CountDistinct(_Count):
    template = "%(function)s(DISTINCT %(expressions)s)"


class _Min(Func):
    function = "MIN"
    output_field = DateTimeField()


def _scalar(queryset, expression, output_field):
    return Subquery(queryset.order_by().annotate(v=expression).values("v")[:1], output_field)


def workload_for(supervisors, viewer=None):
    """`supervisors` (a queryset of users) with trainee_count, logs_waiting, oldest_log_at,
    essays_waiting, oldest_essay_at, backlog (logs + essays) and oldest_at (the older of the
    two); one query when evaluated. With a `viewer`, only their organisations' work counts."""

    def within(path):
        return enrolments_q(viewer, path) if viewer is not None else Q()

    supervised_now = {
        "supervisions__supervisor": OuterRef("pk"),
        "supervisions__ended_at__isnull": True,
    }
    enrolments = Enrolment.objects.filter(
        within(""), status=Enrolment.Status.ACTIVE, **supervised_now
    )
    logs = PracticeLog.objects.filter(
        within("enrolment__"),
        status=PracticeLog.Status.SUBMITTED,
        enrolment__supervisions__supervisor=OuterRef("pk"),
        enrolment__supervisions__ended_at__isnull=True,
    )
    essays = AttemptAnswer.objects.filter(
        within("attempt__enrolment__"),
        needs_grading=True,
        attempt__status=Attempt.Status.AWAITING_GRADING,
        attempt__enrolment__supervisions__supervisor=OuterRef("pk"),
        attempt__enrolment__supervisions__ended_at__isnull=True,
    )
    zero = Value(0)
    return supervisors.annotate(
        trainee_count=Coalesce(
            _scalar(enrolments, _CountDistinct("user_id"), IntegerField()), zero
        ),
        logs_waiting=Coalesce(_scalar(logs, _Count("pk"), IntegerField()), zero),
        oldest_log_at=_scalar(logs, _Min("submitted_at"), DateTimeField()),
        essays_waiting=Coalesce(_scalar(essays, _Count("pk"), IntegerField()), zero),
        oldest_essay_at=_scalar(essays, _Min("attempt__submitted_at"), DateTimeField()),
    ).annotate(
        backlog=F("logs_waiting") + F("essays_waiting"),
        # LEAST is NULL on SQLite when either side is: each side falls back to the other.
        oldest_at=Least(
            Coalesce("oldest_log_at", "oldest_essay_at"),
            Coalesce("oldest_essay_at", "oldest_log_at"),
        ),
    )


def supervisors_for(user):
    """The supervisors `user` may see the workload of: everyone with the Supervisor role (by
    group or directly), anyone supervising an enrolment now, and every cohort's supervisors;
    for a programme admin, only the people of their organisations (courses/organisations.py).
    """
    users = get_user_model().objects.filter(people_q(user))
    by_role = users.filter(
        Q(
            groups__permissions__codename="supervise_trainees",
            groups__permissions__content_type__app_label="courses",
        )
        | Q(
            user_permissions__codename="supervise_trainees",
            user_permissions__content_type__app_label="courses",
        )
    ).values("pk")
    assigned = Supervision.objects.filter(ended_at__isnull=True).values("supervisor_id")
    in_cohorts = Cohort.supervisors.through.objects.values("user_id")
    return users.filter(
        Q(pk__in=by_role) | Q(pk__in=assigned) | Q(pk__in=in_cohorts), is_active=True
    )


# --- In words ----------------------------------------------------------------------------


def waited_days(since: datetime | None, now: datetime | None = None) -> int | None:
    """Whole days since `since` (None when nothing waits)."""
    if since is None:
        return None
    return max(((now or timezone.now()) - since).days, 0)


def oldest_words(since: datetime | None, now: datetime | None = None) -> str:
    """ "oldest waiting 3 days", "oldest waiting less than a day", or "" when nothing waits."""
    days = waited_days(since, now)
    if days is None:
        return ""
    if days == 0:
        return _("oldest waiting less than a day")
    return ngettext("oldest waiting %(days)d day", "oldest waiting %(days)d days", days) % {
        "days": days
    }


@dataclass(frozen=True)
class Workload:
    """One supervisor's figures, for their home page."""

    trainee_count: int
    logs_waiting: int
    oldest_log_at: datetime | None
    essays_waiting: int
    oldest_essay_at: datetime | None

    @property
    def oldest_log_words(self) -> str:
        return oldest_words(self.oldest_log_at)

    @property
    def oldest_essay_words(self) -> str:
        return oldest_words(self.oldest_essay_at)


def workload_of(supervisor) -> Workload:
    """`supervisor`'s own figures in one query."""
    row = (
        workload_for(get_user_model().objects.filter(pk=supervisor.pk))
        .values(
            "trainee_count", "logs_waiting", "oldest_log_at", "essays_waiting", "oldest_essay_at"
        )
        .get()
    )
    return Workload(**row)
