"""Events the quiz engine announces to higher apps (certificates), sent after commit."""

from django.dispatch import Signal

# Sent with `attempt_id` once an attempt has its final score (on submit, or when the last
# essay in it is graded). Receivers only queue work; a periodic sweep re-checks.
attempt_finalised = Signal()
