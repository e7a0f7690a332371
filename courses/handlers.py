"""Signal receivers: keep the cached course outlines fresh."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .selectors import structure_changed


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def _page_tree_changed(**kwargs):
    structure_changed()


@receiver(post_delete)
def _page_deleted(sender, **kwargs):
    if issubclass(sender, Page):
        structure_changed()
