"""Reads of shared content other apps may use: where the rendered crisis lines are cached."""

import hashlib

from django.utils import translation

# A page's context sets this to {"version": the content version the database holds,
# "found": what the page already read from the cache in its own round trip}: the crisis-lines
# tag (content/templatetags/content_tags.py) then caches its HTML under that version.
CRISIS_LINES_CONTEXT = "crisis_lines_cache"


def crisis_lines_html_key(
    version: str, heading_id="crisis-heading", heading=None, intro=None, level="h2"
) -> str:
    """The rendered list's key: the content version (a new one whenever a crisis line is
    saved or deleted, in that transaction: courses/handlers.py), the language and the
    tag's arguments."""
    raw = "\x1f".join(str(part) for part in (heading_id, heading or "", intro or "", level))
    digest = hashlib.blake2b(raw.encode(), digest_size=12).hexdigest()
    return f"content:crisis-lines-html:{version}:{translation.get_language() or ''}:{digest}"
