"""Admin behaviour for courses: refuse to delete pages that learners have records on."""

from collections import defaultdict

from django.contrib import messages
from django.db.models.deletion import Collector, ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page


def _protected_reason(pages) -> str | None:
    """Why these pages (and their descendants) cannot be deleted, or None if they can."""
    subtree = Page.objects.none()
    for page in pages:
        subtree |= Page.objects.descendant_of(page, inclusive=True)
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


# --- Cohorts, enrolment and supervision (see courses/viewsets.py) ---------------------------


@hooks.register("register_admin_viewset")
def register_courses_admin():
    from .viewsets import CoursesAdminGroup

    return CoursesAdminGroup()
