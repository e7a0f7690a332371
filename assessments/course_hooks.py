"""Trainee-side hooks into courses: a module's quiz on its page, modules locked until a
required quiz is passed, supervised practice (approved against required hours) on the course
page and a link to it on the dashboard. The courses app defines the hooks and never imports
this app."""

from django.template.loader import render_to_string
from wagtail import hooks

from assessments.practice import selectors as practice
from assessments.practice.forms import minutes_words
from assessments.quizzes import selectors
from courses.hooks import COURSE_PANELS, DASHBOARD_PANELS, MODULE_LOCKS, MODULE_PANELS


@hooks.register(MODULE_LOCKS)
def quiz_module_locks(*, enrolment, modules):
    return selectors.quiz_module_locks(enrolment=enrolment, modules=modules)


@hooks.register(MODULE_PANELS)
def module_quiz_panel(*, user, module, enrolment):
    """The module's live quiz with the trainee's standing: score, attempts left, cooldown,
    grading, and a link to start or continue."""
    quiz = selectors.live_quiz_for_module(module)
    if quiz is None:
        return []
    state = selectors.quiz_state_for(enrolment=enrolment, quiz=quiz)
    return [render_to_string("assessments/module_panel.html", {"quiz": quiz, "state": state})]


@hooks.register(DASHBOARD_PANELS)
def practice_dashboard_panel(*, request, enrolments):
    """A link to the practice pages, for anyone enrolled. It asks the database nothing: the
    dashboard's query count is pinned (tests/courses/test_query_counts.py), so the hours
    against the requirements are on the course page and the practice overview instead."""
    if not enrolments:
        return []
    return [render_to_string("assessments/practice/dashboard_panel.html", request=request)]


@hooks.register(COURSE_PANELS)
def practice_course_panel(*, request, course, enrolment):
    """The course page's summary of supervised practice, with its bar, when the course has
    practice activities."""
    summary = practice.practice_hours_summary(enrolment)
    if not summary.categories:
        return []
    context = {
        "course": course,
        "enrolment": enrolment,
        "summary": summary,
        "counted": minutes_words(summary.counted_minutes),
        "approved": minutes_words(summary.approved_minutes),
        "pending": minutes_words(summary.pending_minutes),
        "required": minutes_words(summary.required_minutes),
    }
    return [render_to_string("assessments/practice/course_panel.html", context, request=request)]
