"""Completion rules: small named checks that each say, in plain words, what is left.

The issuing service certifies when every rule is met, and the trainee's checklist shows the
same results, so what a trainee reads is exactly what the system checks. The rules only ask
the course and assessment apps (their selectors); those apps never import this one.

`completion_rules` gathers everything the rules read first, in a fixed number of queries
however large the course or the trainee's record, then runs each rule on what it gathered.

A renewal (cycle 2 and later) starts at the previous certificate's `certified_at`: only the
continuing-education lessons completed after it count, and the code of ethics must be
accepted again after it. Quizzes, practice hours and competencies are still checked, on the
whole record, so a renewal never certifies less than the first certificate did.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assessments.practice.selectors import competency_status_for, practice_hours_summary
from assessments.quizzes.selectors import live_quizzes_for_modules, passed_quiz_ids
from courses.models import Enrolment
from courses.selectors import (
    ModuleNode,
    ModuleSummary,
    continuing_lesson_ids,
    course_cached,
    course_structure,
    lesson_completed_at,
)
from lms.durations import hours_words

from .models import Certificate, CodeOfEthics, EthicsAcceptance

LESSONS = "lessons"
QUIZZES = "quizzes"
PRACTICE_HOURS = "practice_hours"
COMPETENCIES = "competencies"
ETHICS = "ethics"

TITLES = {
    LESSONS: gettext_lazy("Lessons"),
    QUIZZES: gettext_lazy("Module quizzes"),
    PRACTICE_HOURS: gettext_lazy("Supervised practice hours"),
    COMPETENCIES: gettext_lazy("Competencies signed off"),
    ETHICS: gettext_lazy("Code of ethics"),
}


@dataclass(frozen=True)
class RuleResult:
    """One rule's answer. `reason` says what is left when unmet, and what was done when met."""

    name: str
    met: bool
    reason: str

    @property
    def title(self) -> str:
        return str(TITLES.get(self.name, self.name))


@dataclass
class RuleFacts:
    """What the rules read, gathered once."""

    enrolment: Enrolment
    cycle: int
    since: datetime | None
    modules: list[ModuleNode | ModuleSummary]
    completed_at: dict[int, datetime]
    continuing_lesson_ids: set[int]
    quizzes: list = field(default_factory=list)
    passed_quiz_ids: set[int] = field(default_factory=set)
    hours: object = None
    competencies: list = field(default_factory=list)
    ethics: CodeOfEthics | None = None
    ethics_accepted: bool = False


# --- Gathering ------------------------------------------------------------------------------


def previous_certificate(enrolment: Enrolment, cycle: int) -> Certificate | None:
    if cycle <= 1:
        return None
    return Certificate.objects.filter(enrolment=enrolment, cycle=cycle - 1).first()


def current_ethics(course_id: int) -> CodeOfEthics | None:
    """The latest published version of a course's code of ethics."""
    return (
        CodeOfEthics.objects.filter(course_id=course_id, published_at__lte=timezone.now())
        .order_by("-version")
        .first()
    )


def checklist_structure(course, modules) -> dict:
    """What the checklist reads about the course itself, the same for every trainee: each
    module's live quiz and the published versions of the code of ethics, newest first.
    Cached per course, content version and language (quizzes and codes of ethics are
    `learner_content`: their saves and deletes change the version), so a course page reads
    neither; the version in force is picked at each request, since one may be scheduled."""
    module_ids = [module.id for module in modules]
    return course_cached(
        course,
        "checklist",
        lambda: {
            "quizzes": live_quizzes_for_modules(module_ids),
            "ethics": list(
                CodeOfEthics.objects.filter(course_id=course.pk, published_at__isnull=False)
                .only("id", "course_id", "version", "published_at")
                .order_by("-version")
            ),
        },
    )


def ethics_in_force(versions: list[CodeOfEthics]) -> CodeOfEthics | None:
    """As current_ethics picks it, from checklist_structure's versions."""
    now = timezone.now()
    return max(
        (ethics for ethics in versions if ethics.published_at <= now),
        key=lambda ethics: ethics.version,
        default=None,
    )


def rule_facts(
    enrolment: Enrolment,
    *,
    cycle: int = 1,
    hours=None,
    competencies=None,
    modules=None,
    completed_at=None,
    completed=None,
    cached: bool = False,
    previous=None,
    structure=None,
    ethics_accepted: bool | None = None,
) -> RuleFacts:
    """Everything the rules read. A page passes what it has read already: the practice
    `hours`, `competencies` with only whether each is signed off (the issuing service reads
    who signed, for the certificate), the course's `modules` (ModuleNode or ModuleSummary),
    and the lessons' `completed_at` or, enough for a first cycle, the `completed` ids; and the
    `previous` certificate when it has it (the latest, when it is the previous cycle's).
    `cached`: the course's quizzes and codes of ethics from checklist_structure (or the
    `structure` the page read), for pages; the issuing service reads them from the
    database. `ethics_accepted`: whether the code in force was accepted in this cycle, when
    the page read it (selectors.latest_certificate_and_acceptance)."""
    course = enrolment.course
    if previous is None or previous.cycle != cycle - 1:
        previous = previous_certificate(enrolment, cycle)
    since = previous.certified_at if previous is not None else None
    if modules is None:
        modules = course_structure(course)
    if completed_at is None and completed is not None and cycle <= 1:
        completed_at = dict.fromkeys(completed)  # a first cycle asks only which
    if completed_at is None:
        completed_at = lesson_completed_at(enrolment)
    continuing = continuing_lesson_ids(course) if cycle > 1 else set()
    if structure is None and cached:
        structure = checklist_structure(course, modules)
    if structure is not None:
        quizzes, ethics = structure["quizzes"], ethics_in_force(structure["ethics"])
    else:
        quizzes = live_quizzes_for_modules([module.id for module in modules])
        ethics = current_ethics(enrolment.course_id)
    passed = passed_quiz_ids(enrolment=enrolment, quizzes=quizzes) if quizzes else set()
    accepted = False
    if ethics is not None and ethics_accepted is not None:
        accepted = ethics_accepted
    elif ethics is not None:
        acceptances = EthicsAcceptance.objects.filter(
            enrolment=enrolment, ethics=ethics, cycle=cycle
        )
        if since is not None:
            acceptances = acceptances.filter(accepted_at__gt=since)
        accepted = acceptances.exists()
    return RuleFacts(
        enrolment=enrolment,
        cycle=cycle,
        since=since,
        modules=modules,
        completed_at=completed_at,
        continuing_lesson_ids=continuing,
        quizzes=quizzes,
        passed_quiz_ids=passed,
        hours=hours if hours is not None else practice_hours_summary(enrolment),
        competencies=competencies if competencies is not None else competency_status_for(enrolment),
        ethics=ethics,
        ethics_accepted=accepted,
    )


# --- The rules ------------------------------------------------------------------------------


def lessons_complete(facts: RuleFacts) -> RuleResult:
    """Every live lesson complete; for a renewal, every live continuing-education lesson
    completed again after the previous certificate."""
    live = [pk for module in facts.modules for pk in module.lesson_ids]
    if facts.cycle > 1:
        required = [pk for pk in live if pk in facts.continuing_lesson_ids]
        done = [
            pk
            for pk in required
            if pk in facts.completed_at and facts.completed_at[pk] > facts.since
        ]
        left = len(required) - len(done)
        if left:
            return RuleResult(
                LESSONS,
                False,
                ngettext(
                    "%(left)s of %(total)s continuing-education lesson left since your last "
                    "certificate",
                    "%(left)s of %(total)s continuing-education lessons left since your last "
                    "certificate",
                    len(required),
                )
                % {"left": left, "total": len(required)},
            )
        return RuleResult(
            LESSONS,
            True,
            _("Every continuing-education lesson completed since your last certificate"),
        )
    left = sum(1 for pk in live if pk not in facts.completed_at)
    if left:
        return RuleResult(
            LESSONS,
            False,
            ngettext(
                "%(left)s of %(total)s lesson left",
                "%(left)s of %(total)s lessons left",
                len(live),
            )
            % {"left": left, "total": len(live)},
        )
    return RuleResult(
        LESSONS,
        True,
        ngettext("The lesson is complete", "All %(total)s lessons complete", len(live))
        % {"total": len(live)},
    )


def quizzes_passed(facts: RuleFacts) -> RuleResult:
    """Every module's live quiz passed by its counted attempt. An attempt with an essay still
    waiting for the supervisor is not final, so it does not count until it is graded."""
    titles = {module.id: module.title for module in facts.modules}
    missing = [quiz for quiz in facts.quizzes if quiz.pk not in facts.passed_quiz_ids]
    if missing:
        return RuleResult(
            QUIZZES,
            False,
            "; ".join(
                _("Pass the quiz of %(module)s") % {"module": titles.get(quiz.module_id, "")}
                for quiz in missing
            ),
        )
    if not facts.quizzes:
        return RuleResult(QUIZZES, True, _("This course has no module quizzes"))
    return RuleResult(QUIZZES, True, _("Every module quiz passed"))


def practice_hours_met(facts: RuleFacts) -> RuleResult:
    """Approved practice at least the requirement in every category, and so in total: extra
    hours in one category never make up for another (as `HoursSummary.counted_minutes`)."""
    summary = facts.hours
    short = [c for c in summary.categories if c.remaining_minutes]
    if short:
        parts = [
            _("%(hours)s more of approved %(category)s")
            % {"hours": hours_words(c.remaining_minutes), "category": c.name}
            for c in short
        ]
        return RuleResult(PRACTICE_HOURS, False, "; ".join(parts))
    if summary.counted_minutes < summary.required_minutes:
        left = summary.required_minutes - summary.counted_minutes
        return RuleResult(
            PRACTICE_HOURS,
            False,
            _("%(hours)s more of approved practice") % {"hours": hours_words(left)},
        )
    if not summary.required_minutes:
        return RuleResult(PRACTICE_HOURS, True, _("This course requires no practice hours"))
    return RuleResult(
        PRACTICE_HOURS,
        True,
        _("%(hours)s of approved practice, as required")
        % {"hours": hours_words(summary.required_minutes)},
    )


def competencies_signed_off(facts: RuleFacts) -> RuleResult:
    """Every competency of the course signed off by a supervisor."""
    missing = [status.competency.name for status in facts.competencies if not status.is_signed_off]
    if missing:
        return RuleResult(
            COMPETENCIES,
            False,
            "; ".join(
                _("%(competency)s is not signed off yet") % {"competency": name} for name in missing
            ),
        )
    if not facts.competencies:
        return RuleResult(COMPETENCIES, True, _("This course has no competencies to sign off"))
    return RuleResult(COMPETENCIES, True, _("Every competency signed off"))


def ethics_accepted(facts: RuleFacts) -> RuleResult:
    """The current version of the course's code of ethics accepted in this cycle (for a
    renewal, after the previous certificate). A course that has not published a code of
    ethics does not certify yet: accepting it is one of the issue's requirements, and a
    certificate issued without it could not be issued again honestly."""
    if facts.ethics is None:
        return RuleResult(ETHICS, False, _("The course has not published its code of ethics yet"))
    if not facts.ethics_accepted:
        if facts.cycle > 1:
            return RuleResult(ETHICS, False, _("Accept the code of ethics again"))
        return RuleResult(ETHICS, False, _("Accept the code of ethics"))
    return RuleResult(
        ETHICS,
        True,
        _("Code of ethics version %(version)s accepted") % {"version": facts.ethics.version},
    )


RULES = [
    lessons_complete,
    quizzes_passed,
    practice_hours_met,
    competencies_signed_off,
    ethics_accepted,
]


def completion_rules(enrolment: Enrolment, *, cycle: int = 1, **read) -> list[RuleResult]:
    """Every rule's result for this enrolment and certification cycle, in checklist order
    (`read`: what the page read already, as `rule_facts` takes it)."""
    facts = rule_facts(enrolment, cycle=cycle, **read)
    return [rule(facts) for rule in RULES]


def all_met(results: list[RuleResult]) -> bool:
    return all(result.met for result in results)
