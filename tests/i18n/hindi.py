"""Helpers for the language tests: a Hindi text for an interface string, and which language
each template was rendered in.

`hindi_text(msgid)` gives the catalogue's Hindi for `msgid` when the compiled catalogue has
it; while the catalogue is still being translated it puts a stand-in translation into the
Hindi catalogue for the test (and takes it out after), so a test can tell Hindi from English
either way.
"""

import re
from contextlib import contextmanager
from unittest import mock

from django.template.backends.django import Template
from django.utils import translation
from django.utils.translation import trans_real

LANG_ATTRIBUTE = re.compile(r"<html[^>]*\blang=\"([^\"]+)\"")


def html_lang(response) -> str:
    found = LANG_ATTRIBUTE.search(response.content.decode())
    assert found, "the page has no <html lang>"
    return found.group(1)


@contextmanager
def hindi_text(msgid: str):
    """The Hindi for `msgid` while the block runs (a stand-in if the catalogue lacks it)."""
    catalogue = trans_real.translation("hi")._catalog
    with translation.override("hi"):
        real = translation.gettext(msgid)
    if real != msgid:
        yield real
        return
    stand_in = f"[hi] {msgid}"
    catalogue[msgid] = stand_in
    try:
        yield stand_in
    finally:
        for each in catalogue._catalogs:
            if each.get(msgid) == stand_in:
                del each[msgid]


@contextmanager
def template_languages():
    """[(template name, language active while it rendered)] of every Django template
    rendered in the block (render_to_string, views, allauth's emails)."""
    seen = []
    original = Template.render

    def render(self, context=None, request=None):
        seen.append((self.origin.template_name, translation.get_language()))
        return original(self, context, request)

    with mock.patch.object(Template, "render", render):
        yield seen
