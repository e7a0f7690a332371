"""Template filters for showing question text safely in its format."""

from django import template

from assessments.quizzes.text import question_html, question_inline_html

register = template.Library()


@register.filter
def question_text(text, text_format="plain"):
    """`{{ q.prompt|question_text:q.text_format }}`: escaped or sanitised HTML, never raw."""
    return question_html(text or "", text_format)


@register.filter
def question_label(text, text_format="plain"):
    """For option labels: no paragraph tags."""
    return question_inline_html(text or "", text_format)
