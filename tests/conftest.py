"""Shared fixtures: the site as setup_site builds it, users per role, and service gates.

Tests that need PostgreSQL, Redis, a Celery worker or a browser ask for the matching
fixture; it skips with the reason when the service is missing, and fails instead when
LMS_REQUIRE_SERVICES=1 (as in CI).
"""

import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from lms import consent, roles
from lms.services import site_setup
from tests.factories import UserFactory
from tests.factories.lms import PASSWORD

REQUIRE_SERVICES = os.environ.get("LMS_REQUIRE_SERVICES") == "1"
TEST_REDIS_URL = os.environ.get("LMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def require(service: str, reason: str | None):
    """Skip (or, with LMS_REQUIRE_SERVICES=1, fail) when `reason` says a service is missing."""
    if reason is None:
        return
    message = f"{service} is not available: {reason}"
    if REQUIRE_SERVICES:
        pytest.fail(f"{message} (LMS_REQUIRE_SERVICES=1 makes this a failure)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts as a real installation does: migrated, then setup_site."""
    with django_db_blocker.unblock():
        site_setup()


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (live server, Celery worker) ends by emptying every table, which
    would leave the next tests without the groups and pages setup_site made: rebuild them."""
    yield
    # After the last test the session's database is already gone, and nobody needs it.
    if nextitem is not None and _is_transactional(item):
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _wagtail_initial_data_ensure()
            site_setup()
            # Browser tests keep an event loop running in this thread, so the connection
            # used here may not be the one the test database teardown closes; PostgreSQL
            # would then refuse to drop the database. Close it now.
            connections.close_all()


def _wagtail_initial_data_ensure():
    """The flush also removed what Wagtail's own migrations create: a locale and the roots."""
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if Page.get_first_root_node() is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        Page.add_root(instance=Page(title="Root", slug="root"))


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private_media")
    cache.clear()
    # No privacy notice is in force (the test settings publish none), and the gate knows it as
    # a warm cache does, without a query (lms.consent); tests/factories/consent.py publishes.
    cache.set(consent.CACHE_KEY, 0)
    yield
    cache.clear()
    shutil.rmtree(tmp_path / "media", ignore_errors=True)
    shutil.rmtree(tmp_path / "private_media", ignore_errors=True)


@pytest.fixture(autouse=True)
def _language_of_the_installation():
    """Each test starts in the installation's language. A request leaves its language active
    in the thread (Django's LocaleMiddleware and ours activate it and never restore it, as a
    server's next request activates its own), so a Hindi reader's page in one test made the
    next test's reports and CSV headers Hindi."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def trainee(db):
    return UserFactory(role=roles.TRAINEE, email="trainee.t@example.org")


@pytest.fixture
def supervisor(db):
    return UserFactory(role=roles.SUPERVISOR, email="supervisor.s@example.org")


@pytest.fixture
def editor(db):
    return UserFactory(role=roles.CONTENT_EDITOR, email="editor.e@example.org")


@pytest.fixture
def reviewer(db):
    return UserFactory(role=roles.CLINICAL_REVIEWER, email="reviewer.r@example.org")


@pytest.fixture
def programme_admin(db):
    return UserFactory(role=roles.PROGRAMME_ADMIN, email="admin.a@example.org")


@pytest.fixture
def postgres():
    """The test database is PostgreSQL (DATABASE_URL points at one)."""
    from django.db import connection

    require(
        "PostgreSQL",
        None
        if connection.vendor == "postgresql"
        else "DATABASE_URL does not point at PostgreSQL; this run uses " + connection.vendor,
    )
    return connection


@pytest.fixture
def redis_url():
    """A Redis database of the tests' own (LMS_TEST_REDIS_URL, default db 15), emptied."""
    import redis

    try:
        client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2)
        client.ping()
    except redis.RedisError as error:
        require("Redis", f"{TEST_REDIS_URL} did not answer ({error})")
    client.flushdb()
    yield TEST_REDIS_URL
    client.flushdb()
    client.close()
