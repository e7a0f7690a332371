"""One mixin for every form of ours: text without control characters, ids within range.

    class PracticeLogForm(BadInputMixin, forms.Form): ...

Each text field (CharField and its subclasses) refuses control characters with lms.text's
message; each model choice field refuses a value that cannot be a database id as an invalid
choice. Both are said next to the field, and the rest of what was typed is kept.
"""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from .converters import guarded_field_class
from .text import validate_no_control_characters


class BadInputMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):  # the multiple one is a subclass
                field.__class__ = guarded_field_class(type(field))
            elif isinstance(field, forms.CharField):
                # Ours covers NUL too: drop Django's, so a NUL gets one message, not two.
                field.validators = [
                    v
                    for v in field.validators
                    if not isinstance(v, ProhibitNullCharactersValidator)
                    and v is not validate_no_control_characters
                ] + [validate_no_control_characters]


class AdminModelForm(BadInputMixin, WagtailAdminModelForm):
    """`base_form_class` for our snippets edited through Wagtail's generated forms."""


class AdminPageForm(BadInputMixin, WagtailAdminPageForm):
    """`base_form_class` for our page types: titles, slugs and text fields are checked too."""
