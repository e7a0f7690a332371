"""Every log line says which request or background task it belongs to.

`RequestIdMiddleware` takes the request id from the X-Request-ID header when it is a safe
token (a proxy such as nginx's `$request_id` sets one) or makes one, answers it in the same
header, and keeps it for the duration of the request; in Celery tasks lms/celery.py keeps
the task id instead. `ContextFilter` (on the console handler, see LOGGING) adds it to every
log record as `request_id`; "-" outside a request or task.
"""

import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished
from django.dispatch import receiver

HEADER = "X-Request-ID"
# The log line format (LOGGING in lms/settings/base.py says the same; the Celery worker's
# handlers get it in lms/celery.py).
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
# Letters, digits, dot, underscore, hyphen; at most 64: nothing a log line or a header could
# be forged with.
_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

_current = contextvars.ContextVar("lms_request_id", default="-")


def current() -> str:
    """The id of the request or task this code runs for, or "-"."""
    return _current.get()


def bind(value: str) -> contextvars.Token:
    return _current.set(value)


def unbind(token: contextvars.Token) -> None:
    _current.reset(token)


def request_id_for(header_value: str | None) -> str:
    """The caller's id when it is a safe token, otherwise a new one."""
    if header_value and _SAFE.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE, so every log line of the request, errors included, carries it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_for(request.headers.get(HEADER))
        request.request_id = request_id
        # Kept until the request is finished, not only until this middleware returns: Django
        # logs a 4xx or 5xx answer ("Not Found: ...") after the middleware, in its handler.
        bind(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


@receiver(request_finished, dispatch_uid="lms.logging_context.forget")
def _forget(**kwargs):
    bind("-")


class ContextFilter(logging.Filter):
    """Adds `request_id` to every record (a filter on the handler, so every logger's)."""

    def filter(self, record):
        record.request_id = _current.get()
        return True
