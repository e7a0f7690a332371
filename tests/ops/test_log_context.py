"""Every log line says which request or Celery task it belongs to (lms.logging_context):
the request id comes from a safe X-Request-ID or is made, is answered in the same header,
and is on every line logged during the request, errors included; a task's lines carry its
task id."""

import io
import logging
import re

import pytest
from django.test import Client
from django.urls import path

from lms import logging_context
from lms.celery import app
from lms.settings.base import LOGGING

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """The console handler as LOGGING in base.py builds it (its filter and format), on the
    root logger, writing to a buffer; the test settings leave logging quiet otherwise."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.addFilter(logging_context.ContextFilter())
    handler.setFormatter(logging.Formatter(LOGGING["formatters"]["plain"]["format"]))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: buffer.getvalue().splitlines()
    finally:
        root.removeHandler(handler)


def test_a_safe_request_id_is_answered_and_on_the_requests_log_lines(client, log_lines):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="edge-7f3a.1")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "edge-7f3a.1"
    lines = [line for line in log_lines() if "Not Found: /no-such-page/" in line]
    assert len(lines) == 1
    assert "[edge-7f3a.1]" in lines[0]


@pytest.mark.parametrize(
    "unsafe",
    ["two words", "a" * 65, "<script>", "id]\nforged line", "-leading-dash", ""],
)
def test_an_unsafe_request_id_is_replaced_by_a_new_one(client, log_lines, unsafe):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID=unsafe)
    answered = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", answered)
    assert f"[{answered}]" in "\n".join(log_lines())


def test_each_request_gets_its_own_id(client):
    first = client.get("/no-such-page/")["X-Request-ID"]
    second = client.get("/no-such-page/")["X-Request-ID"]
    assert first != second


def _broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", _broken_view)]


def test_a_server_error_is_logged_with_the_request_id(settings, log_lines):
    settings.ROOT_URLCONF = __name__  # this module's urlpatterns: one view that raises
    client = Client(raise_request_exception=False)
    response = client.get("/broken/", HTTP_X_REQUEST_ID="err-1")
    assert response.status_code == 500
    errors = [line for line in log_lines() if "ERROR django.request" in line]
    assert errors and all("[err-1]" in line for line in errors)


def test_lines_outside_a_request_say_so(log_lines):
    logging.getLogger("tests.ops").warning("between requests")
    assert any(line.endswith("[-]: between requests") for line in log_lines())


@app.task(name="tests.ops.log_from_a_task")
def _log_from_a_task():
    logging.getLogger("tests.ops").warning("inside the task")


def test_a_tasks_log_lines_carry_its_task_id(log_lines):
    result = _log_from_a_task.apply(task_id="task-1234")
    assert result.successful()
    assert any(line.endswith("[task-1234]: inside the task") for line in log_lines())
    logging.getLogger("tests.ops").warning("after the task")
    assert any(line.endswith("[-]: after the task") for line in log_lines())
