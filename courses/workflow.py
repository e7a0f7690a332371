"""The "Clinical review" workflow as the site uses it: creating it, putting content under it,
and the rule that content under it is published only by approving it.

The workflow's task (who may approve) is `courses.models.workflow.ClinicalReviewTask`. Pages
in the course tree and higher apps' snippets (quizzes) follow the same rule; each app's
wagtail_hooks.py applies it to its own admin screens with the functions below, so the rule
is written once.
"""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Workflow, WorkflowContentType, WorkflowPage, WorkflowTask

from .models import ClinicalReviewTask, CourseIndexPage

WORKFLOW_NAME = "Clinical review"
PUBLISH_ACTION = "action-publish"


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
    when a reviewer approves them. Higher apps call this from the `setup_site` step they
    register (lms/site.py) with their model; courses never imports them. Leaves a workflow
    an administrator chose by hand alone."""
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    content_type = ContentType.objects.get_for_model(model)
    assignment, _created = WorkflowContentType.objects.get_or_create(
        content_type=content_type, defaults={"workflow": workflow}
    )
    return assignment.workflow


# --- Publishing goes through review ---------------------------------------------------------


def review_required(user, obj) -> bool:
    """Whether `user` may publish `obj` only by approving its workflow.

    `obj` is a page (or, when a page is being created, its parent), a snippet (or, when one
    is being created, its model class), or None (nothing to publish). Only superusers bypass
    the workflow. Clinical reviewers hold the publish permission because approving the
    workflow publishes as them (and so they can unpublish harmful content at once), but a
    reviewer who also edits must not publish their own change without a second reviewer.
    """
    if user.is_superuser or obj is None:
        return False
    if isinstance(obj, type):
        return obj.get_default_workflow() is not None
    return obj.get_workflow() is not None


def publish_requested(request) -> bool:
    """Whether an edit or create form was sent with its "Publish" button."""
    return request.method == "POST" and PUBLISH_ACTION in request.POST


def publish_action_remove(menu_items: list) -> None:
    """Take "Publish" out of an action menu (a `construct_*_action_menu` hook's list)."""
    menu_items[:] = [item for item in menu_items if item.name != PUBLISH_ACTION]
