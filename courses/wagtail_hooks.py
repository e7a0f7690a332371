"""Every hook the courses app registers: publishing only through Clinical review, no deleting
pages that learners have records on, and the cohort and enrolment admin (courses/admin.py,
which registers nothing itself)."""

from collections import defaultdict

from django.contrib import messages
from django.db.models.deletion import Collector, ProtectedError
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from .admin import CoursesAdminGroup
from .translations import (
    lazy_block_defaults_translatable,
    translated_sources_of,
    translation_submit_for_review,
)
from .workflow import publish_action_remove, publish_requested, review_required

lazy_block_defaults_translatable()


def _protected_reason(pages) -> str | None:
    """Why these pages (and their descendants) cannot be deleted, or None if they can."""
    subtree = Page.objects.none()
    for page in pages:
        subtree |= Page.objects.descendant_of(page, inclusive=True)
    # A translation carries its source's records (progress counts the source page,
    # courses/translations.py): the same protection holds for it.
    subtree |= Page.objects.filter(pk__in=translated_sources_of(subtree))
    # Django's Collector takes objects of one model at a time: a module with its lessons is
    # two models, and collecting them together fails with a ValueError (a 500 in the admin).
    by_model = defaultdict(list)
    for obj in subtree.specific():
        by_model[type(obj)].append(obj)
    kinds = set()
    for objs in by_model.values():
        try:
            Collector(using="default").collect(objs)
        except ProtectedError as error:
            kinds |= {str(obj._meta.verbose_name_plural) for obj in error.protected_objects}
    return ", ".join(sorted(kinds)) or None


def _refuse(request, page_title: str, kinds: str):
    messages.error(
        request,
        _(
            "“%(title)s” cannot be deleted: trainees have records linked to it (%(kinds)s). "
            "Unpublish it instead. Trainees keep their records and it disappears from the "
            "course."
        )
        % {"title": page_title, "kinds": kinds},
    )


@hooks.register("before_delete_page")
def refuse_deleting_pages_with_learner_records(request, page):
    kinds = _protected_reason([page])
    if kinds:
        _refuse(request, page.get_admin_display_title(), kinds)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_pages_with_learner_records(
    request, action_type, objects, action_class_instance
):
    if action_type != "delete" or not objects or not isinstance(objects[0], Page):
        return None
    for page in objects:
        kinds = _protected_reason([page])
        if kinds:
            _refuse(request, page.get_admin_display_title(), kinds)
            return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


# --- Publishing goes through review (courses/workflow.py) ----------------------------------


@hooks.register("construct_page_action_menu")
def hide_direct_publish(menu_items, request, context):
    page = context.get("page") if context.get("view") == "edit" else context.get("parent_page")
    if review_required(request.user, page):
        publish_action_remove(menu_items)


def _refuse_direct_publish():
    return HttpResponseForbidden(
        _("Pages in the course tree are published through Clinical review. Submit it instead.")
    )


@hooks.register("before_edit_page", order=-1)
def translation_publish_through_review(request, page):
    """wagtail-localize's translation editor publishes with its own "Publish" (action=publish),
    which the edit view never sees: for anyone who publishes only through Clinical review it
    submits the translation to review instead (courses/translations.py)."""
    if (
        request.method == "POST"
        and request.POST.get("action") == "publish"
        and review_required(request.user, page)
    ):
        return translation_submit_for_review(request, page.specific)
    return None


def _update_translations_through_review(request, translation_source_id: int):
    """wagtail-localize's "Sync translated pages" with "Publish immediately" would publish
    every translation at once: for anyone who publishes only through Clinical review the
    translations are updated as drafts instead, each then submitted from its editor."""
    from wagtail_localize.views.update_translations import UpdateTranslationsView

    if request.method == "POST" and request.POST.get("publish_translations"):
        source = get_object_or_404(TranslationSource, pk=translation_source_id)
        instance = source.get_source_instance()
        if isinstance(instance, Page) and review_required(request.user, instance):
            request.POST = request.POST.copy()
            request.POST.pop("publish_translations")
            messages.info(
                request,
                _(
                    "Translations are published through Clinical review: open each "
                    "translation and submit it."
                ),
            )
    return UpdateTranslationsView.as_view()(request, translation_source_id=translation_source_id)


@hooks.register("register_admin_urls", order=-1)
def register_translation_review_urls():
    # The same URL as wagtail-localize's, registered before it, so it answers first.
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            _update_translations_through_review,
            name="courses_update_translations",
        )
    ]


@hooks.register("before_edit_page")
def refuse_direct_publish_on_edit(request, page):
    if publish_requested(request) and review_required(request.user, page):
        return _refuse_direct_publish()
    return None


@hooks.register("before_create_page")
def refuse_direct_publish_on_create(request, parent_page, page_class):
    if publish_requested(request) and review_required(request.user, parent_page):
        return _refuse_direct_publish()
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publish_without_review(request, action_type, objects, action_class_instance):
    if action_type != "publish" or not objects or not isinstance(objects[0], Page):
        return None
    if any(review_required(request.user, page) for page in objects):
        messages.error(
            request,
            _("Pages in the course tree are published through Clinical review, one by one."),
        )
        return redirect("wagtailadmin_explore", objects[0].get_parent().pk)
    return None


# --- Cohorts, enrolment and supervision (courses/admin.py) ---------------------------------


@hooks.register("register_admin_viewset")
def register_courses_admin():
    return CoursesAdminGroup()
