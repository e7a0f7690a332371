"""Forms for the trainee's attempt pages (the supervisor's essay grade form is in
`assessments.supervise.forms`).

An answer arrives as plain form fields named by `templates/assessments/includes/question.html`:
`response` (one value, or several for multiple response) or `pair-<id>` per matching item.
`response_from_post` turns them into the JSON value the grader expects (see
`assessments/grading.py`) and refuses anything the page never sends — an unknown field such as
a posted `score`, an answer longer than any real one — before the service sees it. Whether an
option belongs to the question is the service's call, since only it holds the snapshot.
"""

import re

from django.utils.translation import gettext as _

from lms.text import MESSAGE as CONTROL_CHARACTERS_MESSAGE
from lms.text import has_control_characters

# The longest answer a real page allows (the essay's maxlength); anything longer was not typed.
MAX_ANSWER_CHARS = 20_000
# Fields every answer form sends besides the answer itself.
FORM_FIELDS = {"csrfmiddlewaretoken", "sequence", "action"}
PAIR_FIELD = re.compile(r"^pair-(\d{1,12})$")
TEXT_TYPES = {"short_answer", "numerical", "essay"}


class AnswerRefused(Exception):
    """A posted answer that cannot be an answer to this question, with a message to show."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def posted_sequence(data) -> int:
    """The answer's sequence the page was shown with; refused when missing or not a number."""
    value = data.get("sequence", "")
    if not (value.isascii() and value.isdigit()) or len(value) > 10:
        raise AnswerRefused(_("This page is out of date. Reload it and answer again."))
    return int(value)


def response_from_post(question_type: str, data):
    """The grader's response value for `question_type` from a POST's QueryDict.

    Returns None when the trainee left the question blank. Raises AnswerRefused for fields the
    page does not send, too many or too long values, and values of the wrong shape.
    """
    pair_keys = [key for key in data if PAIR_FIELD.match(key)]
    expected = {"response"} if question_type != "matching" else set(pair_keys)
    unknown = [key for key in data if key not in FORM_FIELDS and key not in expected]
    if unknown:
        raise AnswerRefused(
            _("This form does not take a field called “%(field)s”. Nothing was saved.")
            % {"field": unknown[0][:40]}
        )
    values = [value for key in data if key not in FORM_FIELDS for value in data.getlist(key)]
    if len(values) > 100:
        raise AnswerRefused(_("That is more answers than this question has. Nothing was saved."))
    if sum(len(value) for value in values) > MAX_ANSWER_CHARS:
        raise AnswerRefused(
            _("Your answer is too long: keep it under %(limit)s characters. Nothing was saved.")
            % {"limit": f"{MAX_ANSWER_CHARS:,}"}
        )
    if any(has_control_characters(value) for value in values):
        raise AnswerRefused(str(CONTROL_CHARACTERS_MESSAGE))
    chosen = data.getlist("response")

    if question_type == "single_choice":
        if not chosen:
            return None
        if len(chosen) > 1:
            raise AnswerRefused(_("Choose one answer only."))
        return _option_id(chosen[0])
    if question_type == "multiple_response":
        return [_option_id(value) for value in chosen] or None
    if question_type == "true_false":
        if not chosen:
            return None
        if len(chosen) > 1 or chosen[0] not in ("true", "false"):
            raise AnswerRefused(_("Choose true or false."))
        return chosen[0] == "true"
    if question_type in TEXT_TYPES:
        if len(chosen) > 1:
            raise AnswerRefused(_("Send one answer only."))
        text = chosen[0] if chosen else ""
        if not text.strip():
            return None
        return text.strip() if question_type == "numerical" else text
    if question_type == "matching":
        response = {}
        for key in pair_keys:
            answers = data.getlist(key)
            if len(answers) > 1:
                raise AnswerRefused(_("Choose one answer for each item."))
            response[PAIR_FIELD.match(key).group(1)] = answers[0] or None
        return response if any(value is not None for value in response.values()) else None
    raise AnswerRefused(_("This question cannot be answered here."))


def _option_id(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise AnswerRefused(_("Choose one of the options shown."))
    return int(value)
