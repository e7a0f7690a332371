"""Reading our Hindi catalogue, and finding English interface text in a rendered page.

`english_leftovers(html)` is what the translation tests ask of every page: the visible text
(text nodes and the attributes people read or hear: aria-label, placeholder, title, alt, a
button's value) that is exactly one of our English interface strings, although the catalogue
has a different Hindi text for it. Text inside an element marked `lang="en"` is English on
purpose (an original shown because no reviewed translation exists) and is skipped; so are the
terms `locale/keep_in_english.txt` lists. Content an editor wrote is not in the catalogue, so
it never matches.
"""

import ast
import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "hi" / "LC_MESSAGES" / "django.po"
KEEP_IN_ENGLISH = Path(settings.BASE_DIR) / "locale" / "keep_in_english.txt"


@dataclass
class Entry:
    msgid: str
    msgid_plural: str
    msgstrs: list
    flags: set
    obsolete: bool

    @property
    def translated(self) -> bool:
        return bool(self.msgstrs) and all(self.msgstrs)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


def _string(line: str) -> str:
    return ast.literal_eval(line)


def entries(path: Path = CATALOGUE) -> list[Entry]:
    """Every entry of a .po file except its header."""
    found = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.strip().splitlines() if line]
        if not lines:
            continue
        obsolete = all(line.startswith("#~") for line in lines if not line.startswith("#,"))
        if obsolete:
            lines = [line.removeprefix("#~").strip() for line in lines]
        flags, fields, current = set(), {}, None
        for line in lines:
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[current] += _string(line)
            else:
                key, _, rest = line.partition(" ")
                current = key
                fields[current] = _string(rest)
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        msgstrs = [value for key, value in sorted(fields.items()) if key.startswith("msgstr")]
        found.append(
            Entry(
                msgid=fields["msgid"],
                msgid_plural=fields.get("msgid_plural", ""),
                msgstrs=msgstrs,
                flags=flags,
                obsolete=obsolete,
            )
        )
    return found


@cache
def kept_in_english() -> frozenset:
    """Terms we keep in English on purpose, one per line (# starts a comment)."""
    terms = set()
    for line in KEEP_IN_ENGLISH.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            terms.add(_normal(line))
    return frozenset(terms)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\{?\s*[\w.]*\s*\}?\}")
_TAG = re.compile(r"<[^>]+>")
_LETTERS = re.compile(r"[A-Za-z]{2,}")


def _pieces(msgid: str) -> list[str]:
    """The parts of a msgid a reader sees as one text: split at HTML tags."""
    return [
        _normal(piece)
        for piece in _TAG.split(msgid)
        if _LETTERS.search(_PLACEHOLDER.sub("", piece))  # a lone %(email)s would match anything
    ]


def _too_generic(piece: str) -> bool:
    """A string that is mostly placeholders ("%(done)s of %(total)s", "%(a)s, %(b)s: %(c)s")
    would match any text with " of " in it: fewer than four letters of its own and it cannot
    be told from content on a page, so it is not looked for (the catalogue test still
    requires its translation)."""
    parts = _PLACEHOLDER.split(piece)
    if len(parts) == 1:  # no placeholder: matched whole, however short ("No", "Day")
        return False
    return sum(character.isalpha() for part in parts for character in part) < 4


def _pattern(piece: str) -> str:
    parts = _PLACEHOLDER.split(piece)
    return ".+?".join(re.escape(part) for part in parts)


@cache
def english_patterns() -> re.Pattern | None:
    """One regular expression matching any English interface text that has a Hindi text."""
    alternatives = set()
    for entry in entries():
        if entry.obsolete or not entry.translated:
            continue
        for english, hindi in ((entry.msgid, entry.msgstrs[0]), (entry.msgid_plural, None)):
            if not english or (hindi is not None and _normal(hindi) == _normal(english)):
                continue
            for piece in _pieces(english):
                if piece in kept_in_english() or _too_generic(piece):
                    continue
                alternatives.add(_pattern(piece))
    if not alternatives:
        return None
    # Longest first, so a longer string wins over its own prefix.
    ordered = sorted(alternatives, key=len, reverse=True)
    return re.compile("(?:" + "|".join(ordered) + ")")


_HIDDEN = {"script", "style", "template", "noscript", "svg"}
_READ_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.texts: list[str] = []
        self.html_lang = ""

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang", "")
        lang = attrs.get("lang")
        skipped = (
            self._skipping()
            or tag in _HIDDEN
            or (lang is not None and not lang.startswith("hi") and tag != "html")
            or "hidden" in attrs
        )
        if not skipped:
            for name in _READ_ATTRIBUTES:
                if attrs.get(name):
                    self.texts.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.texts.append(attrs["value"])
        if tag not in _VOID:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.texts.append(data)


def visible_texts(html: str) -> tuple[str, list[str]]:
    """(the <html lang>, the texts a reader sees or hears) of a page."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser.html_lang, [_normal(text) for text in parser.texts if _normal(text)]


def english_leftovers(html: str) -> list[str]:
    """The visible texts of `html` that are English interface strings with a Hindi text."""
    pattern = english_patterns()
    if pattern is None:
        return []
    _, texts = visible_texts(html)
    return sorted(
        {text for text in texts if text not in kept_in_english() and pattern.fullmatch(text)}
    )
