"""Pure grading: scores a response against a question snapshot, with no database.

A snapshot is the JSON-safe dict a question's `snapshot()` returns: everything needed to show
the question as asked and to grade it again later. Every question model grades through
`grade_snapshot(self.snapshot(), response)`, so grading a live question, grading a stored
attempt and regrading a thousand attempts are one code path, and what was asked stays asked.

Each question type grades its own snapshots (`question_types/`); this is the one entry point,
which finds the type the snapshot records.

Responses are plain JSON values: an option id (single choice), a list of option ids (multiple
response), a bool (true/false), a string (short answer, essay), a dict of pair id to chosen
answer text (matching) and a number as a string (numerical). Ids may arrive as ints or as
strings of digits, since JSON object keys and form fields are strings. Anything else, or an
id that is not the question's, raises InvalidResponse, which the attempt service turns into
a 400 with the message.
"""

from __future__ import annotations

from assessments.quizzes.question_types.base import SNAPSHOT_VERSION, Grade, InvalidResponse
from assessments.quizzes.question_types.registry import QUESTION_TYPES

__all__ = ["SNAPSHOT_VERSION", "Grade", "InvalidResponse", "grade_snapshot"]


def grade_snapshot(snapshot: dict, response) -> Grade:
    """Grade `response` against the question as the snapshot recorded it."""
    try:
        kind = QUESTION_TYPES[snapshot["type"]]
    except KeyError:
        raise ValueError(f"Unknown question type in snapshot: {snapshot.get('type')!r}") from None
    return kind.grade(snapshot, response)
