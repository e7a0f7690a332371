"""Question text as HTML: plain text escaped, HTML sanitised, Markdown rendered then sanitised.

Questions keep their text as written with a `text_format`; this module is the one place that
turns it into HTML for a page, so a trainee's browser never receives markup that was not
sanitised here. Sanitising runs again at display time, not only on import, so a rule added
later also covers questions already stored.
"""

import markdown as markdown_lib
import nh3
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

# Formatting a question may use; no scripts, styles, forms, frames or images from elsewhere.
ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "span", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": {"colspan", "rowspan"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise_html(html: str) -> str:
    """Keep only harmless formatting; links get rel="noopener noreferrer"."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def markdown_to_html(text: str) -> str:
    """Render Markdown and sanitise the result (Markdown may carry raw HTML)."""
    return sanitise_html(markdown_lib.markdown(text, output_format="html"))


def question_html(text: str, text_format: str = "plain") -> SafeString:
    """The HTML to show for a question's text in `text_format` ("plain" or "html")."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty
    if text_format == "html":
        return mark_safe(sanitise_html(text))  # noqa: S308 - sanitised just above
    return mark_safe(linebreaks(escape(text)))  # noqa: S308 - escaped just above


def question_inline_html(text: str, text_format: str = "plain") -> SafeString:
    """Like `question_html` but without paragraph tags, for option labels."""
    if text_format == "html":
        return mark_safe(sanitise_html(text))  # noqa: S308 - sanitised just above
    return escape(text)
