"""Issue 15: the enrolled trainee's lesson page comes from one cached skeleton (the page as
the templates render it, cut where the CSRF token and the trainee's own blocks go) filled per
request (courses/lesson_skeleton.py). It must be the templates' own page byte for byte, show
every change at once, never carry one trainee's writing or token to another, and keep one
entry per language."""

import re
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from courses import lesson_skeleton
from courses.models import LessonPage
from courses.services import enrolment_create, lesson_complete, lesson_response_save
from lms import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _tokens_out(html: str) -> str:
    return _CSRF.sub('name="csrfmiddlewaretoken" value="-"', html)


@contextmanager
def _no_skeleton():
    """The page as the templates render it: no cached route, so no skeleton either."""
    with mock.patch("courses.page_cache.CACHED_ROUTES", False):
        yield


@pytest.fixture
def lesson(tree):
    page = tree.lessons[0]
    page.content_note = "This lesson talks about burnout."
    page.save_revision().publish()
    return LessonPage.objects.get(pk=page.pk)


def _skeleton_renders():
    """Counts the skeletons rendered (a cache miss) while the block is active."""
    calls = []
    real = lesson_skeleton._skeleton_render

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    return calls, mock.patch.object(lesson_skeleton, "_skeleton_render", counted)


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "hi"])
@pytest.mark.parametrize("state", ["new", "one-answered", "answered", "complete"])
def test_the_skeleton_page_is_the_templates_page_byte_for_byte(
    trainee_client, trainee, tree, lesson, state, language
):
    trainee.preferred_language = language
    trainee.save()
    if state != "new":
        kinds = ("scenario",) if state == "one-answered" else ("scenario", "reflection")
        for kind in kinds:
            lesson_response_save(
                user=trainee,
                lesson=lesson,
                block_id=tree.block_id(lesson, kind),
                text="What <I> would do & say.",
                shared=kind == "reflection",
            )
    if state == "complete":
        lesson_complete(user=trainee, lesson=lesson)
    calls, counting = _skeleton_renders()
    with counting:
        cold = _page(trainee_client, lesson.url)
        warm = _page(trainee_client, lesson.url)
    assert len(calls) == 1  # rendered once, then filled from the cache
    with _no_skeleton():
        plain = _page(trainee_client, lesson.url)
    assert _tokens_out(warm) == _tokens_out(plain) == _tokens_out(cold)
    assert f'lang="{language}"' in warm
    if state != "new":
        assert "What &lt;I&gt; would do &amp; say." in warm


def test_every_response_gets_a_fresh_token_that_the_form_accepts(trainee, tree, lesson):
    enrolment_create(user=trainee, course=tree.course)
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainee)
    _page(client, lesson.url)
    first, second = (_CSRF.findall(_page(client, lesson.url)) for _ in range(2))
    assert first and second and set(first).isdisjoint(second)
    block_id = tree.block_id(lesson, "reflection")
    saved = client.post(
        reverse("courses:response_save", args=[lesson.pk, block_id]),
        {"text": "Saved through the cached page.", "csrfmiddlewaretoken": second[-1]},
    )
    assert saved.status_code == 302
    assert "Saved through the cached page." in _page(client, lesson.url)


def test_two_trainees_never_see_each_others_parts(client, trainee, tree, lesson):
    other = UserFactory(role=roles.TRAINEE)
    for user in (trainee, other):
        enrolment_create(user=user, course=tree.course)
    for kind in ("scenario", "reflection"):
        block_id = tree.block_id(lesson, kind)
        lesson_response_save(user=trainee, lesson=lesson, block_id=block_id, text="Mine alone.")
    client.force_login(trainee)
    mine = [_page(client, lesson.url) for _ in range(2)]
    mine_tokens = set(_CSRF.findall(mine[0] + mine[1]))
    client.force_login(other)
    theirs = [_page(client, lesson.url) for _ in range(2)]
    for html in theirs:
        assert "Mine alone." not in html
        assert "Debrief" not in html  # shown only once a response is saved
        assert mine_tokens.isdisjoint(_CSRF.findall(html))
    assert all("Mine alone." in html and "Debrief" in html for html in mine)
    # Back to the first trainee: their own parts, not the other's empty forms.
    client.force_login(trainee)
    assert _page(client, lesson.url).count("Mine alone.") == 2


def test_a_supervisors_page_is_the_templates_page_byte_for_byte(client, supervisor, tree, lesson):
    enrolment_create(user=supervisor, course=tree.course)
    client.force_login(supervisor)
    _page(client, lesson.url)
    warm = _page(client, lesson.url)
    with _no_skeleton():
        plain = _page(client, lesson.url)
    assert _tokens_out(warm) == _tokens_out(plain)
    assert reverse("supervise:home") in warm


def test_the_header_links_follow_the_reader(client, trainee, supervisor, tree, lesson):
    for user in (trainee, supervisor):
        enrolment_create(user=user, course=tree.course)
    supervise = reverse("supervise:home")
    client.force_login(supervisor)
    assert supervise in _page(client, lesson.url)
    client.force_login(trainee)
    assert supervise not in _page(client, lesson.url)
    client.force_login(supervisor)
    assert supervise in _page(client, lesson.url)


def test_completing_the_lesson_shows_at_once(trainee_client, lesson):
    _page(trainee_client, lesson.url)
    assert "Mark as complete" in _page(trainee_client, lesson.url)
    trainee_client.post(reverse("courses:lesson_complete", args=[lesson.pk]))
    page = _page(trainee_client, lesson.url)
    assert "You have completed this lesson" in page and "Mark as complete" not in page


def test_a_message_is_shown_once_over_the_cached_page(trainee_client, tree, lesson):
    _page(trainee_client, lesson.url)
    block_id = tree.block_id(lesson, "scenario")
    trainee_client.post(
        reverse("courses:response_save", args=[lesson.pk, block_id]), {"text": "My answer."}
    )
    with_message = _page(trainee_client, lesson.url)
    assert "Your response is saved." in with_message and "My answer." in with_message
    after = _page(trainee_client, lesson.url)
    assert "Your response is saved." not in after and "My answer." in after
    with _no_skeleton():
        assert _tokens_out(_page(trainee_client, lesson.url)) == _tokens_out(after)


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "A new title"},
        {"content_note": "A new content note."},
        {"estimated_minutes": 47},
    ],
    ids=["title", "content-note", "minutes"],
)
def test_a_published_change_to_the_lesson_shows_at_once(trainee_client, lesson, changes):
    _page(trainee_client, lesson.url)
    _page(trainee_client, lesson.url)
    page = LessonPage.objects.get(pk=lesson.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    shown = _page(trainee_client, lesson.url)
    for value in changes.values():
        assert str(value) in shown


def test_a_change_made_without_signals_still_shows(trainee_client, lesson):
    """An update that bypasses Wagtail and the content version (a script, a data fix)
    changes the lesson's own fields, which the key is built from."""
    _page(trainee_client, lesson.url)
    LessonPage.objects.filter(pk=lesson.pk).update(content_note="Fixed in the database.")
    assert "Fixed in the database." in _page(trainee_client, lesson.url)


def test_a_neighbours_new_title_shows_in_the_pager(trainee_client, tree):
    second = tree.lessons[1]
    _page(trainee_client, second.url)
    first = LessonPage.objects.get(pk=tree.lessons[0].pk)
    first.title = "The renamed first lesson"
    first.save_revision().publish()
    assert "The renamed first lesson" in _page(trainee_client, second.url)


def test_each_language_has_its_own_entry(trainee_client, trainee, lesson):
    keys = []
    real = cache.set

    def recording(key, *args, **kwargs):
        if ":skeleton:" in key:
            keys.append(key)
        return real(key, *args, **kwargs)

    with mock.patch.object(cache, "set", recording):
        english = _page(trainee_client, lesson.url)
        trainee.preferred_language = "hi"
        trainee.save()
        hindi = _page(trainee_client, lesson.url)
        trainee.preferred_language = "en"
        trainee.save()
        again = _page(trainee_client, lesson.url)
    assert len(keys) == 2 and keys[0] != keys[1]
    assert ":en:" in keys[0] and ":hi:" in keys[1]
    assert 'lang="en"' in english and 'lang="hi"' in hindi and 'lang="en"' in again


def test_a_new_deployment_renders_afresh(trainee_client, lesson):
    _page(trainee_client, lesson.url)
    calls, counting = _skeleton_renders()
    with counting, mock.patch.object(lesson_skeleton, "_deployment_fingerprint", lambda: "next"):
        _page(trainee_client, lesson.url)
    assert len(calls) == 1


def test_a_module_locked_after_the_page_was_cached_is_locked(trainee_client, tree, lesson):
    _page(trainee_client, lesson.url)
    locks = {tree.modules[0].pk: "Pass the quiz first."}
    with mock.patch("courses.hooks.module_locks", lambda **kwargs: locks):
        page = _page(trainee_client, lesson.url)
    assert "This lesson is locked" in page and "Pass the quiz first." in page
    assert 'class="lesson__body"' not in page


def test_modules_in_order_lock_on_a_warm_page(trainee_client, tree):
    course = tree.course
    course.modules_unlock_in_order = True
    course.save_revision().publish()
    later = tree.lessons[3]  # the second module's first lesson
    assert "This lesson is locked" in _page(trainee_client, later.url)
    for done in tree.lessons[:3]:
        trainee_client.post(reverse("courses:lesson_complete", args=[done.pk]))
    _page(trainee_client, later.url)
    page = _page(trainee_client, later.url)
    assert "This lesson is locked" not in page and 'class="lesson__body"' in page


def test_responses_to_removed_blocks_are_still_shown(trainee_client, trainee, tree, lesson):
    block_id = tree.block_id(lesson, "reflection")
    lesson_response_save(user=trainee, lesson=lesson, block_id=block_id, text="Kept for me.")
    _page(trainee_client, lesson.url)
    page = LessonPage.objects.get(pk=lesson.pk)
    page.body = [(b.block_type, b.value) for b in page.body if b.id != block_id]
    page.save_revision().publish()
    shown = _page(trainee_client, lesson.url)
    assert "Your earlier responses" in shown and "Kept for me." in shown


def test_under_debug_the_templates_render_every_time(trainee_client, lesson, settings):
    """`make run` (DEBUG): a template being edited shows on the next request."""
    settings.DEBUG = True
    calls, counting = _skeleton_renders()
    with counting:
        for _ in range(2):
            _page(trainee_client, lesson.url)
    assert calls == []


def test_private_texts_stay_with_their_readers_on_warm_lesson_pages():
    """The security issue's privacy check (tests/security: url_table.PRIVATE_TEXT_READERS)
    on the lesson pages with warm caches, every role enrolled so that each is served from
    the skeleton trainee A's visit cached, in turn, twice round."""
    from tests.security import url_table
    from tests.security.world import MARKERS, world_build

    world = world_build()
    clients = {"anonymous": Client()}
    for role, user in world.users.items():
        if role != "trainee_a":
            enrolment_create(user=user, course=world["course"])
        clients[role] = Client()
        clients[role].force_login(user)
    renders, counting = _skeleton_renders()
    fills = []
    fill = lesson_skeleton._skeleton_fill
    filling = mock.patch.object(
        lesson_skeleton, "_skeleton_fill", lambda *a: fills.append(1) or fill(*a)
    )
    with counting, filling:
        for _round in range(2):
            for url in (world["lesson"].url, world["lesson_2"].url):
                for role, client in clients.items():
                    body = client.get(url).content.decode()
                    leaked = [
                        name
                        for name, marker in MARKERS.items()
                        if marker in body and role not in url_table.PRIVATE_TEXT_READERS[name]
                    ]
                    assert not leaked, f"{url} shows {leaked} to {role}"
    assert len(fills) > 2 * len(renders) > 0  # most pages were filled from a warm skeleton
    own = clients["trainee_a"].get(world["lesson"].url).content.decode()
    assert MARKERS["reflection"] in own or MARKERS["scenario_response"] in own
