"""The "Clinical review" workflow step: a clinical reviewer approves content before trainees
see it, and nobody approves their own submission.

Higher apps put other content (quizzes) under the same workflow, and may need to say why
something cannot be approved yet, or to act once it is. Two Wagtail hooks let them, without
this app importing theirs:

REVIEW_REFUSALS
    fn(obj) -> list[str]: reasons `obj` cannot be approved as it stands; while there are
    any, reviewers are offered no "approve" and a forged approval is refused.
REVIEW_APPROVED
    fn(obj, user): called after `user` approved `obj` (and, at the final task, published it).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import AbstractGroupApprovalTask, TaskState

REVIEW_REFUSALS = "courses_review_refusals"
REVIEW_APPROVED = "courses_review_approved"


def review_refusals(obj) -> list[str]:
    reasons: list[str] = []
    for fn in hooks.get_hooks(REVIEW_REFUSALS):
        reasons.extend(fn(obj) or [])
    return reasons


def _submitted_by(obj):
    state = getattr(obj, "current_workflow_state", None)
    return state.requested_by_id if state else None


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """Group approval in which the person who submitted the page cannot approve it, even if
    they belong to the reviewing group."""

    def get_actions(self, obj, user):
        if user.pk is not None and user.pk == _submitted_by(obj):
            return []
        actions = super().get_actions(obj, user)
        if actions and review_refusals(obj):
            actions = [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if user.pk is not None and user.pk == task_state.workflow_state.requested_by_id:
            raise PermissionDenied(_("You cannot review your own submission."))
        obj = task_state.workflow_state.content_object
        if action_name == "approve" and (reasons := review_refusals(obj)):
            raise PermissionDenied(" ".join(reasons))
        result = super().on_action(task_state, user, action_name, **kwargs)
        task_state.refresh_from_db(fields=["status"])
        if action_name == "approve" and task_state.status == TaskState.STATUS_APPROVED:
            for fn in hooks.get_hooks(REVIEW_APPROVED):
                fn(obj, user)
        return result

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return (
            super()
            .get_task_states_user_can_moderate(user, **kwargs)
            .exclude(workflow_state__requested_by=user)
        )

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, except whoever submitted the page.")

    class Meta:
        verbose_name = _("clinical review task")
        verbose_name_plural = _("clinical review tasks")
