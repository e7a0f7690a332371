"""Events the quiz engine announces to higher apps (certificates), sent after commit."""

from django.dispatch import Signal

from courses.signals import announce_on_commit

# Sent with `attempt_id` once an attempt has its final score (on submit, or when the last
# essay in it is graded). Receivers only queue work; a periodic sweep re-checks.
attempt_finalised = Signal()

# Sent with `quiz_id` once a regrade has changed the score of at least one of the quiz's
# attempts (some may now pass, or fail). Receivers only queue work; periodic jobs re-check.
quiz_regraded = Signal()


def attempt_finalised_announce(attempt_id: int) -> None:
    """Send `attempt_finalised` after the current transaction commits. A failing listener is
    logged, not raised: the attempt is saved, and the certificates sweep catches up."""
    from assessments.models import Attempt

    announce_on_commit(
        attempt_finalised, "attempt_finalised", sender=Attempt, attempt_id=attempt_id
    )


def quiz_regraded_announce(quiz_id: int) -> None:
    """Send `quiz_regraded` after the current transaction commits. A failing listener is
    logged, not raised: the regrade is saved, and the listeners' periodic jobs catch up."""
    from assessments.models import Quiz

    announce_on_commit(quiz_regraded, "quiz_regraded", sender=Quiz, quiz_id=quiz_id)
