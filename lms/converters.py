"""Database ids from outside: the `id` path converter, and id fields for forms and filters.

The path converter: `<id:lesson_id>` instead of `<int:lesson_id>`.

`int` matches any run of digits, so `/learn/lessons/99999999999999999999/complete/` reached the
view and the database lookup raised OverflowError (a 500). `id` matches only what a primary key
can hold (1 to 2**63 - 1), so anything else is a 404 before any view runs. Registered once, in
LmsConfig.ready(), before any URLconf is loaded.
"""

from functools import cache

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import register_converter

MAX_ID = 2**63 - 1  # the largest BIGINT: PostgreSQL's and SQLite's integer primary keys


def is_id(value) -> bool:
    """Whether `value` (a string from a URL, a query string or a form) can be a database id."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 1 <= value <= MAX_ID
    text = str(value)
    return text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_ID


def id_or_none(value) -> int | None:
    """`value` as an id, or None when it cannot be one (a filter then ignores it)."""
    return int(value) if value is not None and is_id(value) else None


class IdConverter:
    regex = "[1-9][0-9]{0,18}"

    def to_python(self, value: str) -> int:
        if not is_id(value):
            raise ValueError(value)  # Django treats it as "no match": a 404
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def register():
    register_converter(IdConverter, "id")


# --- Ids in forms and filters ---------------------------------------------------------------


def _integer_pk(model) -> bool:
    pk = model._meta.pk
    target = getattr(pk, "target_field", pk)  # a page type's pk is its link to Page
    return isinstance(target, models.IntegerField)


class IdChoiceGuard:
    """For ModelChoiceField and ModelMultipleChoiceField: a value that cannot be an id is an
    invalid choice, said next to the field, before the database is asked about it (a number
    past 64 bits raises OverflowError there: a 500)."""

    def _refuse_non_ids(self, values):
        if self.to_field_name or not _integer_pk(self.queryset.model):
            return
        for value in values:
            if value in self.empty_values or is_id(value):
                continue
            if isinstance(self, forms.ModelMultipleChoiceField):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": value},
                )
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )

    def to_python(self, value):
        if not isinstance(value, (models.Model, list, tuple)):  # lists: see _check_values
            self._refuse_non_ids([value])
        return super().to_python(value)

    def _check_values(self, value):
        if isinstance(value, (list, tuple)):
            self._refuse_non_ids([v for v in value if not isinstance(v, models.Model)])
        return super()._check_values(value)


class IdModelChoiceField(IdChoiceGuard, forms.ModelChoiceField):
    pass


@cache
def guarded_field_class(cls):
    """`cls` (a ModelChoiceField subclass) with IdChoiceGuard in front, made once per class."""
    if issubclass(cls, IdChoiceGuard):
        return cls
    return type(cls.__name__, (IdChoiceGuard, cls), {"__module__": cls.__module__})


class IdModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A list filter on a related object: `?course=99999999999999999999` is an invalid choice."""

    field_class = IdModelChoiceField
