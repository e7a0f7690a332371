"""Template tags for lesson pages: the trainee's own state of a reflection or scenario block."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def block_state(context, block_id):
    """What the page knows about one interactive block for the requesting trainee.

    Reads only the context the lesson page built (`responses`, one query for the whole
    lesson, and `response_errors` when a save was refused), so a block never queries.
    Returns a dict: response (saved LessonResponse or None), text (to put in the textarea),
    error (message or ""), shared (checkbox state), enrolled, form (whether to show one).
    """
    responses = context.get("responses") or {}
    errors = context.get("response_errors") or {}
    response = responses.get(block_id) if block_id else None
    refused = errors.get(block_id) if block_id else None
    if refused:
        text, shared, error = refused["text"], refused["shared"], refused["error"]
    else:
        text = response.text if response else ""
        shared = bool(response and response.shared_with_supervisor)
        error = ""
    enrolled = context.get("enrolment") is not None
    return {
        "response": response,
        "text": text,
        "error": error,
        "shared": shared,
        "enrolled": enrolled,
        "form": bool(enrolled and block_id and context.get("page")),
    }
