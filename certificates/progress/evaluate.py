"""The certificate rules for many enrolments of one course at once, in a fixed number of
queries however many there are.

`rules.completion_rules` gathers what the rules read for one trainee; `progress_for` gathers
the same facts for a whole cohort, one query per kind (completions, attempts, practice,
competencies, acceptances, certificates, supervisors), then runs the very same named rules
(`rules.RULES`) on each trainee's facts. So the dashboard's "what's left" is, word for word,
the checklist the trainee reads on the course page (tests/certificates/test_progress_batch.py
compares them). Like the course page, it reads the course's outline, quizzes and codes of
ethics from their cache per content version.

A trainee's progress also carries the figures behind the rules (lessons, quizzes, hours,
competencies, the code of ethics), their certificate's standing, their current supervisor,
what waits for that supervisor and when the trainee last did something: a lesson opened or
completed, a quiz attempt started or submitted, practice logged or submitted, the code of
ethics accepted.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from operator import attrgetter

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.practice.progress import practice_progress_for
from assessments.practice.selectors import HoursSummary
from assessments.quizzes.selectors import passed_quiz_ids_for, quiz_activity_for
from courses.models import Enrolment
from courses.selectors import (
    completed_lesson_ids_for,
    continuing_lesson_ids,
    course_structure,
    current_supervisor_names_for,
    lesson_completed_at_for,
)

from .. import rules
from ..models import Certificate, EthicsAcceptance
from ..rules import RULES, RuleFacts, RuleResult, checklist_structure, ethics_in_force
from ..selectors import certification_cycle_due
from ..standing import Standing, certificate_standing

ACTIVE_DAYS = 7  # "active this week": did something in the last seven days


@dataclass
class TraineeProgress:
    """One trainee of a cohort: the checklist of the cycle they work towards (empty when
    there is nothing to earn now) and the figures behind it."""

    enrolment: Enrolment
    name: str
    email: str
    supervisor: str
    cycle: int | None
    checklist: list[RuleResult]
    certificate: Certificate | None  # the latest
    standing: Standing | None
    first_certified_at: datetime | None
    lessons_completed: int
    lessons_total: int
    quizzes_passed: int
    quizzes_total: int
    hours: HoursSummary
    competencies_signed_off: int
    competencies_total: int
    ethics_accepted: bool
    essays_waiting: int
    last_activity_at: datetime | None
    facts: RuleFacts | None = field(default=None, repr=False)

    @cached_property
    def unmet(self) -> list[RuleResult]:
        return [result for result in self.checklist if not result.met]

    @property
    def rules_left(self) -> int:
        return len(self.unmet)

    @property
    def rules_met(self) -> int:
        return len(self.checklist) - self.rules_left

    @property
    def certified(self) -> bool:
        """Holds a certificate that was not revoked (valid, expiring, expired or being
        prepared): what the summary counts as completed."""
        return self.certificate is not None and self.certificate.status in (
            Certificate.Status.ISSUED,
            Certificate.Status.PENDING,
        )

    @property
    def one_rule_left(self) -> bool:
        return self.cycle is not None and self.rules_left == 1

    @property
    def waiting_on_supervisor(self) -> bool:
        """Practice logs submitted for sign-off, or an essay not graded yet."""
        return bool(self.hours.pending_minutes or self.essays_waiting)

    @property
    def days_to_certificate(self) -> int | None:
        if self.first_certified_at is None:
            return None
        taken = self.first_certified_at - self.enrolment.enrolled_at
        return max(round(taken.total_seconds() / 86400), 0)

    def active_since(self, since: datetime) -> bool:
        return self.last_activity_at is not None and self.last_activity_at >= since

    def stalled(self, *, days: int, now: datetime) -> bool:
        """Something to earn, and nothing done for `days` days (or since enrolling)."""
        last = self.last_activity_at or self.enrolment.enrolled_at
        return self.cycle is not None and last < now - timedelta(days=days)

    @property
    def left_words(self) -> str:
        """What is left, in the rules' words; or where the certificate stands."""
        if self.cycle is None:
            if self.certificate.status == Certificate.Status.PENDING:
                return _("Every rule met: the certificate is being prepared")
            if self.certificate.status == Certificate.Status.REVOKED:
                return _("Certificate revoked: certifying again is a programme admin's decision")
            return _("Certified: nothing left until the renewal opens")
        if not self.unmet:
            return _("Every rule met: the certificate is on its way")
        return "; ".join(f"{result.title}: {result.reason}" for result in self.unmet)


def _latest(values) -> datetime | None:
    present = [value for value in values if value is not None]
    return max(present) if present else None


# What each rule reads of its facts. The batch runs a rule once per distinct value of these
# and gives trainees with the same values the same result: equal answers from the lower
# apps are one shared object (`PracticeProgress` and the sets interned below), so a value is
# told by identity. tests/certificates/test_progress_batch.py checks this list against what
# each rule really reads; a rule missing here is run for every trainee.
RULE_READS = {
    rules.lessons_complete: ("cycle", "since", "modules", "completed_at", "continuing_lesson_ids"),
    rules.quizzes_passed: ("modules", "quizzes", "passed_quiz_ids"),
    rules.practice_hours_met: ("hours",),
    rules.competencies_signed_off: ("competencies",),
    rules.ethics_accepted: ("cycle", "ethics", "ethics_accepted"),
}
_PLAIN = (int, str, bool, datetime, type(None))
_READ = {rule: (attrgetter(*reads), len(reads) == 1) for rule, reads in RULE_READS.items()}


def checklist_of(facts: RuleFacts, memo: dict) -> list[RuleResult]:
    """`rules.RULES` on `facts`, each rule once per distinct value of what it reads (`memo`
    keeps the answers of one batch; a plain value is its own key, a shared object its
    identity)."""
    results = []
    for rule in RULES:
        reader = _READ.get(rule)
        if reader is None:
            results.append(rule(facts))
            continue
        read, single = reader
        values = (read(facts),) if single else read(facts)
        key = (rule, *[v if isinstance(v, _PLAIN) else id(v) for v in values])
        result = memo.get(key)
        if result is None:
            result = memo[key] = rule(facts)
        results.append(result)
    return results


def progress_for(*, course, enrolments) -> list[TraineeProgress]:
    """Each of `enrolments` (a queryset of active enrolments of `course`, already narrowed to
    what the reader may see), by name, with its checklist and figures.

    Queries: the enrolments with their trainees' names, the certificates, the completions,
    the passed quizzes (with quizzes), the attempts' activity, five of practice, the
    acceptances (with a code of ethics), the supervisors; for renewals two more
    (continuing-education lessons and completion times). The course's outline, quizzes and
    codes of ethics come from the cache, as on the course page.
    """
    rows = list(
        enrolments.annotate(trainee_name=F("user__full_name"), trainee_email=F("user__email"))
        .only("id", "user_id", "course_id", "cohort_id", "enrolled_at", "last_activity_at")
        .order_by("user__full_name", "user__email", "pk")
    )
    if not rows:
        return []
    modules = course_structure(course)
    structure = checklist_structure(course, modules)
    quizzes, ethics = structure["quizzes"], ethics_in_force(structure["ethics"])
    live = [pk for module in modules for pk in module.lesson_ids]

    certificates: dict[int, list[Certificate]] = {}
    for certificate in (
        Certificate.objects.filter(enrolment_id__in=enrolments.values("pk"))
        .only("id", "enrolment_id", "cycle", "status", "certified_at", "issued_on", "expires_on")
        .order_by("enrolment_id", "cycle")
    ):
        certificates.setdefault(certificate.enrolment_id, []).append(certificate)
    done = completed_lesson_ids_for(enrolments, live)
    passed = passed_quiz_ids_for(enrolments=enrolments, quizzes=quizzes)
    attempts = quiz_activity_for(enrolments=enrolments)
    practice = practice_progress_for(course_id=course.pk, enrolments=enrolments)
    accepted: dict[int, list[tuple[int, datetime]]] = {}
    if ethics is not None:
        for enrolment_id, cycle, at in (
            EthicsAcceptance.objects.filter(enrolment_id__in=enrolments.values("pk"), ethics=ethics)
            .order_by()
            .values_list("enrolment_id", "cycle", "accepted_at")
        ):
            accepted.setdefault(enrolment_id, []).append((cycle, at))
    supervisors = current_supervisor_names_for(enrolments)

    cycles = {}
    for enrolment in rows:
        history = certificates.get(enrolment.pk)
        latest = history[-1] if history else None
        cycles[enrolment.pk] = (
            1 if latest is None else certification_cycle_due(enrolment, latest=latest)
        )
    renewing = [pk for pk, cycle in cycles.items() if cycle is not None and cycle > 1]
    continuing = continuing_lesson_ids(course) if renewing else set()
    completed_at = lesson_completed_at_for(renewing) if renewing else {}

    # Equal sets are one object, so the rules' memo tells them apart by identity.
    lesson_sets: dict[frozenset, dict] = {}
    quiz_sets: dict[frozenset, set] = {}

    def interned(store: dict, values, make):
        key = frozenset(values)
        found = store.get(key)
        if found is None:
            found = store[key] = make(key)
        return found

    memo: dict = {}
    today = timezone.localdate()
    progress = []
    for enrolment in rows:
        history = certificates.get(enrolment.pk, [])
        latest = history[-1] if history else None
        cycle = cycles[enrolment.pk]
        # The cycle the figures are of: the one due, or the one certified when none is.
        of_cycle = cycle if cycle is not None else latest.cycle
        previous = next((c for c in history if c.cycle == of_cycle - 1), None)
        since = previous.certified_at if previous is not None else None
        acceptances = accepted.get(enrolment.pk, [])
        completed = done.get(enrolment.pk, ())
        facts = RuleFacts(
            enrolment=enrolment,
            cycle=of_cycle,
            since=since,
            modules=modules,
            completed_at=(
                completed_at.get(enrolment.pk, {})
                if of_cycle > 1
                else interned(lesson_sets, completed, dict.fromkeys)
            ),
            continuing_lesson_ids=continuing,
            quizzes=quizzes,
            passed_quiz_ids=interned(quiz_sets, passed.get(enrolment.pk, ()), set),
            hours=practice.hours(enrolment.pk),
            competencies=practice.competencies_signed_off(enrolment.pk),
            ethics=ethics,
            ethics_accepted=any(
                accepted_cycle == of_cycle and (since is None or at > since)
                for accepted_cycle, at in acceptances
            ),
        )
        first = next(
            (c for c in history if c.cycle == 1 and c.status != Certificate.Status.REVOKED), None
        )
        last_attempt_at, essays_waiting = attempts.get(enrolment.pk, (None, 0))
        progress.append(
            TraineeProgress(
                enrolment=enrolment,
                name=enrolment.trainee_name or enrolment.trainee_email,
                email=enrolment.trainee_email,
                supervisor=supervisors.get(enrolment.pk, ""),
                cycle=cycle,
                checklist=checklist_of(facts, memo) if cycle is not None else [],
                certificate=latest,
                standing=certificate_standing(latest, today=today) if latest else None,
                first_certified_at=first.certified_at if first else None,
                lessons_completed=len(completed),
                lessons_total=len(live),
                quizzes_passed=len(facts.passed_quiz_ids),
                quizzes_total=len(quizzes),
                hours=facts.hours,
                competencies_signed_off=sum(1 for c in facts.competencies if c.is_signed_off),
                competencies_total=len(facts.competencies),
                ethics_accepted=facts.ethics_accepted,
                essays_waiting=essays_waiting,
                last_activity_at=_latest(
                    [
                        enrolment.last_activity_at,
                        last_attempt_at,
                        practice.last_logged_at.get(enrolment.pk),
                        *(at for _cycle, at in acceptances),
                    ]
                ),
                facts=facts,
            )
        )
    return progress
