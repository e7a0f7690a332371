"""What a lesson costs on the wire (issue 15): a trainee's first visit to a lesson (the HTML and
every stylesheet and script the page links, compressed as transferred) stays within 15 KB, and
a later lesson (HTML only: the browser has the CSS and JS) within 6 KB.

The lesson is demo-sized: ~1,500 words of the demo curriculum's own text and blocks, a scenario
and a reflection among them, for an enrolled trainee. Sizes are gzip as the app sends them
(GZipMiddleware, WhiteNoise for static files); production's precompressed static files
(gzip -9 and brotli) are smaller still. The favicon is an image and not counted.
"""

import re
from itertools import cycle

import pytest
from django.utils.html import strip_tags

from content.curriculum import COURSE
from courses.demo import lesson_body_raw
from tests.factories import EnrolmentFactory, course_tree_build

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
BODY_WORDS = 1500
FIRST_VISIT_BYTES = 15 * 1024
LATER_LESSON_BYTES = 6 * 1024


def _words(value) -> int:
    if isinstance(value, str):
        return len(strip_tags(value).split())
    if isinstance(value, dict):
        return sum(_words(v) for v in value.values())
    if isinstance(value, list | tuple):
        return sum(_words(v) for v in value)
    return 0


def _demo_sized_bodies(count: int) -> list[list[dict]]:
    """Bodies of about BODY_WORDS words stitched from the demo lessons' blocks in turn, each
    with a scenario and a reflection."""
    lessons = [lesson for module in COURSE["modules"] for lesson in module["lessons"]]
    blocks = cycle(block for lesson in lessons for block in lesson["body"])
    bodies = []
    for _ in range(count):
        body, words, kinds = [], 0, set()
        while words < BODY_WORDS or not {"scenario", "reflection"} <= kinds:
            block_type, value = next(blocks)
            body.append((block_type, value))
            words += _words(value)
            kinds.add(block_type)
        bodies.append(lesson_body_raw(body))
    return bodies


def _linked_assets(html: str) -> list[str]:
    """The stylesheets and scripts a page makes the browser fetch."""
    sheets = re.findall(r'<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"', html)
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    return sheets + scripts


@pytest.fixture
def lessons(client, trainee):
    tree = course_tree_build(modules=1, lessons=2, bodies=_demo_sized_bodies(2))
    EnrolmentFactory(user=trainee, course=tree.course)
    client.force_login(trainee)
    return tree.lessons


def test_a_demo_sized_lesson_is_really_demo_sized(client, lessons):
    page = client.get(lessons[0].url)
    assert page.status_code == 200
    # A few stored words are not shown as text (block kinds, choice values).
    assert _words([block["value"] for block in lessons[0].body.raw_data]) >= BODY_WORDS
    assert len(strip_tags(page.content.decode()).split()) >= 0.9 * BODY_WORDS


def test_first_visit_to_a_lesson_is_at_most_15_kb_on_the_wire(client, lessons):
    page = client.get(lessons[0].url, **GZIP)
    assert page["Content-Encoding"] == "gzip"
    sizes = {"html": len(page.content)}
    html = client.get(lessons[0].url).content.decode()
    assets = _linked_assets(html)
    assert any(url.endswith(".css") for url in assets)
    assert any(url.endswith(".js") for url in assets)
    for url in assets:
        response = client.get(url, **GZIP)
        assert response.status_code == 200, url
        assert response["Content-Encoding"] == "gzip", url
        sizes[url] = len(b"".join(response.streaming_content))
    assert sum(sizes.values()) <= FIRST_VISIT_BYTES, sizes


def test_a_later_lesson_is_at_most_6_kb_on_the_wire(client, lessons):
    client.get(lessons[0].url, **GZIP)
    page = client.get(lessons[1].url, **GZIP)
    assert page["Content-Encoding"] == "gzip"
    assert len(page.content) <= LATER_LESSON_BYTES, len(page.content)
