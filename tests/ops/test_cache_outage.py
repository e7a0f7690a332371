"""Redis is an accelerator, never a dependency (lms.cache.ResilientRedisCache).

Each test runs its own redis-server, points the cache at it, warms the pages a trainee and a
visitor use, and then kills, pauses (SIGSTOP) or restarts that server: every page still
answers, sign-in still works, failed sign-ins are still limited, the outage is logged once,
and the cache is used again when Redis comes back.
"""

import logging
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from courses.page_cache import content_version, content_version_bump
from courses.services import enrolment_create
from tests.factories import course_tree_build
from tests.factories.certificates import CertificateFactory
from tests.ops.redis_server import redis_server  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.redis]

LOGIN_URL = "/accounts/login/"
LOCKED_MESSAGE = "Too many failed login attempts. Try again later."
# Generous for a loaded 2-core machine; a hung request would take the socket timeouts times
# the number of cache calls, or forever.
PAGE_BOUND_SECONDS = 2.0


@pytest.fixture
def redis_cache(settings, redis_server):  # noqa: F811 - the fixture imported above
    settings.CACHES = {
        "default": {
            "BACKEND": "lms.cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "lms",
            "RETRY_AFTER": 1,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    cache.clear()
    yield redis_server
    # Resume a paused server before the conftest's cache.clear() talks to it.
    if redis_server.paused:
        redis_server.cont()


@pytest.fixture
def world(db, trainee):
    tree = course_tree_build(modules=1, lessons=2)
    enrolment_create(user=trainee, course=tree.course)
    certificate = CertificateFactory(
        issued=True, issued_on=timezone.localdate(), holder_name="Asha Verma"
    )
    return {
        "home": "/",
        "course": tree.course.url,
        "lesson": tree.lessons[0].url,
        "dashboard": reverse("courses:dashboard"),
        "sign_in": LOGIN_URL,
        "verify": reverse("verify:detail", args=[certificate.code]),
    }


def _pages_answer(client, trainee, world):
    """Each page, for the visitor or the enrolled trainee it is for: status and seconds."""
    results = {}
    for name, url in world.items():
        client.logout()
        if name in ("course", "lesson", "dashboard"):
            client.force_login(trainee)
        started = time.monotonic()
        response = client.get(url)
        results[name] = (response.status_code, time.monotonic() - started)
    return results


def _redis_keys(server) -> int:
    import redis

    client = redis.Redis.from_url(server.url, socket_timeout=5)
    try:
        return client.dbsize()
    finally:
        client.close()


def _assert_all_answer(results):
    for name, (status, seconds) in results.items():
        assert status == 200, f"{name} answered {status}"
        assert seconds < PAGE_BOUND_SECONDS, f"{name} took {seconds:.1f} s"


def test_with_redis_killed_every_page_answers_and_sign_in_works_and_is_limited(
    client, trainee, password, redis_cache, world
):
    _assert_all_answer(_pages_answer(client, trainee, world))
    assert _redis_keys(redis_cache) > 0  # the pages did use Redis

    redis_cache.kill()

    _assert_all_answer(_pages_answer(client, trainee, world))
    client.logout()
    response = client.post(LOGIN_URL, {"login": trainee.email, "password": password})
    assert response.status_code == 302
    client.logout()
    for _attempt in range(5):
        response = client.post(LOGIN_URL, {"login": trainee.email, "password": "wrong-guess"})
        assert response.status_code == 200
        assert LOCKED_MESSAGE not in response.content.decode()
    response = client.post(LOGIN_URL, {"login": trainee.email, "password": password})
    assert LOCKED_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_with_redis_paused_every_page_answers_within_the_bound(
    client, trainee, password, redis_cache, world
):
    _assert_all_answer(_pages_answer(client, trainee, world))

    redis_cache.pause()
    try:
        _assert_all_answer(_pages_answer(client, trainee, world))
        # Past the retry interval the next call probes the paused server once, and still
        # answers in time.
        time.sleep(1.2)
        _assert_all_answer(_pages_answer(client, trainee, world))
        client.logout()
        response = client.post(LOGIN_URL, {"login": trainee.email, "password": password})
        assert response.status_code == 302
    finally:
        redis_cache.cont()


def test_when_redis_returns_the_cache_uses_it_again_and_changes_made_meanwhile_count(
    client, trainee, redis_cache, world
):
    _assert_all_answer(_pages_answer(client, trainee, world))
    version_before = content_version()

    redis_cache.pause()
    try:
        cache.get("anything")  # notices the outage
        # An editor publishes while Redis is away: the content version (in the database) changes.
        content_version_bump()
        assert cache.set("written-meanwhile", "x") is None
    finally:
        redis_cache.cont()
    # Redis still holds the version from before the outage, until the probe.
    deadline = time.monotonic() + 30
    while cache._circuit.down and time.monotonic() < deadline:
        time.sleep(0.2)
        cache.get("probe")
    assert not cache._circuit.down

    # What changed during the outage is not undone by Redis's older copy.
    assert content_version() != version_before
    cache.set("after", "y")
    assert _redis_keys(redis_cache) > 0
    import redis

    direct = redis.Redis.from_url(redis_cache.url)
    try:
        assert direct.get(cache.make_key("after")) is not None
        assert direct.get(cache.make_key("written-meanwhile")) is None
    finally:
        direct.close()
    _assert_all_answer(_pages_answer(client, trainee, world))


def test_an_outage_is_logged_once_when_it_starts_and_once_when_it_ends(
    client, trainee, redis_cache, world, caplog
):
    _assert_all_answer(_pages_answer(client, trainee, world))
    caplog.set_level(logging.INFO, logger="lms.cache")

    redis_cache.pause()
    try:
        for _round in range(3):
            _assert_all_answer(_pages_answer(client, trainee, world))
        time.sleep(1.2)  # past the retry interval: a probe that fails is not logged again
        _assert_all_answer(_pages_answer(client, trainee, world))
    finally:
        redis_cache.cont()
    time.sleep(1.2)
    _assert_all_answer(_pages_answer(client, trainee, world))

    records = [r for r in caplog.records if r.name == "lms.cache"]
    assert [r.levelname for r in records] == ["WARNING", "INFO"], [r.getMessage() for r in records]
    assert "unreachable" in records[0].getMessage()
    assert "back" in records[1].getMessage()


def test_verify_rate_limit_still_applies_while_redis_is_down(client, settings, redis_cache, world):
    settings.CERTIFICATES_VERIFY_RATE = "3/m"
    redis_cache.kill()
    statuses = [client.get(world["verify"]).status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[-1] == 429
