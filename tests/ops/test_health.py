"""Health endpoints: /health/live/ answers while the process runs; /health/ready/ answers 200
when the database, the cache server, the broker and the file storage work, and 503 (within
a bound, without details) when one does not."""

import json
import time

import pytest
from django.core.cache import cache

from lms import health
from tests.ops.redis_server import free_port, redis_server  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

# Generous for a loaded 2-core machine; each check has a 1 s timeout.
ANSWER_BOUND_SECONDS = 2.5


@pytest.fixture(autouse=True)
def _every_call_checks(monkeypatch):
    monkeypatch.setattr(health, "MIN_INTERVAL", 0.0)


def _ready(client, **headers):
    started = time.monotonic()
    response = client.get("/health/ready/", **headers)
    return response, time.monotonic() - started


def test_live_answers_ok_without_signing_in(client):
    response = client.get("/health/live/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_ready_is_200_with_each_check_named_on_the_test_setup(client):
    response, _seconds = _ready(client)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "storage": "ok"}


def test_ready_answers_plain_text_when_asked(client):
    response, _seconds = _ready(client, HTTP_ACCEPT="text/plain")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "database: ok\n" in response.content.decode()


def test_ready_leaves_no_file_in_storage(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    _ready(client)
    left = [p for p in (tmp_path / "media").rglob("*") if p.is_file()]
    assert left == []


@pytest.mark.redis
def test_ready_is_503_within_the_bound_when_the_cache_server_is_dead(
    client,
    settings,
    redis_server,  # noqa: F811 - the fixture imported above
):
    settings.CACHES = {
        "default": {"BACKEND": "lms.cache.ResilientRedisCache", "LOCATION": redis_server.url}
    }
    cache.clear()
    assert _ready(client)[0].status_code == 200

    redis_server.kill()
    response, seconds = _ready(client)

    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"
    assert seconds < ANSWER_BOUND_SECONDS
    body = response.content.decode()
    assert str(redis_server.port) not in body and "Traceback" not in body


@pytest.mark.redis
def test_ready_is_503_within_the_bound_when_the_cache_server_is_frozen(
    client,
    settings,
    redis_server,  # noqa: F811 - the fixture imported above
):
    settings.CACHES = {
        "default": {"BACKEND": "lms.cache.ResilientRedisCache", "LOCATION": redis_server.url}
    }
    cache.clear()
    redis_server.pause()
    try:
        response, seconds = _ready(client)
    finally:
        redis_server.cont()
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert seconds < ANSWER_BOUND_SECONDS


@pytest.mark.redis
def test_ready_checks_the_broker_when_one_is_configured(
    client,
    settings,
    redis_server,  # noqa: F811 - the fixture imported above
):
    settings.CELERY_BROKER_URL = redis_server.url
    response, _seconds = _ready(client)
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"

    redis_server.pause()
    try:
        response, seconds = _ready(client)
    finally:
        redis_server.cont()
    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
    assert seconds < ANSWER_BOUND_SECONDS


def test_ready_is_503_within_the_bound_when_the_broker_port_is_closed(client, settings):
    settings.CELERY_BROKER_URL = f"redis://user:secret-password@127.0.0.1:{free_port()}/0"
    response, seconds = _ready(client)
    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
    assert seconds < ANSWER_BOUND_SECONDS
    assert "secret-password" not in response.content.decode()


def test_ready_repeats_the_last_answer_within_the_interval(client, monkeypatch):
    monkeypatch.setattr(health, "MIN_INTERVAL", 60.0)
    calls = []
    original = health.FileStorage.run
    monkeypatch.setattr(health.FileStorage, "run", lambda self: calls.append(1) or original(self))
    health._last.update(at=0.0, body=None, status=None)
    for _ in range(5):
        assert _ready(client)[0].status_code == 200
    assert len(calls) == 1


def test_ready_refuses_post(client):
    assert client.post("/health/ready/").status_code == 405
    assert client.post("/health/live/").status_code == 405


def test_live_never_touches_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/health/live/").status_code == 200


def test_ready_body_is_json(client):
    response, _seconds = _ready(client)
    assert json.loads(response.content)["status"] == "ok"
