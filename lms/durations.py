"""Durations in words and figures, one copy for every app (lms is the ground all may import).

Five shapes, because the pages say durations five ways and each is pinned by a test:

- `minutes_words(90)` → "1 hour 30 minutes": a trainee's or a certificate reader's sentence
  (practice pages, the course panel, the hours statement, the certificate).
- `duration_words(timedelta(seconds=90))` → "1 minute 30 seconds": the same to the second, for
  a quiz's time limit and cooldown. It differs from `minutes_words` only in its smallest unit:
  the smallest unit is shown when it is not zero or when nothing else is, so
  `minutes_words(0)` is "0 minutes" and `duration_words(timedelta(0))` is "0 seconds".
- `minutes_short(150)` → "2 h 30 min": compact enough for a table cell on a phone (the
  supervisor's pages).
- `hours_figure(90)` → "1.5": hours as a number to two decimals at most, no trailing zeros,
  half-cents rounded up (admin tables, a certificate's hours, CSV-like cells).
- `hours_words(61)` → "1.1 hours": hours for a sentence about what is left, rounded *up* to a
  tenth so what remains is never understated (the certificate rules).
"""

import math
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _spelled(hours: int, minutes: int, seconds: int | None) -> str:
    """Hours, minutes and (unless None) seconds in words; the smallest unit is shown when it
    is not zero or when nothing else is."""
    parts = []
    if hours:
        parts.append(ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours})
    if minutes or (seconds is None and not parts):
        parts.append(ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes})
    if seconds is not None and (seconds or not parts):
        parts.append(ngettext("%(n)s second", "%(n)s seconds", seconds) % {"n": seconds})
    return " ".join(parts)


def minutes_words(minutes: int | None) -> str:
    """ "1 hour 30 minutes", "45 minutes", "12 hours": a duration as a trainee would say it."""
    hours, rest = divmod(int(minutes or 0), 60)
    return _spelled(hours, rest, None)


def duration_words(value: timedelta) -> str:
    """ "1 hour 30 minutes", "45 seconds": a duration to the second, as a trainee would say it."""
    hours, rest = divmod(int(value.total_seconds()), 3600)
    minutes, seconds = divmod(rest, 60)
    return _spelled(hours, minutes, seconds)


def minutes_short(minutes: int | None) -> str:
    """ "2 h 30 min": compact enough for a table cell on a phone."""
    hours, rest = divmod(minutes or 0, 60)
    if hours and rest:
        return _("%(h)s h %(m)s min") % {"h": hours, "m": rest}
    if hours:
        return _("%(h)s h") % {"h": hours}
    return _("%(m)s min") % {"m": rest}


def hours_figure(minutes: int) -> str:
    """Minutes as hours with up to two decimals, for people: 90 → "1.5", 60 → "1"."""
    value = (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value.normalize():f}"


def hours_words(minutes: int) -> str:
    """Hours for a sentence, rounded up to a tenth so what is left is never understated."""
    tenths = math.ceil(minutes / 6)
    hours = tenths / 10
    number = f"{hours:.1f}".removesuffix(".0")
    return ngettext("%(hours)s hour", "%(hours)s hours", 1 if tenths == 10 else 2) % {
        "hours": number
    }
