"""The course page's outline as HTML, rendered once per course, content version and language
and cached, then given each trainee's ticks, locks and progress words in one pass.

At 600 lessons, rendering the outline's rows through Django's templates was most of the
course page's time, and it grew with the course (3.6× the time of a 6-lesson course). What
the rows show is the same for everyone but for a few words and attributes, so the template
(`courses/includes/course_outline.html`) leaves a marker in each of those places, and
`outline_html_fill` swaps every marker for this trainee's words with one regular-expression
pass. The result is byte for byte what the former per-request template rendered
(tests/courses/test_course_page_cache.py compares them).

The key holds the content version the database holds (as the outline's own key does), so a
cache delete lost during an edit never serves a stale outline.
"""

import re

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .selectors import OUTLINE_TIMEOUT, ModuleNode, course_outline_key

MARK = "\x00"  # never in a title: Django's forms refuse null characters
_MARKER = re.compile("\x00([mplcteo])(\\d+)\x00")


def outline_html_key(course_id: int, version: str) -> str:
    return f"{course_outline_key(course_id, version)}:html:{translation.get_language() or ''}"


def outline_html_template(key: str, html: str | None, modules: list[ModuleNode]) -> str:
    """The outline with markers: `html` as the cache held it under `key`, or rendered from
    the (untouched) module nodes and cached now."""
    if html is None:
        html = render_to_string(
            "courses/includes/course_outline.html", {"modules": modules, "M": MARK}
        ).rstrip("\n")
        cache.set(key, html, OUTLINE_TIMEOUT)
    return html


def outline_html_fill(html: str, modules: list[ModuleNode], *, show_ticks: bool) -> SafeString:
    """This trainee's outline: `modules` carry their progress and locks (apply_progress,
    apply_locks); each marker becomes what course_page.html's conditions rendered."""
    # {% translate %} escapes what it outputs; {% blocktranslate %} only its variables.
    tick = f'<span class="tick">✓ {conditional_escape(gettext("Completed"))}</span>'
    not_yet = (
        f'<span class="visually-hidden">{conditional_escape(gettext("Not completed yet"))}</span>'
    )
    module_done = f' · <span class="tick">✓ {conditional_escape(gettext("Module complete"))}</span>'
    locked_words = conditional_escape(gettext("Locked:"))
    by_module = {module.id: module for module in modules}
    lessons = {}
    for module in modules:
        for lesson in module.lessons:
            lessons[lesson.id] = (lesson, module)

    def module_part(kind: str, module: ModuleNode) -> str:
        if kind == "m":
            return " is-locked" if module.locked_reason else ""
        if kind == "l":
            if not module.locked_reason:
                return ""
            reason = conditional_escape(module.locked_reason)
            return f'<p class="locked"><strong>{locked_words}</strong> {reason}</p>'
        if not show_ticks:  # "p"
            return ""
        words = gettext("%(done)s of %(total)s lessons complete") % {
            "done": conditional_escape(localize(module.completed_count)),
            "total": conditional_escape(localize(len(module.lessons))),
        }
        return words + (module_done if module.complete else "")

    def lesson_part(kind: str, lesson, module: ModuleNode) -> str:
        if kind == "c":
            return ' class="is-complete"' if lesson.complete else ""
        if kind == "t":
            if not show_ticks:
                return ""
            return tick if lesson.complete else not_yet
        if kind == "o":
            if module.locked_reason:
                return "<span>"
            return f'<a href="{conditional_escape(lesson.url)}">'
        return "</span>" if module.locked_reason else "</a>"  # "e"

    def fill(match) -> str:
        kind, pk = match.group(1), int(match.group(2))
        if kind in "mlp":
            return module_part(kind, by_module[pk])
        lesson, module = lessons[pk]
        return lesson_part(kind, lesson, module)

    return mark_safe(_MARKER.sub(fill, html))  # noqa: S308 - rendered and escaped above
