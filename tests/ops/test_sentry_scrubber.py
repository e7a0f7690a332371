"""Error reports (sentry-sdk with SENTRY_DSN) never carry what a trainee wrote, their
cookies or who they are: lms.sentry scrubs every event before it leaves."""

import uuid

import pytest
import sentry_sdk
from django.apps import apps
from django.db import models
from django.test import Client
from sentry_sdk.transport import Transport

from courses.services import enrolment_create
from lms import sentry
from tests.factories import course_tree_build

pytestmark = pytest.mark.django_db

# Made at run time: the events carry source lines, which must not be what is found.
MARKER = f"reflection-{uuid.uuid4().hex}"
COOKIE = f"cookie-{uuid.uuid4().hex}"
OUR_APPS = ("lms", "content", "courses", "assessments", "certificates")


class CapturingTransport(Transport):
    """Keeps each envelope instead of sending it anywhere."""

    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)


@pytest.fixture(params=[False, True], ids=["locals-off", "locals-on"])
def captured(request):
    """The SDK started as settings start it, with the test's transport; with local
    variables off (the default) and, to prove the key scrubbing, on."""
    sentry.init(
        "https://public@sentry.invalid/1",
        environment="test",
        transport=CapturingTransport,
        stack_frame_variables=request.param,
    )
    transport = sentry_sdk.get_client().transport
    yield transport.envelopes
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


def test_an_error_while_saving_a_reflection_reaches_sentry_without_the_reflection(
    captured, trainee, monkeypatch
):
    tree = course_tree_build(modules=1, lessons=1)
    enrolment_create(user=trainee, course=tree.course)
    lesson = tree.lessons[0]
    block_id = tree.block_id(lesson, "reflection")

    def broken_save(**kwargs):
        raise RuntimeError("the save failed")

    monkeypatch.setattr("courses.views.lesson_response_save", broken_save)
    client = Client(raise_request_exception=False)
    client.force_login(trainee)
    client.cookies["extra_cookie"] = COOKIE
    response = client.post(
        f"/learn/lessons/{lesson.pk}/responses/{block_id}/?text={MARKER}",
        {"text": MARKER, "reflection": MARKER},
        HTTP_AUTHORIZATION=f"Bearer {MARKER}",
        HTTP_X_REQUEST_ID="req-42",
    )
    assert response.status_code == 500
    sentry_sdk.flush()

    events = [
        item.payload.json
        for envelope in captured
        for item in envelope.items
        if item.type == "event"
    ]
    assert len(events) == 1, "the error must reach Sentry (else this test proves nothing)"
    serialized = b"".join(envelope.serialize() for envelope in captured).decode()
    assert "the save failed" in serialized
    assert MARKER not in serialized
    assert trainee.email not in serialized
    assert trainee.full_name not in serialized
    assert COOKIE not in serialized
    assert client.cookies["sessionid"].value not in serialized
    event = events[0]
    assert set(event.get("user", {})) <= {"id"}  # at most the id, never who they are
    assert "cookies" not in event["request"] and "data" not in event["request"]
    assert "query_string" not in event["request"]
    assert event["tags"]["request_id"] == "req-42"


def test_scrubber_filters_free_text_keys_at_any_depth_and_breadcrumb_messages():
    event = {
        "extra": {"form": {"cleaned": [{"evidence": MARKER}]}, "count": 3},
        "breadcrumbs": {
            "values": [
                {"type": "default", "category": "query", "message": f"SELECT '{MARKER}'"},
                {"type": "log", "category": "lms.cache", "message": "Cache server is back"},
                {"type": "http", "category": "httplib", "data": {"url": MARKER}},
            ]
        },
    }
    scrubbed = sentry.scrub_event(event)
    assert MARKER not in repr(scrubbed)
    assert scrubbed["extra"]["count"] == 3
    assert scrubbed["breadcrumbs"]["values"][1]["message"] == "Cache server is back"


def test_every_text_field_of_the_models_is_a_scrubbed_key():
    """A new TextField (or JSONField) on any model fails here until lms.sentry lists it."""
    names = {
        field.name
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField | models.JSONField)
    }
    assert "reflection" in names and "text" in names  # the walk found the models
    assert names - sentry.FREE_TEXT_FIELDS == set()
