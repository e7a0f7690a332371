"""Every form field of every form gets the same hostile values, and nothing answers 5xx.

The forms are found, not listed: each form page reachable in the URLconf (our routes with the
ids of tests/security/world.py's seeded world, the lesson and course pages, allauth's pages,
our admin pages, and a representative set of Wagtail's own add and edit pages) is fetched as
the role that uses it, its HTML is parsed for <form> elements (html.parser: every input,
textarea and select name), and each form is sent back once per hostile value, with that
value in every field. A test fails, naming the page, the form and the value, on any 5xx, and
on an HTML answer that echoes the script unescaped.

The world is built once for the module inside a transaction rolled back at the end; each
submission runs in a savepoint rolled back after it, so a form that deletes or signs out
changes nothing for the next one.
"""

import os
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings

from .url_table import DEFAULT_IDS, lit
from .url_walk import UnfillableRoute, route_params, route_url, routes
from .world import world_build

# These tests share one world per module inside one transaction. On PostgreSQL a hostile
# request can leave that shared transaction unusable ("the connection is closed" for every
# later request), which a real server, in autocommit, never sees; until the world is built
# per test there, they run on SQLite, where CI asks the full table (LMS_URL_TABLE=full).
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
SQLITE_ONLY = pytest.mark.skipif(
    ON_POSTGRESQL, reason="shares one transaction per module: runs on SQLite (see the comment)"
)

pytestmark = [pytest.mark.django_db, SQLITE_ONLY]

SCRIPT = "<script>alert(1)</script>"
HOSTILE = {
    "nul": "a\x00b",
    "control": "a\x01\x07\x0b\x1b\x7fb",
    "long": "x" * 10_000,
    "huge_number": "99999999999999999999",
    "negative": "-1",
    "negative_huge": "-99999999999999999999",
    "script": SCRIPT,
    "unicode": "\u202eevil\u202c 😀 नमस्ते مرحبا",
    "empty": "",
    "sql": "' OR '1'='1'; DROP TABLE x; --\"",
}

# Wagtail's own admin areas: only a representative set of their forms is fuzzed (below).
WAGTAIL_AREAS = (
    "admin/pages/",
    "admin/images/",
    "admin/documents/",
    "admin/users/",
    "admin/groups/",
    "admin/collections/",
    "admin/workflows/",
    "admin/reports/",
    "admin/redirects/",
    "admin/sites/",
    "admin/locales/",
    "admin/account/",
    "admin/bulk/",
    "admin/editing-sessions/",
    "admin/choose-page/",
    "admin/api/",
    "admin/tag-autocomplete/",
    "admin/failwhale/",
    "admin/jsi18n/",
    "admin/snippets/choose/",
    "admin/forms/",
    "admin/logout/",
    "admin/password_reset/",
    "admin/login/",
    "admin/searchpicks/",
    "admin/choose-",
    "admin/embeds/",
    "admin/generic-",
    "admin/sidebar",
    "admin/chooser",
    "admin/workflow",
)


def _role_for(path: str) -> tuple[str, ...]:
    if path.startswith("/admin/"):
        return ("administrator",)
    if path.startswith("/supervise/"):
        return ("supervisor_a",)
    if path.startswith("/accounts/"):
        return ("anonymous", "trainee_a")
    if path.startswith("/verify/"):
        return ("anonymous",)
    return ("trainee_a",)


def _candidate_routes():
    """Routes whose page may hold a form: ours, allauth's, and Wagtail-generated admin pages
    for our models (their add, edit and list pages); not Wagtail's own areas."""
    for route in routes():
        text = route.text
        if "^" in text or "(?P" in text or text.endswith((".csv", ".pdf", ".png")):
            continue
        if text.startswith("admin/"):
            if text.startswith(WAGTAIL_AREAS) or "history" in text or "usage" in text:
                continue
            if "preview" in text or "results" in text or "chosen" in text:
                continue
        elif not (route.ours or text.startswith("accounts/")):
            continue
        if text.startswith("accounts/") and route_params(route):
            continue  # confirmation keys and tokens: no form without a real one
        yield route


# A representative set of Wagtail's own form pages, for the models and snippets of ours and
# for the people admin: (label, world -> path).
WAGTAIL_PAGES = {
    "edit a lesson page": lambda w: f"/admin/pages/{w['lesson'].pk}/edit/",
    "edit a course page": lambda w: f"/admin/pages/{w['course'].pk}/edit/",
    "add a lesson page": lambda w: f"/admin/pages/add/courses/lessonpage/{w['module'].pk}/",
    "add a crisis line": lambda w: "/admin/snippets/content/crisisline/add/",
    "edit a crisis line": lambda w: (
        f"/admin/snippets/content/crisisline/edit/{w['crisis_line'].pk}/"
    ),
    "edit a user": lambda w: f"/admin/users/edit/{w['trainee_a_user'].pk}/",
    "add a user": lambda w: "/admin/users/add/",
    "edit a group": lambda w: f"/admin/groups/edit/{w['group'].pk}/",
    "edit a document": lambda w: f"/admin/documents/edit/{w['document'].pk}/",
    "the admin account page": lambda w: "/admin/account/",
    "the lesson (trainee)": lambda w: w["lesson"].url,
    "the course (trainee)": lambda w: w["course"].url,
    "the other course (trainee)": lambda w: w["other_course"].url,
}


def _page_params():
    for route in _candidate_routes():
        yield pytest.param(("route", route), id=f"{route.text} ({route.name})")
    for label in WAGTAIL_PAGES:
        yield pytest.param(("page", label), id=label)


# --- Finding forms -------------------------------------------------------------------------


class FormParser(HTMLParser):
    """Every <form>: its method, action and the names of its fields (in page order)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "id": attrs.get("id") or attrs.get("class") or "",
                "fields": [],
            }
            self.forms.append(self._form)
        elif tag in ("input", "textarea", "select", "button") and attrs.get("name"):
            form = self._form
            if attrs.get("form"):  # a field outside its form, tied by id
                form = next((f for f in self.forms if f["id"] == attrs["form"]), form)
            if form is not None and attrs["name"] not in form["fields"]:
                form["fields"].append(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def forms_in(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return [form for form in parser.forms if form["fields"]]


# --- Fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return str(tmp_path_factory.mktemp("fuzz-media"))


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(media_root, settings):
    settings.MEDIA_ROOT = media_root
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
            built = world_build()
            built.sessions = {}
            people = {**built.users, "administrator": built["administrator"]}
            for role, user in people.items():
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
    if isinstance(source, lit):
        return source.value
    obj = world[source]
    if param == "uuid":
        return obj.uuid
    if param == "code":
        return obj.code
    return getattr(obj, "pk", obj)


def _path(world, kind, what) -> str | None:
    if kind == "page":
        return WAGTAIL_PAGES[what](world)
    values = {}
    for param in route_params(what):
        source = DEFAULT_IDS.get(param)
        if source is None:
            return None
        values[param] = _value(world, param, source)
    try:
        return route_url(what, values)
    except UnfillableRoute:
        return None


def _submit(client, form, page_path, value):
    action = urljoin(page_path, form["action"]) if form["action"] else page_path
    parts = urlsplit(action)
    if parts.netloc and parts.netloc not in ("testserver", ""):
        return None, action  # another site's form: not ours to fuzz
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    data = {name: value for name in form["fields"] if name != "csrfmiddlewaretoken"}
    with transaction.atomic():
        if form["method"] == "post":
            response = client.post(target, data)
        else:
            response = client.get(parts.path, data)
        transaction.set_rollback(True)
    return response, action


def _body(response) -> str:
    if getattr(response, "streaming", False):
        response.close()  # a file (CSV, PDF): nothing a browser renders as a page
        return ""
    return response.content.decode("utf-8", errors="replace")


@pytest.mark.parametrize("page", list(_page_params()))
def test_hostile_values_in_every_field_never_cause_a_server_error(world, page):
    kind, what = page
    path = _path(world, kind, what)
    if path is None:
        pytest.skip("no world object fills this route's ids")
    failures, fuzzed = [], 0
    seen = set()
    for role in _role_for(path):
        client = _client(world, role)
        response = client.get(path)
        assert response.status_code < 500, f"GET {path} as {role}: {response.status_code}"
        html = _body(response)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in forms_in(html):
            key = (form["method"], form["action"], tuple(form["fields"]))
            if key in seen:
                continue
            seen.add(key)
            fuzzed += 1
            for label, value in HOSTILE.items():
                client = _client(world, role)
                answer, action = _submit(client, form, path, value)
                if answer is None:
                    break
                where = f"{form['method'].upper()} {action} ({form['id']!r}) as {role}, {label}"
                if answer.status_code >= 500:
                    failures.append(f"{where}: {answer.status_code}")
                elif SCRIPT in _body(answer) and "html" in answer.get("Content-Type", ""):
                    failures.append(f"{where}: the script came back unescaped")
    assert not failures, "\n".join(failures)
    if fuzzed == 0:
        pytest.skip(f"{path} has no form for {_role_for(path)}")
