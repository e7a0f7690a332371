"""Trainee-side hooks into courses: a module's quiz on its page, and modules locked until a
required quiz is passed. The courses app defines the hooks and never imports this app."""

from django.template.loader import render_to_string
from wagtail import hooks

from courses.hooks import MODULE_LOCKS, MODULE_PANELS

from . import selectors


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
