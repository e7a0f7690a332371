"""Domain events the courses app announces upward, sent explicitly by services after commit.

enrolment_progressed(sender=Enrolment, enrolment_id=int): a trainee completed a step (a
lesson here; approved practice, a competency sign-off or an ethics acceptance in the apps
above). The certificates app listens to queue an eligibility check; a periodic sweep
re-checks anyway.
"""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

enrolment_progressed = Signal()


def enrolment_progressed_announce(enrolment_id: int) -> None:
    """Send `enrolment_progressed` after the current transaction commits.

    Listeners' failures are logged, not raised: the trainee's step is already saved, and the
    periodic sweeps catch whatever a failed listener missed, so a broken listener must never
    turn a saved step into an error page.
    """

    def send():
        from .models import Enrolment

        for receiver, result in enrolment_progressed.send_robust(
            sender=Enrolment, enrolment_id=enrolment_id
        ):
            if isinstance(result, Exception):
                logger.error(
                    "enrolment_progressed listener %r failed for enrolment %s",
                    getattr(receiver, "__qualname__", receiver),
                    enrolment_id,
                    exc_info=result,
                )

    transaction.on_commit(send)
