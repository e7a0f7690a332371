"""The transactional outbox: side effects that must happen, stored with the action that
causes them and delivered after commit, at least once, with one effect.

A service calls `outbox_enqueue(handler, key=..., **kwargs)` inside its transaction. The
message is a row (`lms.OutboxMessage`), so it commits or rolls back with the action, and a
second message with the same key is not recorded. After commit:

- with a broker, the message id is published to Celery with a bounded timeout (a second or
  so, see the broker block in settings); a broker that refuses or does not answer is logged
  once and left to `deliver_outbox`, never raised into the request;
- without one (CELERY_TASK_ALWAYS_EAGER), the handler runs in this process at once, and a
  failure is logged and left to `deliver_outbox` too.

`deliver_outbox` (a periodic job, every minute) publishes or runs what is not done: never
published, lost by the broker, or published to a worker that died (after OUTBOX_LEASE).

Consumers run through `outbox_run`, which makes each message's effect happen once however
often it is delivered:

- a handler with a database effect (a render, an index update, an evaluation) runs in one
  transaction with its message row locked, and the row is marked done in that transaction:
  a crash rolls both back, and a second delivery finds the row done or locked and skips it;
- an email handler cannot be rolled back, so the message is claimed first (`sending_at`,
  committed), then the email is sent, then the row is marked done. A failed send releases
  the claim for a retry. A process killed between the claim and the mark leaves the row
  "sending": it is never sent again automatically (no email twice); deliver_outbox reports
  it once, and `deliver_outbox --resend ID` sends it after an operator has checked the mail
  log. See docs/decisions/0009-outbox.md.

Handlers register with `@outbox_handler("app.name")` in their app's tasks module. Message
arguments are ids and short strings; an argument listed in `secret` (an invitation token) is
erased from the row once the message is done. Nothing here logs arguments.
"""

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.module_loading import autodiscover_modules

from .models import OutboxMessage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Handler:
    name: str
    func: Callable
    email: bool = False
    secret: tuple[str, ...] = ()
    on_error: Callable | None = None


_handlers: dict[str, Handler] = {}


def outbox_handler(
    name: str,
    *,
    email: bool = False,
    secret: tuple[str, ...] = (),
    on_error: Callable | None = None,
):
    """Register a function as the handler of messages named `name`.

    `email`: the handler sends something that cannot be rolled back (claim, send, mark).
    `secret`: keyword arguments erased from the row once the message is done.
    `on_error(error, **kwargs)`: called after a failed run's transaction rolled back, to
    record the failure where an admin sees it (ids and the error's type only).
    """

    def register(func):
        _handlers[name] = Handler(
            name=name, func=func, email=email, secret=tuple(secret), on_error=on_error
        )
        func.outbox_name = name
        return func

    return register


def _handler(name: str) -> Handler:
    if name not in _handlers:
        autodiscover_modules("tasks")
    return _handlers[name]


def _setting(name: str, default):
    return getattr(settings, name, default)


def _seconds(name: str, default: float) -> timedelta:
    return timedelta(seconds=_setting(name, default))


# --- Enqueueing -----------------------------------------------------------------------------


def outbox_enqueue(
    handler, *, key: str | None = None, publish: bool = True, **kwargs
) -> OutboxMessage | None:
    """Record a message for `handler` (a registered function or its name) in the current
    transaction, and deliver it after commit. Returns the new row, or None when a message
    with this key exists already (so enqueueing twice has one effect).

    Without a key every call is a new message (for work that is idempotent by itself).
    `publish=False` is for a periodic job that runs the message itself (`outbox_run`) right
    after its transaction: it is already where the work should happen.
    """
    name = handler if isinstance(handler, str) else handler.outbox_name
    _handler(name)  # an unknown name fails here, in the caller's transaction
    key = key or f"{name}:{uuid.uuid4().hex}"
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: a duplicate key leaves the caller usable
            message = OutboxMessage.objects.create(
                key=key[:200],
                task=name,
                kwargs=kwargs,
                created_at=now,
                available_at=now + _seconds("OUTBOX_FIRST_DELIVERY_AFTER_SECONDS", 10),
            )
    except IntegrityError:
        if OutboxMessage.objects.filter(key=key[:200]).exists():
            return None
        raise
    if publish:
        transaction.on_commit(partial(outbox_publish, message.pk))
    return message


# --- Publishing -----------------------------------------------------------------------------

# After a publish fails, this process leaves publishing to deliver_outbox for a while, so a
# frozen broker costs one request a second, not every request, and is logged once.
_broker_down_until = 0.0


def _eager() -> bool:
    from .celery import app

    return bool(app.conf.task_always_eager)


def outbox_publish(message_id: int) -> bool:
    """Hand one message to the broker (or, without one, run it here); True when it was.

    Never raises: whatever fails stays in the outbox for deliver_outbox.
    """
    if _eager():
        try:
            outbox_run(message_id)
        except Exception:
            logger.exception("Outbox message %s failed; deliver_outbox will retry it", message_id)
        return True
    return _publish(message_id)


def _publish(message_id: int) -> bool:
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        return False
    from .tasks import outbox_message_task

    try:
        outbox_message_task.apply_async((message_id,), retry=False)
    except Exception as error:
        if not _broker_down_until:
            logger.warning(
                "The broker is unavailable (%s); outbox messages wait for deliver_outbox",
                type(error).__name__,
            )
        _broker_down_until = time.monotonic() + _setting("OUTBOX_BROKER_RETRY_AFTER_SECONDS", 30)
        return False
    if _broker_down_until:
        logger.warning("The broker is available again")
        _broker_down_until = 0.0
    now = timezone.now()
    OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True).update(
        published_at=now, available_at=now + _seconds("OUTBOX_LEASE_SECONDS", 45)
    )
    return True


def broker_state_reset() -> None:
    """Forget that the broker was down (tests, and a process that knows it is back)."""
    global _broker_down_until
    _broker_down_until = 0.0


# --- Consuming ------------------------------------------------------------------------------


def outbox_run(message_id: int) -> str:
    """Run one message's handler, once: "done", "skipped" (done already, or another
    consumer has it), "missing" or "failed" (recorded on the row, retried by the job)."""
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None:
        logger.warning("Outbox message %s no longer exists", message_id)
        return "missing"
    if message.done_at is not None or message.sending_at is not None:
        return "skipped"
    handler = _handler(message.task)
    # A message does the same in a worker as run eagerly at the end of someone's request: in
    # the installation's language, not the request's (an email is written in its recipient's
    # language by its handler, lms.language.in_language_of).
    with translation.override(settings.LANGUAGE_CODE):
        return _run(message, handler)


def _run(message: OutboxMessage, handler: Handler) -> str:
    message_id = message.pk
    if handler.email:
        return _run_email(message, handler)
    try:
        with transaction.atomic():
            locked = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=message_id, done_at__isnull=True)
                .first()
            )
            if locked is None:
                return "skipped"
            handler.func(**locked.kwargs)
            _mark_done(locked, handler)
    except Exception as error:
        _failed(message, handler, error)
        return "failed"
    return "done"


def _run_email(message: OutboxMessage, handler: Handler) -> str:
    now = timezone.now()
    with transaction.atomic():
        claimed = OutboxMessage.objects.filter(
            pk=message.pk, done_at__isnull=True, sending_at__isnull=True
        ).update(sending_at=now)
    if not claimed:
        return "skipped"
    try:
        handler.func(**message.kwargs)
    except Exception as error:
        OutboxMessage.objects.filter(pk=message.pk).update(sending_at=None)
        _failed(message, handler, error)
        return "failed"
    _mark_done(message, handler)
    return "done"


def _mark_done(message: OutboxMessage, handler: Handler) -> None:
    kwargs = {k: v for k, v in message.kwargs.items() if k not in handler.secret}
    OutboxMessage.objects.filter(pk=message.pk).update(
        done_at=timezone.now(), kwargs=kwargs, last_error=""
    )


def _failed(message: OutboxMessage, handler: Handler, error: Exception) -> None:
    attempts = message.attempts + 1
    backoff = min(60 * 2 ** (attempts - 1), 3600)
    OutboxMessage.objects.filter(pk=message.pk).update(
        attempts=F("attempts") + 1,
        last_error=type(error).__name__[:200],
        available_at=timezone.now() + timedelta(seconds=backoff),
    )
    logger.error(
        "Outbox message %s (%s) failed, attempt %s: %s",
        message.pk,
        handler.name,
        attempts,
        type(error).__name__,
        exc_info=error,
    )
    if handler.on_error is not None:
        try:
            handler.on_error(error, **message.kwargs)
        except Exception:
            logger.exception("Recording the failure of outbox message %s failed", message.pk)


# --- The periodic job -----------------------------------------------------------------------


def outbox_due(*, now=None):
    """Messages deliver_outbox should publish or run now."""
    now = now or timezone.now()
    return OutboxMessage.objects.filter(
        done_at__isnull=True,
        sending_at__isnull=True,
        available_at__lte=now,
        attempts__lt=_setting("OUTBOX_MAX_ATTEMPTS", 10),
    ).order_by("available_at", "pk")


def outbox_deliver(*, now=None) -> dict[str, int]:
    """The periodic job: deliver what is due, report emails interrupted mid-send, and remove
    messages done long ago. Returns counts."""
    now = now or timezone.now()
    counts = {"delivered": 0, "failed": 0, "interrupted": 0, "removed": 0}
    ids = list(outbox_due(now=now).values_list("pk", flat=True)[: _setting("OUTBOX_BATCH", 500)])
    eager = _eager()
    if not eager:
        broker_state_reset()  # the job always tries the broker once
    for message_id in ids:
        if eager:
            result = outbox_run(message_id)
            counts["delivered" if result in ("done", "skipped") else "failed"] += 1
        elif _publish(message_id):
            counts["delivered"] += 1
        else:
            counts["failed"] += 1
            break  # the broker is down: the next run tries again
    stuck = OutboxMessage.objects.filter(
        done_at__isnull=True,
        sending_at__lt=now - _seconds("OUTBOX_SENDING_STUCK_AFTER_SECONDS", 600),
    ).exclude(last_error="interrupted")
    for message_id in stuck.values_list("pk", flat=True):
        logger.error(
            "Outbox message %s was interrupted while sending; it is not sent again by itself. "
            "Check the mail log, then `manage.py deliver_outbox --resend %s` if it never left.",
            message_id,
            message_id,
        )
        counts["interrupted"] += 1
    stuck.update(last_error="interrupted")
    keep = timedelta(days=_setting("OUTBOX_KEEP_DONE_DAYS", 7))
    counts["removed"], _ = OutboxMessage.objects.filter(done_at__lt=now - keep).delete()
    return counts


def outbox_resend(*, message_id: int) -> bool:
    """Release an email interrupted while sending, so the next delivery sends it (an
    operator's decision: it may have left before the process died)."""
    return bool(
        OutboxMessage.objects.filter(
            Q(pk=message_id), done_at__isnull=True, sending_at__isnull=False
        ).update(sending_at=None, available_at=timezone.now(), last_error="")
    )
