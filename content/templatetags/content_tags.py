"""Template tags for shared content: the crisis lines in the footer and in lessons."""

from urllib.parse import urlsplit

from django import template
from django.core.cache import cache

from content.models import CrisisLine

register = template.Library()

CRISIS_LINES_CACHE_KEY = "content:crisis-lines"


def crisis_lines() -> list[CrisisLine]:
    """Every crisis line, cached until an editor saves or deletes one (see signals)."""
    lines = cache.get(CRISIS_LINES_CACHE_KEY)
    if lines is None:
        lines = list(CrisisLine.objects.all())
        cache.set(CRISIS_LINES_CACHE_KEY, lines, 60 * 60)
    return lines


@register.inclusion_tag("includes/crisis_lines.html")
def crisis_lines_list(heading_id="crisis-heading", heading=None, intro=None, level="h2"):
    return {
        "lines": crisis_lines(),
        "heading_id": heading_id,
        "heading": heading,
        "intro": intro,
        "level": level,
    }


@register.filter
def url_host(url: str) -> str:
    """The host a link leads to, without "www.", e.g. "youtube.com": said beside a link out."""
    host = urlsplit(str(url or "")).hostname or ""
    return host.removeprefix("www.")
