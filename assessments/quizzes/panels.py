"""What the quiz room shows inside the courses app's pages: modules locked until a required
quiz is passed, and a module's quiz with the trainee's standing on the module page.

The courses app defines the hooks (`courses.hooks`) and never imports this app; these are
plain functions, registered from `assessments/wagtail_hooks.py`.
"""

from django.template.loader import render_to_string

from assessments.quizzes import selectors, translations


def quiz_module_locks(*, enrolment, modules):
    """The MODULE_LOCKS hook: each module locked by a required quiz not yet passed."""
    return selectors.quiz_module_locks(enrolment=enrolment, modules=modules)


def module_quiz_panel(*, user, module, enrolment):
    """The module's live quiz with the trainee's standing: score, attempts left, cooldown,
    grading, and a link to start or continue."""
    quiz = selectors.live_quiz_for_module(module)
    if quiz is None:
        return []
    state = selectors.quiz_state_for(enrolment=enrolment, quiz=quiz)
    context = {"quiz": quiz, "quiz_text": translations.quiz_text(quiz), "state": state}
    return [render_to_string("assessments/module_panel.html", context)]
