"""Every URL, every role: the answers match tests/security/url_table.py, and A's private
texts appear only to the people url_table.PRIVATE_TEXT_READERS names.

The world (tests/security/world.py) is built once for the module, inside a transaction rolled
back at the end; each request runs in its own savepoint, so a POST that deletes a page or
signs someone out changes nothing for the next one. Each role's session is made once and
reused by a fresh client per request.

By default this runs every route outside /admin/, every admin route of a rule marked `fast`
(the door, people, bulk actions, the draft lesson, Clinical review, practice records) and
every SAMPLE_EVERY-th other admin route.
`LMS_URL_TABLE=full` runs every route (CI does, in its SQLite step).
"""

import os
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import resolve

from . import url_table
from .url_walk import UnfillableRoute, answer_kind, response_text, route_params, route_url, routes
from .world import MARKERS, world_build

# These tests share one world per module inside one transaction. On PostgreSQL a hostile
# request can leave that shared transaction unusable ("the connection is closed" for every
# later request), which a real server, in autocommit, never sees; until the world is built
# per test there, they run on SQLite, where CI asks the full table (LMS_URL_TABLE=full).
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
SQLITE_ONLY = pytest.mark.skipif(
    ON_POSTGRESQL, reason="shares one transaction per module: runs on SQLite (see the comment)"
)

pytestmark = [
    pytest.mark.url_table,
    SQLITE_ONLY,
    pytest.mark.django_db,
    # Wagtail's image renditions leave a temporary file for the garbage collector.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

FULL = os.environ.get("LMS_URL_TABLE") == "full"
SAMPLE_EVERY = 10
METHODS = ("GET", "POST")

ROUTES = routes()


def _rules_for(route):
    return [
        rule
        for rule in url_table.TABLE
        if re.search(rule.pattern, route.text) and (rule.name is None or rule.name == route.name)
    ]


def _selected(route, rule) -> bool:
    if FULL or rule.fast or not route.text.startswith("admin/"):
        return True
    return route.index % SAMPLE_EVERY == 0


def _test_id(method, route, case, role) -> str:
    label = f" [{case.label}]" if case.label else ""
    return f"{method} {route.text}{label} as {role}"


def _pending(test_id: str):
    for pattern, finding in url_table.PENDING_FIXES.items():
        # Only "*" is a wildcard: the ids hold brackets ("[an administrator]") and "?".
        if re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), test_id):
            return finding
    return None


def _params():
    for route in ROUTES:
        rules = _rules_for(route)
        if len(rules) != 1 or not _selected(route, rules[0]):
            continue  # test_every_route_has_exactly_one_rule reports it
        for case in rules[0].cases:
            if case.get is url_table.SHADOWED:
                yield pytest.param(
                    route, case, "GET", None, id=f"GET {route.text} ({route.name}) is shadowed"
                )
                continue
            for method in METHODS:
                for role in url_table.ROLES:
                    if method == "POST" and _expected(case, method, role)[0] == url_table.ALLOW:
                        # An empty form from someone allowed proves nothing about who may:
                        # what forms do with bad input is tests/security/test_form_fuzz.py's.
                        continue
                    test_id = _test_id(method, route, case, role)
                    finding = _pending(test_id)
                    marks = [pytest.mark.xfail(reason=finding, strict=False)] if finding else []
                    yield pytest.param(route, case, method, role, id=test_id, marks=marks)


# --- Fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return str(tmp_path_factory.mktemp("url-table-media"))


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(media_root, settings):
    """Replaces the suite's per-test media folder: the world's files live for the module."""
    settings.MEDIA_ROOT = media_root
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root):
    from django.test import override_settings

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
            built = world_build()
            built.sessions = {}
            for role, user in built.users.items():
                client = Client()
                client.force_login(user)
                built.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _client(world, role) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def _value(world, param, source):
    if isinstance(source, url_table.lit):
        return source.value
    obj = world[source]
    if param == "uuid":
        return obj.uuid
    if param == "code":
        return obj.code
    return getattr(obj, "pk", obj)


def _url(world, route, case) -> str:
    if case.url is not None:
        path = case.url(world)
    else:
        values = {}
        for param in route_params(route):
            source = case.ids.get(param, url_table.DEFAULT_IDS.get(param))
            if source is None:
                pytest.fail(
                    f"{route}: no id for <{param}>. Add ids={{'{param}': '<world object>'}} to "
                    "its rule in tests/security/url_table.py, or a DEFAULT_IDS entry."
                )
            values[param] = _value(world, param, source)
        try:
            path = route_url(route, values)
        except UnfillableRoute as error:
            pytest.fail(str(error))
    if case.query:
        # "id={administrator}" names world objects; their ids fill the query string.
        path += "?" + re.sub(r"\{(\w+)\}", lambda m: str(world[m[1]].pk), case.query)
    return path


def _expected(case, method, role):
    expected = case.get[role]
    if method == "GET":
        return expected, url_table.OUTCOME_NAMES.get(expected, sorted(expected))
    if case.post is not None:
        expected = case.post[role]
        return expected, url_table.OUTCOME_NAMES.get(expected, sorted(expected))
    if expected == url_table.ALLOW:
        return url_table.ALLOW, "ALLOW"
    refused = expected | url_table.METHOD | url_table.BAD
    return refused, f"refused like its GET ({url_table.OUTCOME_NAMES.get(expected)}), 405 or 400"


# --- The table is complete -----------------------------------------------------------------


def test_every_route_has_exactly_one_rule():
    problems = []
    for route in ROUTES:
        rules = _rules_for(route)
        if not rules:
            problems.append(
                f"{route} (view {route.module}) has no entry in tests/security/url_table.py: "
                "add a rule saying who may GET and POST it."
            )
        elif len(rules) > 1:
            problems.append(f"{route} matches {len(rules)} rules: {[r.pattern for r in rules]}")
    assert not problems, "\n".join(problems)


def test_every_rule_covers_a_route():
    unused = [
        rule.pattern
        for rule in url_table.TABLE
        if not any(
            re.search(rule.pattern, route.text) and (rule.name is None or rule.name == route.name)
            for route in ROUTES
        )
    ]
    assert not unused, f"Rules that match no route (remove or fix them): {unused}"


# --- Every route, every role -------------------------------------------------------------


@pytest.mark.parametrize(("route", "case", "method", "role"), list(_params()))
def test_route(world, route, case, method, role):
    path = _url(world, route, case)
    if role is None:  # a shadowed route: an earlier route serves its path
        served = resolve(path.split("?")[0])
        assert served.func is not route.callback, (
            f"{route} was declared shadowed, but its path {path} reaches it"
        )
        return
    served = resolve(path.split("?")[0])
    assert served.func is route.callback or route.text.startswith("^"), (
        f"{path} is served by {served.view_name or served.func}, not by {route}: "
        "declare this route SHADOWED, or fix its rule's url="
    )
    client = _client(world, role)
    response = client.get(path) if method == "GET" else client.post(path, {})
    kind = answer_kind(response)
    expected, expected_name = _expected(case, method, role)
    where = f"{method} {path} as {role}"
    assert kind in expected, (
        f"{where}: got {kind} ({response.status_code}"
        f"{', to ' + response['Location'] if response.has_header('Location') else ''}), "
        f"the table says {expected_name}"
    )
    body = response_text(response)
    leaks = [
        name
        for name, marker in MARKERS.items()
        if marker in body and role not in url_table.PRIVATE_TEXT_READERS[name]
    ]
    assert not leaks, f"{where} shows A's private {', '.join(leaks)}"
    if role == url_table.OTHER_ORG and case.get["anonymous"] != url_table.ALLOW:
        # Nothing of A's organisation's people reaches an admin of another organisation
        # (public pages, such as a certificate's verification, show what they show anyone).
        seen = [person for person in url_table.OTHER_ORG_NEVER_SEES if person in body]
        assert not seen, f"{where} shows {seen}, of A's organisation"


# --- Private texts reach the people who should read them -----------------------------------


def _reader_params():
    for name, places in url_table.PRIVATE_TEXT_SHOWN_AT.items():
        for role, place in places.items():
            finding = _pending(f"{name} shown to {role}")
            marks = [pytest.mark.xfail(reason=finding, strict=False)] if finding else []
            yield pytest.param(name, role, place, id=f"{name} shown to {role}", marks=marks)


@pytest.mark.parametrize(("name", "role", "place"), list(_reader_params()))
def test_private_text_reaches_its_readers(world, name, role, place):
    """The leak check above could pass by showing nothing: each reader does see the text."""
    assert role in url_table.PRIVATE_TEXT_READERS[name]
    path = place(world)
    response = _client(world, role).get(path)
    assert response.status_code == 200, f"{path} as {role}: {response.status_code}"
    assert MARKERS[name] in response_text(response), f"{path} does not show {name} to {role}"


def test_every_reader_is_shown_each_text():
    missing = [
        f"{name} to {role}"
        for name, readers in url_table.PRIVATE_TEXT_READERS.items()
        for role in readers
        if role not in url_table.PRIVATE_TEXT_SHOWN_AT.get(name, {})
    ]
    assert not missing, f"Say where each reader reads it (PRIVATE_TEXT_SHOWN_AT): {missing}"
