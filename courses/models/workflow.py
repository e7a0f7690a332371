"""The "Clinical review" workflow step: a clinical reviewer approves content before trainees
see it, and nobody approves their own submission."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask


def _submitted_by(obj):
    state = getattr(obj, "current_workflow_state", None)
    return state.requested_by_id if state else None


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """Group approval in which the person who submitted the page cannot approve it, even if
    they belong to the reviewing group."""

    def get_actions(self, obj, user):
        if user.pk is not None and user.pk == _submitted_by(obj):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        if user.pk is not None and user.pk == task_state.workflow_state.requested_by_id:
            raise PermissionDenied(_("You cannot review your own submission."))
        return super().on_action(task_state, user, action_name, **kwargs)

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
