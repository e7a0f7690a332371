"""Events the quiz engine announces to higher apps (certificates), sent after commit."""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# Sent with `attempt_id` once an attempt has its final score (on submit, or when the last
# essay in it is graded). Receivers only queue work; a periodic sweep re-checks.
attempt_finalised = Signal()

# Sent with `quiz_id` once a regrade has changed the score of at least one of the quiz's
# attempts (some may now pass, or fail). Receivers only queue work; periodic jobs re-check.
quiz_regraded = Signal()


def quiz_regraded_announce(quiz_id: int) -> None:
    """Send `quiz_regraded` after the current transaction commits. A failing listener is
    logged, not raised: the regrade is saved, and the listeners' periodic jobs catch up."""

    def send():
        from .models import Quiz

        for receiver, result in quiz_regraded.send_robust(sender=Quiz, quiz_id=quiz_id):
            if isinstance(result, Exception):
                logger.error(
                    "quiz_regraded listener %r failed for quiz %s",
                    getattr(receiver, "__qualname__", receiver),
                    quiz_id,
                    exc_info=result,
                )

    transaction.on_commit(send)
