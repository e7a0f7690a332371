"""Bad input gets a clear answer, never a 500 (issue 12, findings 5 and 6).

- An id too large for the database (99999999999999999999) in any route is a 404. The routes
  are read from the URLconf, so a new route is covered the day it is added.
- The same number in an admin list filter (`?course=`) is an invalid choice, not a 500.
- Crisis lines can be searched in the admin on SQLite (the index backend failed there).
- NUL bytes and other control characters are refused, with a message, by the reflection and
  scenario endpoint, the CSV enrolment import and our forms; a NUL sent to a form that is not
  ours (allauth's, Wagtail's) gets a 400 page that says why.
"""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from content.models import CrisisLine
from courses.enrolment_import import ImportRefused, enrolments_import
from courses.models import Enrolment, LessonResponse
from courses.services import enrolment_create
from lms.text import MESSAGE as CONTROL_CHARACTERS_MESSAGE
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    UserFactory,
    course_tree_build,
    enrolment_csv,
)
from tests.factories.practice import PracticeCategoryFactory

pytestmark = pytest.mark.django_db

BIG = "99999999999999999999"  # more than 64 bits
OUR_APPS = ("lms.", "courses.", "assessments.", "certificates.", "content.")
JSON = {"HTTP_ACCEPT": "application/json"}


# --- Ids out of range ----------------------------------------------------------------------


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "view_class", entry.callback)
            module = getattr(view, "__module__", "") or ""
            yield prefix + str(entry.pattern), entry, module


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _is_id_param(converter: str, name: str) -> bool:
    return converter in ("int", "id") or (
        converter == "str" and (name == "pk" or name.endswith("_id"))
    )


def _id_routes():
    """Every `path()` route with an id in it, and the view's module. Wagtail's regex routes
    (revision comparisons) take digits in a regex and are left to the URL table."""
    for route, entry, module in _walk(get_resolver().url_patterns):
        if not isinstance(entry.pattern, RoutePattern) or "^" in route or "(?P" in route:
            continue
        params = _PARAM.findall(route)
        if params and any(_is_id_param(c, n) for c, n in params):
            yield route, tuple(params), module


ID_ROUTES = sorted(set(_id_routes()), key=lambda r: r[0])
OUR_ID_ROUTES = [r for r in ID_ROUTES if r[2].startswith(OUR_APPS) or "<id:" in r[0]]


def _filled(route: str, params) -> str:
    url = route
    for converter, name in params:
        if _is_id_param(converter, name):
            value = BIG
        elif converter == "uuid":
            value = "00000000-0000-0000-0000-000000000000"
        else:
            value = "x"
        url = url.replace(f"<{converter}:{name}>" if converter else f"<{name}>", value, 1)
    return "/" + url


@pytest.fixture
def administrator(db):
    return UserFactory(is_superuser=True, is_staff=True, email="root.r@example.org")


def test_our_hand_written_routes_take_ids_through_the_id_converter():
    """`<int:...>` matches any run of digits; `<id:...>` only what a primary key can hold.
    (The admin's routes Wagtail generates for our models use `int` for an integer primary key,
    which Django's lookups check for range; the test below asks them all for a 404.)"""
    routes = [
        route
        for route, _params, module in ID_ROUTES
        if module.startswith(OUR_APPS) and not route.startswith("admin/")
    ]
    assert len(routes) > 15, "the URLconf walk lost our routes"
    with_int = [route for route in routes if "<int:" in route]
    assert with_int == [], f"use <id:...> for ids in: {with_int}"


@pytest.mark.parametrize(
    "route, params, module", OUR_ID_ROUTES, ids=[route for route, *_ in OUR_ID_ROUTES]
)
def test_an_id_too_large_for_the_database_is_a_404(client, administrator, route, params, module):
    client.force_login(administrator)
    url = _filled(route, params)
    # A view that takes only POST may refuse a GET before it looks anything up.
    assert client.get(url, follow=True).status_code in (404, 405), url
    assert client.post(url, follow=True).status_code == 404, url


WAGTAIL_ID_ROUTES = [r for r in ID_ROUTES if r not in OUR_ID_ROUTES]


def test_wagtail_admin_routes_with_a_huge_id_do_not_fail(client, administrator):
    """Wagtail's own routes (pages, snippets, users, images, ...) with the same number: a
    404 or a refusal, never a server error. One test, to keep the run short."""
    client.force_login(administrator)
    client.raise_request_exception = False
    failures = []
    for route, params, _module in WAGTAIL_ID_ROUTES:
        if route == "admin/failwhale/":  # Wagtail's page that exists to show a 500
            continue
        url = _filled(route, params)
        status = client.get(url).status_code
        if status >= 500:
            failures.append(f"GET {url}: {status}")
    assert len(WAGTAIL_ID_ROUTES) > 50
    assert failures == []


def test_a_huge_id_in_a_wagtail_chooser_query_string_is_a_400_not_a_500(client, administrator):
    """SQLite cannot bind the number (OverflowError: a 400 that says why); PostgreSQL compares
    it as a numeric and finds no page. Either way, no server error."""
    client.force_login(administrator)
    client.raise_request_exception = False
    response = client.get(reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": BIG})
    if connection.vendor == "sqlite":
        assert response.status_code == 400
        assert "too large" in response.content.decode()
    else:
        assert response.status_code < 500


@pytest.fixture
def listed(db):
    """A course, cohort and enrolment, so the admin lists have rows and filter choices."""
    cohort = CohortFactory()
    enrolment = EnrolmentFactory(course=cohort.course, cohort=cohort)
    PracticeCategoryFactory(course=cohort.course, name="One-to-one")
    return enrolment


ADMIN_FILTERS = [
    ("enrolment:index", "course"),
    ("enrolment:index", "cohort"),
    ("enrolment:index_results", "course"),
    ("cohort:index", "course"),
    ("certificates_admin:index", "course"),
    ("questions:index", "bank"),
    ("questions:index", "category"),
    ("questions:approve", "id"),
    ("practice_category:index", "course"),
    ("practice_records:index", "cohort"),
    ("enrolment:import", "cohort"),
    ("enrolment:add", "cohort"),
    ("gift_import:index", "bank"),
]


def _reverse_or_skip(name):
    from django.urls import NoReverseMatch

    try:
        return reverse(name)
    except NoReverseMatch:
        pytest.fail(f"no route named {name}: update ADMIN_FILTERS")


@pytest.mark.parametrize("name, parameter", ADMIN_FILTERS)
def test_an_admin_filter_with_a_huge_id_still_shows_the_list(
    client, administrator, listed, name, parameter
):
    client.force_login(administrator)
    response = client.get(_reverse_or_skip(name), {parameter: BIG})
    assert response.status_code in (200, 400), response.status_code


def test_the_enrolment_filter_says_the_course_is_not_a_valid_choice(
    client, programme_admin, listed
):
    client.force_login(programme_admin)
    response = client.get(reverse("enrolment:index"), {"course": BIG})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


# --- Crisis lines search -------------------------------------------------------------------


def test_crisis_lines_can_be_searched_in_the_admin(client, editor):
    CrisisLine.objects.create(name="Kiran helpline", phone_numbers="1800-599-0019", region="India")
    CrisisLine.objects.create(name="Vandrevala", phone_numbers="9999666555", region="Gujarat")
    client.force_login(editor)
    url = reverse("wagtailsnippets_content_crisisline:list")
    for query, found, not_found in (
        ("kiran", "Kiran helpline", "Vandrevala"),
        ("Gujarat", "Vandrevala", "Kiran helpline"),
        ("1800-599", "Kiran helpline", "Vandrevala"),
    ):
        response = client.get(url, {"q": query})
        assert response.status_code == 200, query
        html = response.content.decode()
        assert found in html and not_found not in html, query


def test_crisis_lines_can_be_searched_in_the_chooser(client, editor):
    CrisisLine.objects.create(name="Kiran helpline", phone_numbers="1800-599-0019", region="India")
    client.force_login(editor)
    response = client.get(
        reverse("wagtailsnippetchoosers_content_crisisline:choose_results"), {"q": "Kiran"}
    )
    assert response.status_code == 200
    assert "Kiran helpline" in response.content.decode()


# --- Control characters ------------------------------------------------------------------


@pytest.fixture
def lesson_world(trainee):
    tree = course_tree_build(modules=1, lessons=1)
    enrolment = enrolment_create(user=trainee, course=tree.course)
    lesson = tree.lessons[0]
    return lesson, tree, enrolment


@pytest.mark.parametrize("block_type", ["reflection", "scenario"])
@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b", "\x7f"])
def test_a_response_with_a_control_character_is_refused_and_the_text_kept(
    client, trainee, lesson_world, block_type, bad
):
    lesson, tree, _enrolment = lesson_world
    client.force_login(trainee)
    block_id = tree.block_id(lesson, block_type)
    url = reverse("courses:response_save", args=[lesson.pk, block_id])
    text = f"It helped when a friend{bad} said she had been there."

    response = client.post(url, {"text": text, "shared_field": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert str(CONTROL_CHARACTERS_MESSAGE) in html
    assert "said she had been there.</textarea>" in html  # kept for the trainee to fix

    response = client.post(url, {"text": text}, **JSON)
    assert response.status_code == 400
    assert response.json() == {"error": str(CONTROL_CHARACTERS_MESSAGE)}
    assert not LessonResponse.objects.exists()


def test_tabs_and_newlines_in_a_response_are_ordinary_text(client, trainee, lesson_world):
    lesson, tree, _enrolment = lesson_world
    client.force_login(trainee)
    url = reverse("courses:response_save", args=[lesson.pk, tree.block_id(lesson, "reflection")])
    response = client.post(url, {"text": "First,\tthen:\r\nsecond."}, **JSON)
    assert response.status_code == 200
    assert LessonResponse.objects.get().text == "First,\tthen:\r\nsecond."


@pytest.mark.parametrize("bad", ["\x00", "\x0b", "\x7f"])
def test_a_csv_row_with_a_control_character_is_refused_and_nothing_created(programme_admin, bad):
    cohort = CohortFactory()
    data = enrolment_csv(
        ("ok.person@example.org", "Okay Person", ""),
        ("nul.person@example.org", f"Nul{bad}Person", ""),
    )
    with pytest.raises(ImportRefused) as refused:
        enrolments_import(cohort=cohort, file=io.BytesIO(data), by=programme_admin)
    [error] = refused.value.errors
    assert error.row == 3
    assert "control character" in error.message
    assert not Enrolment.objects.filter(cohort=cohort).exists()
    assert not UserFactory._meta.model.objects.filter(email__endswith=".person@example.org")


def test_the_import_page_shows_the_row_error(client, programme_admin):
    cohort = CohortFactory()
    client.force_login(programme_admin)
    data = enrolment_csv(("nul.person@example.org", "Nul\x00Person", ""))
    response = client.post(
        reverse("enrolment:import"),
        {"cohort": cohort.pk, "file": SimpleUploadedFile("t.csv", data, content_type="text/csv")},
    )
    assert response.status_code == 400
    assert "invisible control character" in response.content.decode()
    assert not Enrolment.objects.filter(cohort=cohort).exists()


def test_our_forms_refuse_control_characters_next_to_the_field(client, trainee):
    client.force_login(trainee)
    response = client.post(
        reverse("profile"),
        {"full_name": "Asha\x07 Rao", "preferred_language": "", "time_zone": ""},
    )
    assert response.status_code in (200, 400)
    assert "invisible control character" in response.content.decode()
    trainee.refresh_from_db()
    assert "\x07" not in trainee.full_name


def test_a_nul_byte_in_a_form_that_is_not_ours_gets_a_400_page_saying_why(client, trainee):
    response = client.post(
        reverse("account_login"), {"login": "trainee.t@example.org", "password": "x\x00y"}
    )
    assert response.status_code == 400
    assert "NUL byte" in response.content.decode()


def test_a_nul_byte_in_a_query_string_gets_a_400_page(client, trainee):
    client.force_login(trainee)
    response = client.get(reverse("courses:dashboard"), {"q": "a\x00b"})
    assert response.status_code == 400
    assert "NUL byte" in response.content.decode()


# --- The backstop for Wagtail's own forms ----------------------------------------------------


def test_an_unbalanced_quote_in_the_page_explorer_search_gets_a_400_saying_why(
    client, administrator
):
    client.force_login(administrator)
    client.raise_request_exception = False
    response = client.get(reverse("wagtailadmin_explore_root"), {"q": 'say "hi'})
    assert response.status_code in (200, 400)  # PostgreSQL reads it; SQLite's FTS5 cannot
    if response.status_code == 400:
        assert "quotation marks" in response.content.decode()


def test_a_page_edit_post_with_malformed_hidden_fields_gets_a_400_not_a_500(client, administrator):
    tree = course_tree_build(modules=1, lessons=1)
    lesson = tree.lessons[0]
    client.force_login(administrator)
    client.raise_request_exception = False
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        {"title": "Lesson", "slug": "lesson-1", "body-count": "<script>alert(1)</script>"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "nothing was saved" in html
    assert "<script>alert(1)</script>" not in html
    lesson.refresh_from_db()
    assert lesson.title == "Lesson 1.1"


def test_a_gift_file_with_a_control_character_is_refused_with_its_line():
    from assessments.quizzes.gift import GiftError
    from assessments.quizzes.gift_reader import load_gift_bytes

    with pytest.raises(GiftError) as caught:
        load_gift_bytes(b"Fine?{T}\n\nA bell\x07 rings?{T}")
    assert caught.value.line == 3
    assert "control character" in caught.value.message


@pytest.mark.parametrize("bad", ["\x00", "\x07"])
def test_a_quiz_answer_with_a_control_character_is_refused_and_nothing_saved(
    client, trainee, lesson_world, bad
):
    from assessments.models import Attempt
    from tests.factories.assessments import EssayQuestionFactory, quiz_build

    _lesson, tree, _enrolment = lesson_world
    quiz = quiz_build(module=tree.modules[0], questions=[EssayQuestionFactory()])
    client.force_login(trainee)
    client.post(reverse("assessments:quiz_start", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz)
    kwargs = {"uuid": attempt.uuid, "position": 1}
    data = {"sequence": "0", "action": "next", "response": f"When I shared{bad} my story."}

    response = client.post(reverse("assessments:attempt_question", kwargs=kwargs), data)
    assert response.status_code == 400
    assert str(CONTROL_CHARACTERS_MESSAGE) in response.content.decode()
    response = client.post(reverse("assessments:answer_save", kwargs=kwargs), data)
    assert response.status_code == 400
    assert response.json()["error"] == str(CONTROL_CHARACTERS_MESSAGE)
    assert attempt.answers.get(position=1).response is None


def test_a_cohort_with_a_huge_supervisor_id_is_refused_next_to_the_field(client, programme_admin):
    from courses.models import Cohort

    course = course_tree_build(modules=1, lessons=1).course
    client.force_login(programme_admin)
    response = client.post(
        reverse("cohort:add"),
        {"course": course.pk, "name": "Spring", "starts_on": "2026-03-01", "supervisors": [BIG]},
    )
    assert response.status_code == 200
    assert "is not a valid value" in response.content.decode()
    assert not Cohort.objects.filter(name="Spring").exists()
