"""What every installation needs for courses: the course index, the "Clinical review"
workflow, and page and media permissions for the editing roles. Idempotent; `setup_site`
calls it with the role groups."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from .models import ClinicalReviewTask, CourseIndexPage

WORKFLOW_NAME = "Clinical review"

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
REVIEWER_PAGE_PERMISSIONS = ["change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
REVIEWER_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "choose_document"),
]


def course_index_ensure(*, home) -> CourseIndexPage:
    index = CourseIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=CourseIndexPage(
                title="Courses",
                slug="courses",
                introduction="<p>Courses for peer supporters, from first steps to practice.</p>",
            )
        )
        index.save_revision().publish()
    return index


def review_workflow_ensure(*, index: CourseIndexPage, reviewers: Group) -> Workflow:
    task = ClinicalReviewTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = ClinicalReviewTask.objects.create(name=WORKFLOW_NAME)
    task.groups.add(reviewers)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def review_workflow_assign(*, model) -> Workflow:
    """Put a snippet model (e.g. quizzes) under "Clinical review", so its items go live only
    when a reviewer approves them. Higher apps call this from `site_setup` with their model;
    courses never imports them. Leaves a workflow an administrator chose by hand alone."""
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    content_type = ContentType.objects.get_for_model(model)
    assignment, _created = WorkflowContentType.objects.get_or_create(
        content_type=content_type, defaults={"workflow": workflow}
    )
    return assignment.workflow


def _page_permissions(group: Group, page, codenames: list[str]) -> None:
    for codename in codenames:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _collection_permissions(group: Group, codes: list[tuple[str, str]]) -> None:
    root = Collection.get_first_root_node()
    for app_label, codename in codes:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


def courses_setup(*, home, editors: Group, reviewers: Group) -> CourseIndexPage:
    with transaction.atomic():
        index = course_index_ensure(home=home)
        review_workflow_ensure(index=index, reviewers=reviewers)
        _page_permissions(editors, index, EDITOR_PAGE_PERMISSIONS)
        _page_permissions(reviewers, index, REVIEWER_PAGE_PERMISSIONS)
        _collection_permissions(editors, EDITOR_COLLECTION_PERMISSIONS)
        _collection_permissions(reviewers, REVIEWER_COLLECTION_PERMISSIONS)
    return index
