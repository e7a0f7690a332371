"""Demo data for certification, never loaded in production.

- `ethics_demo_load` (called by `load_demo`): the demo course's code of ethics, published, so
  the demo trainee can read and accept it. Idempotent: a course that already has any code of
  ethics is left as it is (an editor may have written their own).
- `demo_almost_certified` (its own command, `manage.py demo_almost_certified`): `load_demo`
  leaves the demo trainee at the start of the course, and earning a certificate by hand takes
  17 lessons, five quizzes, 34 hours of practice and four competencies. This does all of that
  but the last steps, through the same services the pages use (the trainee completes lessons
  and takes the quizzes; their supervisor grades, approves and signs off), so every record is
  one the application would have made. It never accepts the code of ethics nor completes the
  course's last lesson: the trainee does those, and sees the certificate appear.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from assessments.practice.demo import DemoPracticeCompleted, practice_demo_complete
from assessments.practice.selectors import current_supervisor_id
from assessments.quizzes.demo import demo_quiz_pass
from assessments.quizzes.selectors import live_quiz_for_module
from content.demo import DemoRefused, demo_refuse_production
from courses.models import CoursePage, LessonPage
from courses.selectors import (
    completed_lesson_ids,
    enrolment_active_with_user,
    live_lessons_for,
    live_modules_for,
)
from courses.services import lesson_complete

from .models import CodeOfEthics
from .rules import RuleResult
from .selectors import certification_checklist

DEMO_CODE_OF_ETHICS = """\
As a peer supporter I offer what I know from my own life, alongside the person I support and \
never in charge of them. I agree to keep to this code in all my peer support work.

Mutuality and respect. I treat the people I support as the experts on their own lives. I listen \
more than I advise, I ask "what happened to you" rather than "what is wrong with you", and I \
never present my own path to recovery as the right one for anyone else.

Boundaries. I keep boundaries that protect us both: agreed times and ways of contact, no money, \
loans or valuable gifts, and no romantic, business or other relationship that would mix with \
the support. When a boundary is crossed, by me or by the other person, I name it kindly and \
talk it through with my supervisor.

Confidentiality and its limits. What a person shares with me stays private. I tell them at the \
start where that privacy ends: when someone's life or safety is at risk, or when the law \
requires it, I will involve others, and I will tell the person when I can. I record only what \
my role needs, and I never use names in notes, practice logs or supervision.

Working within my role. Peer support complements professional care; it does not replace it. I do \
not diagnose, prescribe or offer therapy. I work within my training and my experience, and I \
ask for help when a situation goes beyond them.

Safety and referral. If someone talks about ending their life or harming someone, I stay with \
them, listen, and help them reach emergency or crisis help at once: in India Tele-MANAS on \
14416 or 1-800-891-4416, or 112 in an emergency. I connect people to professionals and \
services when they need more than I can offer, and I debrief with my supervisor afterwards.

Looking after myself. I notice the signs of burnout and of carrying other people's distress. I \
keep to my own wellbeing plan, use supervision honestly, and step back for a while when I need \
to, because I cannot support anyone well while neglecting myself.
"""


def ethics_demo_load(*, course: CoursePage) -> bool:
    """Publish version 1 of the demo code of ethics; True when it was created."""
    demo_refuse_production()
    with transaction.atomic():
        if CodeOfEthics.objects.filter(course=course).exists():
            return False
        CodeOfEthics.objects.create(
            course=course, version=1, text=DEMO_CODE_OF_ETHICS, published_at=timezone.now()
        )
    return True


@dataclass
class DemoAlmostCertified:
    lessons_completed: int = 0
    quizzes_passed: int = 0
    practice: DemoPracticeCompleted = field(default_factory=DemoPracticeCompleted)
    # The course's last lesson, and the rules still unmet: what the trainee does themselves.
    last_lesson: LessonPage | None = None
    left: list[RuleResult] = field(default_factory=list)


def demo_almost_certified(*, course: CoursePage, trainee, supervisor) -> DemoAlmostCertified:
    """Take the demo trainee through every requirement of `course` but its last lesson and the
    code of ethics (see the module docstring). Idempotent: what is done already is skipped.

    DemoRefused (with the reason) in production, when the trainee has no active enrolment in
    the course, or when `supervisor` is not their current supervisor; the services' own
    errors (a quiz that cannot be taken now, no free day for practice) pass through."""
    demo_refuse_production()
    enrolment = enrolment_active_with_user(user=trainee, course_id=course.pk)
    if enrolment is None:
        raise DemoRefused(f"{trainee.email} has no active enrolment in {course.title}.")
    if current_supervisor_id(enrolment.pk) != supervisor.pk:
        raise DemoRefused(f"{supervisor.email} is not {trainee.email}'s current supervisor.")
    result = DemoAlmostCertified()
    lessons = live_lessons_for(course)
    result.last_lesson = lessons[-1] if lessons else None
    with transaction.atomic():
        # Quizzes first, in course order: a passed quiz may be what opens the later modules.
        for module in live_modules_for(course):
            quiz = live_quiz_for_module(module)
            if quiz is not None and demo_quiz_pass(
                enrolment=enrolment, quiz=quiz, grader=supervisor
            ):
                result.quizzes_passed += 1
        done = completed_lesson_ids(enrolment)
        for lesson in lessons[:-1]:
            if lesson.pk not in done:
                lesson_complete(user=trainee, lesson=lesson)
                result.lessons_completed += 1
        result.practice = practice_demo_complete(enrolment=enrolment, supervisor=supervisor)
    result.left = [rule for rule in certification_checklist(enrolment) if not rule.met]
    return result
