"""The course index every installation needs, under the "Clinical review" workflow, with
page and media permissions for the editing roles. Idempotent: the `setup_site` step courses
registers (courses/apps.py) runs it on every set-up."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
)

from .models import CourseIndexPage
from .workflow import review_workflow_ensure

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


def course_index_setup(*, home, editors: Group, reviewers: Group) -> CourseIndexPage:
    with transaction.atomic():
        index = course_index_ensure(home=home)
        review_workflow_ensure(index=index, reviewers=reviewers)
        _page_permissions(editors, index, EDITOR_PAGE_PERMISSIONS)
        _page_permissions(reviewers, index, REVIEWER_PAGE_PERMISSIONS)
        _collection_permissions(editors, EDITOR_COLLECTION_PERMISSIONS)
        _collection_permissions(reviewers, REVIEWER_COLLECTION_PERMISSIONS)
    return index
