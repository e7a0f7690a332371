"""Forms for the trainee's attempt pages (the supervisor's essay grade form is in
`assessments.supervise.forms`).

An answer arrives as plain form fields named by `templates/assessments/includes/question.html`:
`response` (one value, or several for multiple response) or `pair-<id>` per matching item.
`response_from_post` makes the checks every answer shares and refuses anything the page never
sends — an unknown field such as a posted `score`, an answer longer than any real one — before
the service sees it; the question's type (`question_types/`) then turns the fields into the
JSON value its grader expects. Whether an option belongs to the question is the service's
call, since only it holds the snapshot.
"""

from django.utils.translation import gettext as _

from assessments.quizzes.question_types.base import AnswerRefused
from assessments.quizzes.question_types.registry import QUESTION_TYPES
from lms.text import MESSAGE as CONTROL_CHARACTERS_MESSAGE
from lms.text import has_control_characters

# The longest answer a real page allows (the essay's maxlength); anything longer was not typed.
MAX_ANSWER_CHARS = 20_000
# Fields every answer form sends besides the answer itself.
FORM_FIELDS = {"csrfmiddlewaretoken", "sequence", "action"}


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
    kind = QUESTION_TYPES.get(question_type)
    expected = kind.post_fields(data) if kind is not None else {"response"}
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
    if kind is None:
        raise AnswerRefused(_("This question cannot be answered here."))
    return kind.response_from_post(data)
