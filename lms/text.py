"""Text people type may not hold control characters: one validator for every form and import.

NUL bytes cannot be stored by PostgreSQL at all, and the other C0 control characters and DEL
are invisible in the page, break CSV exports and PDFs, and are never typed on purpose. Tab,
line feed and carriage return are ordinary text and stay. Django's CharField refuses only
NUL; this refuses all of them, with a message that says what to do. Forms get it through
lms.form_input.BadInputMixin.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

MESSAGE = _(
    "This text contains an invisible control character (such as a NUL byte), which cannot "
    "be saved. Remove it, or type the text again rather than pasting it, and try again."
)


def has_control_characters(value) -> bool:
    return isinstance(value, str) and CONTROL_CHARACTERS.search(value) is not None


def validate_no_control_characters(value):
    """A Django validator: refuses text holding a control character other than tab and newlines."""
    if has_control_characters(value):
        raise ValidationError(MESSAGE, code="control_characters")
