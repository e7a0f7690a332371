"""Every lesson block renders through its own template, with semantic, escaped HTML."""

import pytest
from django.core.cache import cache
from django.template import Context, Template
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from content.models import CrisisLine
from content.templatetags.content_tags import CRISIS_LINES_CACHE_KEY
from courses.blocks import LessonStreamBlock

pytestmark = pytest.mark.django_db

BLOCKS = LessonStreamBlock().child_blocks
VIDEO_URL = "https://www.youtube.com/watch?v=abc123"


def render(name: str, raw, **context) -> str:
    block = BLOCKS[name]
    return block.render(block.to_python(raw), context=context or None)


def test_every_block_has_its_own_template():
    names = {name: block.meta.template for name, block in BLOCKS.items()}
    assert names == {name: f"blocks/{name}.html" for name in names}


@pytest.mark.parametrize("level", ["h2", "h3"])
def test_heading_uses_its_level(level):
    html = render("heading", {"text": "Boundaries & you", "level": level})
    assert f"<{level} " in html and "Boundaries &amp; you" in html


def test_paragraph_renders_its_rich_text():
    assert "<p>Hello <b>there</b></p>" in render("paragraph", "<p>Hello <b>there</b></p>")


@pytest.mark.parametrize(
    "kind,label",
    [
        ("key_idea", "Key idea"),
        ("boundary_tip", "Boundary tip"),
        ("limits", "Limits of peer help"),
        ("self_care", "Self-care"),
    ],
)
def test_callout_names_its_kind_in_words(kind, label):
    html = render("callout", {"kind": kind, "title": "Rest", "body": "<p>Sleep.</p>"})
    assert f'<p class="callout__kind">{label}</p>' in html
    assert "<aside" in html and "<p>Sleep.</p>" in html


def test_takeaways_and_further_reading_are_lists():
    html = render("takeaways", {"title": "Key takeaways", "items": ["One <thing>", "Two"]})
    assert "<h2>Key takeaways</h2>" in html and "<li>One &lt;thing&gt;</li>" in html
    html = render(
        "further_reading",
        {"items": [{"title": "Tele-MANAS", "url": "https://telemanas.mohfw.gov.in/"}]},
    )
    assert '<a href="https://telemanas.mohfw.gov.in/">Tele-MANAS</a>' in html


# Wagtail's rendition code leaves a SpooledTemporaryFile for the garbage collector.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_image_uses_its_alt_text():
    image = Image.objects.create(title="Circle", file=get_test_image_file())
    html = render(
        "image", {"image": image.pk, "alt_text": "Six people in a circle", "caption": "A group"}
    )
    assert 'alt="Six people in a circle"' in html
    assert "<figcaption>A group</figcaption>" in html


def test_video_links_out_and_shows_its_transcript_without_loading_the_player():
    """No player from the video's site inside the lesson (its scripts and trackers would load
    with the page): a link that names the site, and the transcript here."""
    Embed.objects.create(
        hash=get_embed_hash(VIDEO_URL),
        url=VIDEO_URL,
        type="video",
        html='<iframe title="Listening well" src="https://www.youtube.com/embed/abc123"></iframe>',
        thumbnail_url="https://i.ytimg.com/vi/abc123/hqdefault.jpg",
    )
    html = render(
        "video",
        {"video": VIDEO_URL, "title": "Listening well", "transcript": "<p>Hello, I'm Priya.</p>"},
    )
    assert "Listening well" in html
    assert "<iframe" not in html and "ytimg" not in html
    assert f'href="{VIDEO_URL.replace("&", "&amp;")}"' in html
    assert "Watch “Listening well” on youtube.com" in html
    assert "<details" in html and "<summary>Read the transcript</summary>" in html
    assert "Hello, I&#x27;m Priya." in html or "Hello, I'm Priya." in html


def test_video_needs_no_request_to_its_site_to_render(monkeypatch):
    from wagtail.embeds import embeds

    def no_fetch(*args, **kwargs):
        raise AssertionError("the video's site was asked for its player")

    monkeypatch.setattr(embeds, "get_finder_for_embed", no_fetch)
    html = render("video", {"video": VIDEO_URL, "title": "T", "transcript": "<p>Words.</p>"})
    assert f'href="{VIDEO_URL}"' in html and "<iframe" not in html


def test_crisis_resources_lists_the_crisis_line_snippets():
    html = render(
        "crisis_resources",
        {"heading": "If someone needs help now", "intro": "These are free."},
        block_id="abc",
    )
    assert '<h2 id="crisis-abc">If someone needs help now</h2>' in html
    assert "These are free." in html
    assert '<a href="tel:14416">14416</a>' in html
    assert '<a href="tel:112">112</a>' in html


def test_crisis_lines_are_cached_until_an_editor_changes_one(django_assert_num_queries):
    template = Template("{% load content_tags %}{% crisis_lines_list %}")
    cache.delete(CRISIS_LINES_CACHE_KEY)
    with django_assert_num_queries(1):
        template.render(Context())
    with django_assert_num_queries(0):
        html = template.render(Context())
    assert "Tele-MANAS" in html

    CrisisLine.objects.create(name="Kiran", phone_numbers="1800-599-0019", region="India")
    assert "Kiran" in template.render(Context())


def test_scenario_without_a_trainee_shows_the_debrief_labelled_for_editors():
    raw = {
        "title": "Midnight",
        "situation": "<p>A message.</p>",
        "questions": ["What now?"],
        "debrief": "<p>Reply kindly.</p>",
    }
    html = render("scenario", raw)
    assert "<li>What now?</li>" in html
    assert "Debrief (trainees see it after writing a response)" in html
    assert "<textarea" not in html


def test_reflection_without_a_trainee_shows_the_prompt_only():
    html = render("reflection", {"prompt": "What helps you rest?", "guidance": ""})
    assert "What helps you rest?" in html and "<textarea" not in html


def test_footer_shows_the_crisis_line_snippets_on_every_page(client):
    CrisisLine.objects.create(name="Kiran helpline", phone_numbers="1800-599-0019", region="India")
    html = client.get("/courses/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert "Kiran helpline" in footer
    assert '<a href="tel:14416">14416</a>' in footer
