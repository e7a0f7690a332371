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
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .selectors import (
    OUTLINE_TIMEOUT,
    ModuleNode,
    ModuleSummary,
    course_outline,
    course_outline_key,
)

MARK = "\x00"  # never in a title: Django's forms refuse null characters
_MARKER = re.compile("\x00([mplcteo])(\\d+)\x00")


def outline_html_key(course_id: int, version: str) -> str:
    return f"{course_outline_key(course_id, version)}:html:{translation.get_language() or ''}"


def outline_html_template(key: str, html: str | None, modules: list[ModuleNode]) -> str:
    """The outline with markers: `html` as the cache held it under `key`, or rendered from
    the (untouched) module nodes and cached now."""
    if html is None:
        html = _render(modules)
        cache.set(key, html, OUTLINE_TIMEOUT)
    return html


def _render(modules: list[ModuleNode]) -> str:
    return render_to_string(
        "courses/includes/course_outline.html", {"modules": modules, "M": MARK}
    ).rstrip("\n")


@dataclass(frozen=True)
class _Words:
    """The outline's per-request words, in the active language."""

    tick: str
    not_yet: str
    module_done: str
    locked: str
    progress: str

    @classmethod
    def now(cls) -> "_Words":
        # {% translate %} escapes what it outputs; {% blocktranslate %} only its variables.
        return cls(
            tick=f'<span class="tick">✓ {conditional_escape(gettext("Completed"))}</span>',
            not_yet='<span class="visually-hidden">'
            f"{conditional_escape(gettext('Not completed yet'))}</span>",
            module_done=' · <span class="tick">✓ '
            f"{conditional_escape(gettext('Module complete'))}</span>",
            locked=conditional_escape(gettext("Locked:")),
            progress=gettext("%(done)s of %(total)s lessons complete"),
        )


def _module_part(kind: str, module, lesson_count: int, words: _Words, show_ticks: bool) -> str:
    """A module marker: "m" its locked class, "l" its locked reason, "p" its progress."""
    if kind == "m":
        return " is-locked" if module.locked_reason else ""
    if kind == "l":
        if not module.locked_reason:
            return ""
        reason = conditional_escape(module.locked_reason)
        return f'<p class="locked"><strong>{words.locked}</strong> {reason}</p>'
    if not show_ticks:  # "p"
        return ""
    text = words.progress % {
        "done": conditional_escape(localize(module.completed_count)),
        "total": conditional_escape(localize(lesson_count)),
    }
    return text + (words.module_done if module.complete else "")


def _link_open(url: str) -> str:
    return f'<a href="{conditional_escape(url)}">'


def outline_html_fill(html: str, modules: list[ModuleNode], *, show_ticks: bool) -> SafeString:
    """This trainee's outline: `modules` carry their progress and locks (apply_progress,
    apply_locks); each marker becomes what course_page.html's conditions rendered."""
    words = _Words.now()
    by_module = {module.id: module for module in modules}
    lessons = {}
    for module in modules:
        for lesson in module.lessons:
            lessons[lesson.id] = (lesson, module)

    def lesson_part(kind: str, lesson, module: ModuleNode) -> str:
        if kind == "c":
            return ' class="is-complete"' if lesson.complete else ""
        if kind == "t":
            if not show_ticks:
                return ""
            return words.tick if lesson.complete else words.not_yet
        if kind == "o":
            if module.locked_reason:
                return "<span>"
            return _link_open(lesson.url)
        return "</span>" if module.locked_reason else "</a>"  # "e"

    def fill(match) -> str:
        kind, pk = match.group(1), int(match.group(2))
        if kind in "mlp":
            module = by_module[pk]
            return _module_part(kind, module, len(module.lessons), words, show_ticks)
        lesson, module = lessons[pk]
        return lesson_part(kind, lesson, module)

    return mark_safe(_MARKER.sub(fill, html))  # noqa: S308 - rendered and escaped above


# --- The course page: compiled once, assembled per request -----------------------------------
# Filling markers one by one still cost a Python call per marker (four per lesson): at 600
# lessons, most of the page's time. The outline is compiled once per course, version and
# language into a program whose lesson steps hold their link already rendered; a request
# appends three strings per lesson (its completed class, the rest of its row, its tick),
# picked by whether the lesson's id is among the trainee's completed ones.


@dataclass(frozen=True)
class CoursePageOutline:
    """What the course page caches per course, content version and language: the course's
    URL, each live module as (id, title, URL, its live lessons' ids), and the outline's
    HTML as a program (`_compile`)."""

    url: str
    modules: tuple[tuple[int, str, str, tuple[int, ...]], ...]
    program: tuple[tuple, ...]

    def summaries(self, done: set[int]) -> list[ModuleSummary]:
        """The modules with how many lessons of each are in `done`, unlocked."""
        return [
            ModuleSummary(
                id=module_id,
                title=title,
                url=url,
                lesson_ids=lesson_ids,
                completed_count=len(done.intersection(lesson_ids)) if done else 0,
            )
            for module_id, title, url, lesson_ids in self.modules
        ]


def course_page_outline_key(course_id: int, version: str) -> str:
    return f"{course_outline_key(course_id, version)}:page:{translation.get_language() or ''}"


def course_page_outline(course, version: str) -> CoursePageOutline:
    """The course page's outline from the cache (one round trip), or built and cached."""
    key = course_page_outline_key(course.pk, version)
    outline = cache.get(key)
    if outline is None:
        outline_key = course_outline_key(course.pk, version)
        url, modules = course_outline(course, outline_key, cache.get(outline_key))
        html = _render(modules)
        outline = CoursePageOutline(
            url=url,
            modules=tuple(
                (module.id, module.title, module.url, tuple(module.lesson_ids))
                for module in modules
            ),
            program=_compile(html, modules),
        )
        cache.set(key, outline, OUTLINE_TIMEOUT)
    return outline


def _compile(html: str, modules: list[ModuleNode]) -> tuple[tuple, ...]:
    """The marked-up outline as steps: ("s", text); ("m" | "p" | "l", module id); and for each
    lesson row, whose markers come as c, o, e, t, ("L", lesson id, module id, the row from
    after its class to before its tick with the link, and the same row's three pieces
    around the link for a locked module). A lesson marker out of that order (an edited
    template) becomes a step of its own, ("x", kind, lesson id, module id, URL), filled as
    outline_html_fill fills it."""
    lessons = {
        lesson.id: (lesson.url, module.id) for module in modules for lesson in module.lessons
    }
    tokens = html.split(MARK)  # even: text; odd: a marker's kind and id
    steps: list[tuple] = []

    def text(value: str) -> None:
        if steps and steps[-1][0] == "s":
            steps[-1] = ("s", steps[-1][1] + value)
        elif value:
            steps.append(("s", value))

    text(tokens[0])
    index = 1
    while index < len(tokens):
        kind, pk = tokens[index][0], int(tokens[index][1:])
        if kind in "mpl":
            steps.append((kind, pk))
            text(tokens[index + 1])
            index += 2
            continue
        url, module_id = lessons[pk]
        # A lesson row: c, text, o, title, e, text, t (the template's order).
        codes = [tokens[index + offset] for offset in (0, 2, 4, 6) if index + offset < len(tokens)]
        if kind != "c" or codes != [f"{k}{pk}" for k in "coet"]:
            steps.append(("x", kind, pk, module_id, url))
            text(tokens[index + 1])
            index += 2
            continue
        before, title, after = tokens[index + 1], tokens[index + 3], tokens[index + 5]
        row = before + _link_open(url) + title + "</a>" + after
        steps.append(("L", pk, module_id, row, before, title, after))
        text(tokens[index + 7])
        index += 8
    return tuple(steps)


def _lesson_marker(step: tuple, module, complete: bool, words: _Words, show_ticks: bool) -> str:
    """One lesson marker of an ("x", kind, lesson id, module id, URL) step."""
    kind, url = step[1], step[4]
    if kind == "c":
        return ' class="is-complete"' if complete else ""
    if kind == "t":
        return (words.tick if complete else words.not_yet) if show_ticks else ""
    if kind == "o":
        return "<span>" if module.locked_reason else _link_open(url)
    return "</span>" if module.locked_reason else "</a>"  # "e"


def course_page_outline_fill(
    outline: CoursePageOutline, modules: list[ModuleSummary], done: set[int], *, show_ticks: bool
) -> SafeString:
    """This trainee's outline: `modules` are `outline.summaries(done)` with their locks
    applied (apply_locks). Byte for byte what outline_html_fill makes of the same state."""
    words = _Words.now()
    by_module = {module.id: module for module in modules}
    complete_class = ("", ' class="is-complete"')
    ticks = (words.not_yet, words.tick) if show_ticks else ("", "")
    out: list[str] = []
    append = out.append
    for step in outline.program:
        kind = step[0]
        if kind == "L":
            complete = step[1] in done
            append(complete_class[complete])
            if by_module[step[2]].locked_reason:
                append(f"{step[4]}<span>{step[5]}</span>{step[6]}")
            else:
                append(step[3])
            append(ticks[complete])
        elif kind == "s":
            append(step[1])
        elif kind == "x":
            append(_lesson_marker(step, by_module[step[3]], step[2] in done, words, show_ticks))
        else:
            module = by_module[step[1]]
            append(_module_part(kind, module, len(module.lesson_ids), words, show_ticks))
    return mark_safe("".join(out))  # noqa: S308 - rendered and escaped above
