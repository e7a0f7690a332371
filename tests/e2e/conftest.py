"""Browser fixtures: Debian's chromium driven by Playwright, against pytest-django's live server.

Playwright's sync API keeps an asyncio event loop alive in this thread, which makes Django
refuse ORM calls ("You cannot call this from an async context"). The tests here call the ORM
only between browser steps, never concurrently with them, so lifting the guard is safe.
It is set at import because the loop outlives each test (the browser is session-scoped).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.test.utils import override_settings

from lms import roles
from lms.services import site_setup
from tests.conftest import require
from tests.factories import UserFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def _chromium_missing() -> str | None:
    if not Path(CHROMIUM).exists() or not shutil.which(CHROMIUM):
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    return None


# The database as the first browser test found it (migrated, setup_site run), serialized.
_baseline: dict[str, str] = {}


def _remember_baseline(connection) -> None:
    """Serialize the database once, and hang it where Django's TransactionTestCase looks.

    With serialized_rollback, Django flushes without re-running post_migrate and restores
    `connection._test_serialized_contents` before the next test. pytest-django only sets that
    attribute when it creates the database, and a test that swaps DATABASES gets a fresh
    connection object without it: then the flush would leave no page tree behind. Setting
    it here keeps the restore working whatever ran before.
    """
    if "rows" not in _baseline:
        _baseline["rows"] = getattr(connection, "_test_serialized_contents", None) or (
            connection.creation.serialize_db_to_string()
        )
    connection._test_serialized_contents = _baseline["rows"]


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """Straight after a browser test's flush, put the baseline rows back (Wagtail's root page,
    locale and collection, content types, permissions, setup_site's groups and pages).

    Django would only restore them when the next transactional test starts; code that runs
    in between (another teardown hook, the plain tests) needs them now. trylast makes this
    the innermost wrapper, so it runs before any other teardown hook's code.
    """
    yield
    if nextitem is None or item.get_closest_marker("browser") is None or "rows" not in _baseline:
        return  # at the end of the session the test database is already gone
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        connection.creation.deserialize_db_from_string(_baseline["rows"])


@pytest.fixture(scope="session", autouse=True)
def _static_root_for_live_server(tmp_path_factory):
    """Give WhiteNoise an existing STATIC_ROOT before the live server builds its handler.

    Without `collectstatic` the directory is missing and WhiteNoise warns (an error under
    our warning filters). The live server serves static files from the finders anyway.
    Session-scoped and autouse, so it runs before the live server starts.
    """
    with override_settings(STATIC_ROOT=str(tmp_path_factory.mktemp("static_root"))):
        yield


@pytest.fixture(scope="session")
def browser():
    """One chromium for the whole run; each test gets its own context (cookies, viewport)."""
    require("Chromium", _chromium_missing())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server):
    """The site as setup_site builds it, on a live server.

    Browser tests are transactional (the server thread must see their rows), and a
    transactional test empties the database afterwards; serialized_rollback on the marker
    and the baseline above bring back the page tree and groups, and site_setup makes sure
    of the rest.
    """
    from django.db import connection

    _remember_baseline(connection)
    site_setup()
    yield live_server
    # Restoring the serialized rows builds Wagtail Task objects, whose __init__ looks up
    # their content type; create_permissions (run by site_setup) cleared that cache, so the
    # lookup would insert a duplicate content type into the flushed database. Fill the
    # cache while the rows still exist.
    ContentType.objects.get_for_models(*django_apps.get_models(), for_concrete_models=False)


def _new_page(browser, site, viewport):
    context = browser.new_context(base_url=site.url, viewport=viewport, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    return context, page


@pytest.fixture
def page(browser, site):
    """A desktop-sized tab in a fresh browser context."""
    context, page = _new_page(browser, site, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, site):
    """A 360×740 tab, the smallest phone the site is designed for."""
    context, page = _new_page(browser, site, PHONE)
    yield page
    context.close()


@pytest.fixture
def learner(site):
    """A trainee with a verified email who can sign in with the `password` fixture."""
    return UserFactory(
        role=roles.TRAINEE, email="asha.learner@example.org", full_name="Asha Learner"
    )


@pytest.fixture
def sign_in_as(site):
    """Give a browser context the session cookie of a signed-in user.

    Quicker than the form, and independent of it: the login journey covers the form itself.
    """

    def sign_in_as(page, user):
        client = Client()
        client.force_login(user)
        session_cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": session_cookie.key, "value": session_cookie.value, "url": site.url}]
        )

    return sign_in_as
