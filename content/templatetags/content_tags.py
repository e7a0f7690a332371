"""Template tags for shared content: the crisis lines in the footer and in lessons."""

from urllib.parse import urlsplit

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from content.models import CrisisLine
from content.selectors import CRISIS_LINES_CONTEXT, crisis_lines_html_key

register = template.Library()

CRISIS_LINES_CACHE_KEY = "content:crisis-lines"
CRISIS_LINES_HTML_TIMEOUT = 60 * 60 * 24


def crisis_lines() -> list[CrisisLine]:
    """Every crisis line, cached until an editor saves or deletes one (see signals)."""
    lines = cache.get(CRISIS_LINES_CACHE_KEY)
    if lines is None:
        lines = list(CrisisLine.objects.all())
        cache.set(CRISIS_LINES_CACHE_KEY, lines, 60 * 60)
    return lines


def _crisis_lines_render(lines, heading_id, heading, intro, level) -> str:
    return render_to_string(
        "includes/crisis_lines.html",
        {
            "lines": lines,
            "heading_id": heading_id,
            "heading": heading,
            "intro": intro,
            "level": level,
        },
    )


@register.simple_tag(takes_context=True)
def crisis_lines_list(context, heading_id="crisis-heading", heading=None, intro=None, level="h2"):
    """The crisis lines. Under a page that knows the content version, the HTML is cached
    per version and language, and on a miss the lines are read from the database, not from
    the list cached above (whose invalidation is a delete that a cache outage can lose)."""
    versioned = context.get(CRISIS_LINES_CONTEXT)
    if not versioned:
        return _crisis_lines_render(crisis_lines(), heading_id, heading, intro, level)
    key = crisis_lines_html_key(versioned["version"], heading_id, heading, intro, level)
    found = versioned.get("found") or {}
    html = found[key] if key in found else cache.get(key)
    if html is None:
        lines = list(CrisisLine.objects.all())
        html = _crisis_lines_render(lines, heading_id, heading, intro, level)
        cache.set(key, html, CRISIS_LINES_HTML_TIMEOUT)
    return mark_safe(html)  # noqa: S308 (rendered by our own template, its values escaped)


@register.filter
def url_host(url: str) -> str:
    """The host a link leads to, without "www.", e.g. "youtube.com": said beside a link out."""
    host = urlsplit(str(url or "")).hostname or ""
    return host.removeprefix("www.")


@register.simple_tag(takes_context=True)
def ui_lang(context):
    """` lang="hi"` for interface text inside content shown in its original language (a
    lesson with no reviewed translation into the reader's language is marked `lang="en"`):
    our labels and buttons there are in the reader's language, so screen readers switch
    back for them (WCAG 3.1.2). Nothing for content in the reader's own language."""
    page = context.get("page")
    if page is None or not getattr(page, "original_language", ""):
        return ""
    return format_html(' lang="{}"', translation.get_language())
