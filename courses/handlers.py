"""Signal receivers: a new content version whenever what learner pages cache could change.

Each receiver runs in the transaction of the change, so the new token commits (or rolls
back) with it: no cache delete is relied on (courses/page_cache.py explains the keys).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from content.models import CrisisLine

from .page_cache import content_version_bump

# A save that touches only these fields changes the draft, not what learners see: saving a
# draft revision, locking, commenting. Every other save of a page (publishing, unpublishing,
# a move's new url_path, a save without update_fields) changes the version.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "wagtail_admin_comments",
        "locked",
        "locked_by",
        "locked_at",
    }
)

_MEDIA_MODELS = (get_image_model(), get_document_model())


def _learner_content(sender) -> bool:
    """A model of another app whose rows learner pages cache by the content version (a
    module's quiz, a course's code of ethics) says so with `learner_content = True`; courses
    never imports those apps."""
    return getattr(sender, "learner_content", False) is True


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def _page_tree_changed(**kwargs):
    content_version_bump()


@receiver(post_save)
def _saved(sender, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if issubclass(sender, Page):
        if update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS:
            return
        content_version_bump()
    elif issubclass(sender, (PageViewRestriction, Site, *_MEDIA_MODELS)) or _learner_content(
        sender
    ):
        content_version_bump()


@receiver(post_delete)
def _deleted(sender, **kwargs):
    if issubclass(sender, (Page, PageViewRestriction, Site, *_MEDIA_MODELS)) or _learner_content(
        sender
    ):
        content_version_bump()


@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def _restriction_groups_changed(action, **kwargs):
    if action.startswith("post_"):
        content_version_bump()


@receiver([post_save, post_delete], sender=CrisisLine)
def _crisis_line_changed(**kwargs):
    """Every page shows the crisis lines, and lessons cache them rendered per version (raw
    saves too: a fixture load changes what is shown)."""
    content_version_bump()
