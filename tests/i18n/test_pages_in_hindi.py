"""Every page a trainee, a supervisor or a visitor can open, in Hindi, shows no English
interface text.

The pages are the URL table's (tests/security/url_table.py): every route outside the admin
that the table lets trainee A, supervisor A or an anonymous visitor GET, filled with the same
world's ids. Trainee A and supervisor A prefer Hindi; the visitor has chosen Hindi with the
language switch (the language cookie). Each HTML page must say `<html lang="hi">` and show no
text that is one of our English interface strings (tests/i18n/catalogue.py says how that is
read; content an editor wrote is not checked, and an English original shown on purpose sits
in an element marked `lang="en"`). The error pages are checked the same way.
"""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import translation

from lms.models import User
from tests.security import url_table
from tests.security.test_url_table import (  # noqa: F401 - fixtures
    ROUTES,
    SQLITE_ONLY,
    _isolated_media_and_cache,
    _rules_for,
    _url,
    media_root,
    world,
)
from tests.security.url_walk import response_text

from .catalogue import english_leftovers, visible_texts

pytestmark = [
    pytest.mark.url_table,
    SQLITE_ONLY,
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

ROLES = ("anonymous", "trainee_a", "supervisor_a")


def _pages():
    for route in ROUTES:
        if route.text.startswith(("admin/", "django-admin/")):
            continue
        rules = _rules_for(route)
        if len(rules) != 1:
            continue  # the URL table test reports it
        for case in rules[0].cases:
            if case.get is url_table.SHADOWED:
                continue
            for role in ROLES:
                if case.get[role] == url_table.ALLOW:
                    label = f" [{case.label}]" if case.label else ""
                    yield pytest.param(route, case, role, id=f"{route.text}{label} as {role}")


@pytest.fixture(scope="module")
def hindi_world(request, django_db_blocker):
    built = request.getfixturevalue("world")
    with django_db_blocker.unblock():
        User.objects.filter(
            pk__in=[built.users["trainee_a"].pk, built.users["supervisor_a"].pk]
        ).update(preferred_language="hi")
    return built


def _client(built, role) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = built.sessions[role]
    return client


def _assert_hindi(where: str, html: str):
    lang, _ = visible_texts(html)
    assert lang == "hi", f"{where}: <html lang={lang!r}>, not 'hi'"
    leftovers = english_leftovers(html)
    assert not leftovers, (
        f"{where} shows English interface text in Hindi: {leftovers}. Translate it in "
        "locale/hi/LC_MESSAGES/django.po (or, if it stays English on purpose, list it in "
        "locale/keep_in_english.txt)."
    )


@pytest.mark.parametrize(("route", "case", "role"), list(_pages()))
def test_page_in_hindi(hindi_world, route, case, role):
    path = _url(hindi_world, route, case)
    response = _client(hindi_world, role).get(path)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        pytest.skip(f"{path} answers {response.status_code} {response.get('Content-Type')}")
    _assert_hindi(f"{path} as {role}", response_text(response))


@pytest.mark.parametrize("status", [400, 403, 404, 429, 500])
def test_error_pages_in_hindi(status):
    from django.template import loader

    request = RequestFactory().get("/")
    with translation.override("hi"):
        request.LANGUAGE_CODE = "hi"
        html = loader.render_to_string(f"{status}.html", {"request": request}, request=request)
    _assert_hindi(f"the {status} page", html)


def test_the_check_finds_english(hindi_world):
    """The check above could pass by finding nothing: an English page fails it."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = hindi_world.sessions["trainee_b"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = response_text(client.get("/learn/"))
    assert english_leftovers(html), "an English dashboard shows no English interface text"
