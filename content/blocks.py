"""StreamField blocks shared by every kind of page: text, callouts, media and crisis lines.

Every block has its own template in templates/blocks/, an icon, a description and a preview
value for the editor's block picker. There is deliberately no raw-HTML block.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

# Rich text in lessons: emphasis, lists and links; no headings (the heading block does that),
# no embeds or images inside text.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]

_SAMPLE_TEXT = (
    "<p>Peer support rests on <strong>shared experience</strong>: the supporter has walked a "
    "similar road and offers company on it, not a diagnosis.</p>"
)


class HeadingBlock(blocks.StructBlock):
    """A section heading inside a lesson; levels start at h2 because the page title is h1."""

    text = blocks.CharBlock(max_length=120, label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        group = _("Text")
        description = _("A heading that starts a new section of the lesson.")
        preview_value = {"text": "Why boundaries protect both people", "level": "h2"}


class TextBlock(blocks.RichTextBlock):
    """Paragraphs with a restricted set of formatting."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        group = _("Text")
        description = _("Paragraphs of text with bold, italic, lists and links.")
        preview_value = _SAMPLE_TEXT


class CalloutBlock(blocks.StructBlock):
    """A boxed note that stands out from the text, coloured and labelled by its kind."""

    kind = blocks.ChoiceBlock(
        choices=[
            ("key_idea", _("Key idea")),
            ("boundary_tip", _("Boundary tip")),
            ("limits", _("Limits of peer help")),
            ("self_care", _("Self-care")),
        ],
        default="key_idea",
    )
    title = blocks.CharBlock(max_length=120)
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        template = "blocks/callout.html"
        group = _("Text")
        description = _("A highlighted note: a key idea, a boundary tip, a limit, or self-care.")
        preview_value = {
            "kind": "boundary_tip",
            "title": "Say when you are available",
            "body": "<p>Agree at the start when and how the person can reach you.</p>",
        }


class TakeawaysBlock(blocks.StructBlock):
    """The few points a trainee should keep from the lesson."""

    title = blocks.CharBlock(max_length=80, default=_("Key takeaways"))
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blocks/takeaways.html"
        group = _("Text")
        description = _("A short list of the lesson's key points.")
        preview_value = {
            "title": "Key takeaways",
            "items": ["Peer support is mutual.", "It complements professional help."],
        }


class ReadingItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    url = blocks.URLBlock()
    description = blocks.CharBlock(max_length=300, required=False)


class FurtherReadingBlock(blocks.StructBlock):
    """Links to trustworthy material beyond the course."""

    items = blocks.ListBlock(ReadingItemBlock(), min_num=1)

    class Meta:
        icon = "link"
        template = "blocks/further_reading.html"
        group = _("Text")
        description = _("A list of links for trainees who want to read more.")
        preview_value = {
            "items": [
                {
                    "title": "Tele-MANAS",
                    "url": "https://telemanas.mohfw.gov.in/",
                    "description": "India's national tele-mental-health service.",
                }
            ]
        }


class ImageBlock(blocks.StructBlock):
    """An image with the alternative text a screen reader announces (required)."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        group = _("Media")
        description = _("An image with required alternative text and an optional caption.")

    def get_preview_value(self):
        """The picker's preview shows the library's newest image, when there is one."""
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("-created_at").first()
        return self.to_python(
            {
                "image": image.pk if image else None,
                "alt_text": image.title if image else "",
                "caption": _("A caption says what the image adds to the lesson."),
            }
        )


class VideoBlock(blocks.StructBlock):
    """An embedded video with a transcript, for people who cannot or prefer not to watch."""

    video = EmbedBlock(help_text=_("The address of the video, e.g. on YouTube or Vimeo."))
    title = blocks.CharBlock(max_length=150)
    transcript = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, help_text=_("Everything said and shown, in words.")
    )

    class Meta:
        icon = "media"
        template = "blocks/video.html"
        group = _("Media")
        description = _("An embedded video with a transcript.")
        # No video in the picker's preview: fetching one needs the network.
        preview_value = {
            "title": "Agreeing boundaries at a first meeting",
            "transcript": "<p>Two peer supporters talk through how they start a first meeting.</p>",
        }


class CrisisResourcesBlock(blocks.StructBlock):
    """The site's crisis lines (the Crisis line snippets), with a short introduction."""

    heading = blocks.CharBlock(max_length=120, default=_("If someone needs help now"))
    intro = blocks.TextBlock(
        max_length=400,
        required=False,
        default=_("These services are free. You do not have to manage a crisis alone."),
    )

    class Meta:
        icon = "warning"
        template = "blocks/crisis_resources.html"
        group = _("Safety")
        description = _("The crisis lines editors keep under Snippets, shown in the lesson.")
        preview_value = {
            "heading": "If someone needs help now",
            "intro": "These services are free. You do not have to manage a crisis alone.",
        }
