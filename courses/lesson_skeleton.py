"""The enrolled trainee's lesson page as one cached skeleton with slots.

Rendering the lesson page's templates (base.html's header and footer, breadcrumbs, the
content note, the pager and some hundred translated strings) was most of a warm request
once the queries were down to five. For an enrolled trainee who can read the lesson, that
whole page is the same for everyone with the same header links and completion tick, except
for three things: the CSRF token, the scenario and reflection blocks the trainee has answered,
and messages. So the page is rendered once by its own template with a marker in place of each
of those, cut at the markers and cached, with each such block also rendered as everyone sees
it before answering (an empty form); each request fills the slots (a fresh masked CSRF
token, the empty form or, for a block this trainee answered, the block rendered now with
their answer) and joins the pieces.

The key is built from what the database holds and what the page shows: the lesson and the
path it was served at, the content version (a new one in the transaction of every publish,
unpublish, move, delete, crisis-line or media change: courses/handlers.py), a hash of the
lesson's own fields, the active language and the page's locale, the header's two permission
flags and unread notices count, whether the trainee completed the lesson, and a fingerprint
of this deployment's templates, translations and static file names (a deploy must not serve
an old page's markup or asset names). Anything else a request could change in the page's
templates must become a slot or part of the key.

Never in the skeleton: the trainee's responses, the CSRF token, messages, their name. The
skeleton is used only for a GET served from a cached route to an enrolled trainee who may
read the lesson, with no messages waiting, no responses to blocks that are gone and no
refused text to show again; every other case renders the templates as before.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache as once
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.templatetags.static import static
from django.utils import translation
from django.utils.safestring import mark_safe

from .page_cache import BodyPart

SKELETON_TIMEOUT = 60 * 60 * 24
# NUL never occurs in page text (lms.text refuses it; PostgreSQL cannot store it), so a
# marker cannot be forged by content; each must appear exactly where expected (checked).
_CSRF_SLOT = "\x00lesson-skeleton-csrf\x00"
_BLOCK_SLOT = "\x00lesson-skeleton-block-{}\x00"
_SLOT = re.compile("\x00(lesson-skeleton-[a-z0-9-]+)\x00")
# Assets the lesson page links to: their (hashed, in production) names go in the fingerprint.
_ASSETS = ("css/site.css", "js/lesson.js", "img/favicon.svg")


@once
def _deployment_fingerprint() -> str:
    """Templates, compiled translations, static names, versions and the code that makes and
    reads the entries, as this process has them."""
    digest = hashlib.blake2b(digest_size=12)
    versions = (django.__version__, wagtail.__version__)
    for part in (*versions, settings.LMS_SITE_NAME, settings.WAGTAILADMIN_BASE_URL):
        digest.update(str(part).encode() + b"\x1f")
    for asset in _ASSETS:
        digest.update(static(asset).encode() + b"\x1f")
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]]
    # This module and the outline's nodes (a module node is cached in the entry) too.
    here = Path(__file__).parent
    files = [here / "lesson_skeleton.py", here / "selectors.py"]
    files += [path for folder in folders for path in sorted(folder.rglob("*.html"))]
    for folder in settings.LOCALE_PATHS:
        files += sorted(Path(folder).rglob("*.mo"))
    for path in files:
        digest.update(str(path).encode() + b"\x1f" + path.read_bytes() + b"\x1e")
    return digest.hexdigest()


@dataclass(frozen=True)
class SkeletonEntry:
    """What is cached: the page cut at its slots, and the lesson's module in the outline
    (for the module locks, without reading the outline)."""

    pieces: tuple  # str, or ("csrf",) or ("block", index in the lesson body)
    module: object


@dataclass
class SkeletonPlan:
    """One request's key, and the entry found under it (None on a miss)."""

    key: str
    entry: SkeletonEntry | None = None
    # The page context was built in full (a miss, or a hit the fast path could not use).
    full: bool = False


def lesson_skeleton_key(
    lesson, *, version: str, header: dict, complete: bool, notices: int = 0
) -> str:
    fields = json.dumps(
        [
            lesson.title,
            lesson.seo_title,
            lesson.estimated_minutes,
            lesson.content_note,
            lesson.url_path,
            lesson.live_revision_id,
            getattr(lesson, "original_language", ""),  # shown in English, marked (issue 16)
            getattr(lesson, "_served_path", ""),  # base.html's current_place reads the path
            list(lesson.body.raw_data),
        ],
        sort_keys=True,
        default=str,
    )
    digest = hashlib.blake2b(fields.encode(), digest_size=16).hexdigest()
    flags = "".join(
        "1" if flag else "0"
        for flag in (header.get("can_edit_content"), header.get("can_supervise"), complete)
    )
    language = translation.get_language() or ""
    return (
        f"courses:skeleton:{lesson.pk}:{version}:{digest}:{language}:{lesson.locale_id}:"
        f"{flags}:{int(notices or 0)}:{_deployment_fingerprint()}"
    )


def lesson_skeleton_plan(
    lesson, *, version: str, header: dict, complete: bool, notices: int = 0
) -> SkeletonPlan | None:
    """The plan for this request, with what the cache holds (one round trip). None under
    DEBUG (`make run`): a template being edited shows at once. `notices` is the header's
    unread count (lms.notices), part of the key like the header's links."""
    if settings.DEBUG:
        return None
    key = lesson_skeleton_key(
        lesson, version=version, header=header, complete=complete, notices=notices
    )
    return SkeletonPlan(key=key, entry=cache.get(key))


def orphans_present(lesson, responses: dict) -> bool:
    if not responses:
        return False
    block_ids = {item.get("id") for item in lesson.body.raw_data}
    return any(block_id not in block_ids for block_id in responses)


class SkeletonTemplate:
    """Stands in for the lesson page's template in its TemplateResponse (page_serve): fills
    the cached skeleton, or renders and caches it; the template as usual when it must."""

    def __init__(self, template_name):
        self.template_name = template_name

    def _template(self):
        name = self.template_name
        if isinstance(name, (list, tuple)):
            from django.template.loader import select_template

            return select_template(name)
        return get_template(name)

    def render(self, context=None, request=None):
        plan: SkeletonPlan = context["lesson_skeleton"]
        if len(get_messages(request)):
            # Messages are shown once, by the templates: the whole page as usual.
            return self._template().render(_full_context(context, request, plan), request)
        entry = plan.entry
        if entry is None:
            entry = _skeleton_render(self._template(), context, request)
            if entry is None:
                return self._template().render(context, request)
            cache.set(plan.key, entry, SKELETON_TIMEOUT)
        return _skeleton_fill(entry, context, request)


def _full_context(context: dict, request, plan: SkeletonPlan) -> dict:
    if plan.full:
        return context
    from .page_context import lesson_page_context

    lesson = context["page"]
    return {**context, **lesson_page_context(lesson=lesson, user=request.user, skeleton=False)}


def _skeleton_render(template, context: dict, request) -> SkeletonEntry | None:
    """Render the page with markers in the slots and cut it there; None if the markers did
    not come out exactly as placed (then nothing is cached). Each of the trainee's blocks is
    also rendered as it shows before anyone answers it (the same for everyone but the CSRF
    token), so only the blocks this trainee answered are rendered per request."""
    parts = []
    blocks = []
    unanswered = {**context, "responses": {}, "response_errors": {}, "csrf_token": _CSRF_SLOT}
    for part in context["body_parts"] or ():
        if part.block is None:
            parts.append(part)
            continue
        marker = mark_safe(_BLOCK_SLOT.format(len(blocks)))  # noqa: S308 (a constant)
        parts.append(BodyPart(html=marker))
        block = part.block
        blank = _cut(str(block.render(context={**unanswered, "block_id": block.id})), {})
        if blank is None:
            return None
        blocks.append(("block", part.index, block.id, blank))
    marked = {**context, "body_parts": parts, "csrf_token": _CSRF_SLOT, "messages": ()}
    slots = {_BLOCK_SLOT.format(number): block for number, block in enumerate(blocks)}
    pieces = _cut(template.render(marked, request), slots)
    if pieces is None or sum(1 for piece in pieces if piece[0:1] == ("block",)) != len(blocks):
        return None
    return SkeletonEntry(pieces=pieces, module=context.get("module_node"))


def _cut(html: str, slots: dict) -> tuple | None:
    """`html` as pieces: text, ("csrf",) for the CSRF token, a block's slot for each of
    `slots`' markers; None if a NUL is not in a known marker or a block slot repeats."""
    slots = {_CSRF_SLOT: ("csrf",), **slots}
    cut = _SLOT.split(html)
    if html.count("\x00") != len(cut) - 1:  # every NUL is in a marker
        return None
    pieces = []
    seen = set()
    for position, chunk in enumerate(cut):
        if position % 2:
            slot = slots.get(f"\x00{chunk}\x00")
            if slot is None or (slot[0] == "block" and chunk in seen):
                return None
            seen.add(chunk)
            pieces.append(slot)
        elif chunk:
            pieces.append(chunk)
    return tuple(pieces)


def _skeleton_fill(entry: SkeletonEntry, context: dict, request) -> str:
    lesson = context["page"]
    responses = context.get("responses") or {}
    token = None
    out = []
    for piece in entry.pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        if token is None:
            token = get_token(request)
        if piece[0] == "csrf":
            out.append(token)
            continue
        _kind, index, block_id, blank = piece
        if block_id not in responses:
            out.extend(token if part == ("csrf",) else part for part in blank)
            continue
        block = lesson.body[index]
        block_context = {**context, "csrf_token": token, "block_id": block.id}
        out.append(str(block.render(context=block_context)))
    return mark_safe("".join(out))  # noqa: S308 (our templates' output, escaped there)
