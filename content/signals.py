"""Cache invalidation for shared content."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CrisisLine
from .templatetags.content_tags import CRISIS_LINES_CACHE_KEY


@receiver([post_save, post_delete], sender=CrisisLine)
def crisis_lines_changed(**kwargs):
    cache.delete(CRISIS_LINES_CACHE_KEY)
