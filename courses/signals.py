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


def announce_on_commit(signal: Signal, event: str, *, sender, **kwargs) -> None:
    """Send `signal` robustly after the current transaction commits (the apps above use it
    for their own events too).

    Listeners' failures are logged, not raised: the step is already saved, and the periodic
    sweeps catch whatever a failed listener missed, so a broken listener must never turn a
    saved step into an error page. Log lines name the keyword arguments: ids only, never text.
    """

    def send():
        for receiver, result in signal.send_robust(sender=sender, **kwargs):
            if isinstance(result, Exception):
                logger.error(
                    "%s listener %r failed for %s",
                    event,
                    getattr(receiver, "__qualname__", receiver),
                    ", ".join(
                        f"{key.removesuffix('_id')} {value}" for key, value in kwargs.items()
                    ),
                    exc_info=result,
                )

    transaction.on_commit(send)


def enrolment_progressed_announce(enrolment_id: int) -> None:
    """Send `enrolment_progressed` after the current transaction commits."""
    from .models import Enrolment

    announce_on_commit(
        enrolment_progressed, "enrolment_progressed", sender=Enrolment, enrolment_id=enrolment_id
    )
