"""Everything the assessments app adds to the Wagtail admin and to the courses app's hooks is
registered here, and only here: the quiz side (question bank, quizzes, GIFT import and export,
quiz reports, quiz translations) and the practice side (practice settings and records). The
admin modules define views, viewsets and menu items; this file says where each one goes."""

from django.http import HttpResponseForbidden
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from assessments.models import Quiz
from assessments.practice.admin import PracticeAdminGroup
from assessments.practice.panels import practice_course_panel, practice_dashboard_panel
from assessments.quizzes.admin.chooser import question_chooser_viewset
from assessments.quizzes.admin.gift import GiftImportViewSet
from assessments.quizzes.admin.quizzes import (
    QuizzesAdminGroup,
    approve_quiz_questions,
    quiz_regrade_urls,
    quiz_review_refusals,
)
from assessments.quizzes.admin.reports import quiz_report_urls, quiz_reports_menu_item
from assessments.quizzes.admin.translations import quiz_translation_buttons, quiz_translation_urls
from assessments.quizzes.panels import module_quiz_panel, quiz_module_locks
from assessments.supervise.admin import workload_menu_item, workload_report_urls
from courses.hooks import COURSE_PANELS, DASHBOARD_PANELS, MODULE_LOCKS, MODULE_PANELS
from courses.models.workflow import REVIEW_APPROVED, REVIEW_REFUSALS
from courses.workflow import publish_action_remove, publish_requested, review_required

# --- Quizzes (assessments/quizzes/admin/) -------------------------------------------------


@hooks.register("register_admin_viewset")
def register_gift_import():
    return GiftImportViewSet()


@hooks.register("register_admin_viewset")
def register_question_chooser():
    return question_chooser_viewset


register_snippet(QuizzesAdminGroup)

hooks.register("register_admin_urls", quiz_regrade_urls)

# Translations of a quiz, its questions and options: a page per quiz and language, reached
# from the quiz listing; approved by a clinical reviewer (admin/translations.py).
hooks.register("register_admin_urls", quiz_translation_urls)
hooks.register("register_snippet_listing_buttons", quiz_translation_buttons)


# Quizzes are published through Clinical review, as pages are (the rule: courses/workflow.py).


@hooks.register("construct_snippet_action_menu")
def hide_direct_quiz_publish(menu_items, request, context):
    if context.get("model") is not Quiz:
        return
    if review_required(request.user, context.get("instance") or Quiz):
        publish_action_remove(menu_items)


def _refuse_direct_quiz_publish():
    return HttpResponseForbidden(
        _("Quizzes are published through Clinical review. Submit the quiz instead.")
    )


@hooks.register("before_create_snippet")
def refuse_direct_quiz_publish_on_create(request, model):
    if model is Quiz and publish_requested(request) and review_required(request.user, Quiz):
        return _refuse_direct_quiz_publish()
    return None


@hooks.register("before_edit_snippet")
def refuse_direct_quiz_publish_on_edit(request, instance):
    if (
        isinstance(instance, Quiz)
        and publish_requested(request)
        and review_required(request.user, instance)
    ):
        return _refuse_direct_quiz_publish()
    return None


hooks.register(REVIEW_REFUSALS, quiz_review_refusals)
hooks.register(REVIEW_APPROVED, approve_quiz_questions)

hooks.register("register_admin_urls", quiz_report_urls)
hooks.register("register_reports_menu_item", quiz_reports_menu_item)


# --- Practice and supervision (assessments/practice/admin) ---------------------------------


@hooks.register("register_admin_viewset")
def register_practice_admin():
    return PracticeAdminGroup()


# Each supervisor's trainees and what waits for them, for programme admins (issue 17).
hooks.register("register_admin_urls", workload_report_urls)
hooks.register("register_reports_menu_item", workload_menu_item)


# What the rooms show inside the courses app's pages (the courses app defines these hooks and
# never imports assessments). The quiz room's two sit here, beside practice's, so that the
# Quizzes section above stays the admin's alone.
hooks.register(MODULE_LOCKS, quiz_module_locks)
hooks.register(MODULE_PANELS, module_quiz_panel)
hooks.register(DASHBOARD_PANELS, practice_dashboard_panel)
hooks.register(COURSE_PANELS, practice_course_panel)
