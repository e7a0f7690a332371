"""Blocks that only lessons have: scenarios and reflection prompts, and the lesson body.

Both interactive blocks are keyed by the block's id, so what a trainee writes stays attached
to the block across revisions, and stays readable to its author if the block is removed.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from content.blocks import (
    RICH_TEXT_FEATURES,
    CalloutBlock,
    CrisisResourcesBlock,
    FurtherReadingBlock,
    HeadingBlock,
    ImageBlock,
    TakeawaysBlock,
    TextBlock,
    VideoBlock,
)


class ScenarioBlock(blocks.StructBlock):
    """A situation to think through. The debrief shows once the trainee has responded."""

    title = blocks.CharBlock(max_length=120)
    situation = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    questions = blocks.ListBlock(
        blocks.CharBlock(max_length=300), min_num=1, label=_("Questions to consider")
    )
    debrief = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        help_text=_("Shown after the trainee has written their response."),
    )

    class Meta:
        icon = "group"
        template = "blocks/scenario.html"
        group = _("Practice")
        description = _(
            "A situation with questions; the trainee writes a response, then sees the debrief."
        )
        preview_value = {
            "title": "A message at midnight",
            "situation": "<p>Someone you support messages you late at night, upset.</p>",
            "questions": ["What do you reply now?", "What do you agree for next time?"],
            "debrief": "<p>Replying briefly and kindly, then agreeing on hours, helps both.</p>",
        }


class ReflectionBlock(blocks.StructBlock):
    """A private reflection: only the trainee sees it, unless they share it with their
    supervisor."""

    prompt = blocks.CharBlock(max_length=300)
    guidance = blocks.CharBlock(
        max_length=300,
        required=False,
        default=_("Only you can see this unless you choose to share it with your supervisor."),
    )

    class Meta:
        icon = "edit"
        template = "blocks/reflection.html"
        group = _("Practice")
        description = _("A question the trainee answers privately, saved as they write.")
        preview_value = {
            "prompt": "When has someone's shared experience helped you?",
            "guidance": "Only you can see this unless you choose to share it.",
        }


class LessonStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = TextBlock()
    callout = CalloutBlock()
    scenario = ScenarioBlock()
    reflection = ReflectionBlock()
    image = ImageBlock()
    video = VideoBlock()
    takeaways = TakeawaysBlock()
    further_reading = FurtherReadingBlock()
    crisis_resources = CrisisResourcesBlock()

    class Meta:
        block_counts = {}


INTERACTIVE_BLOCK_TYPES = {"scenario", "reflection"}
