"""Issue 15: the course page's outline is rendered once per course, content version and
language and cached (courses/outline_html.py); each request fills in the trainee's ticks,
locks and progress words. These tests hold it to the truth: byte for byte the HTML the
per-request template rendered, every editor change shown at once with a warm cache (and with
the cache's deletes lost), and no trainee ever given another's ticks."""

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.test import RequestFactory

from courses.models import CoursePage, LessonPage, ModulePage
from courses.outline_html import (
    CoursePageOutline,
    _compile,
    _render,
    course_page_outline_fill,
    outline_html_fill,
)
from courses.page_context import course_page_context
from courses.selectors import apply_locks, apply_progress, completed_lesson_ids, course_structure
from courses.services import enrolment_create, lesson_complete
from lms import roles
from tests.courses.test_page_cache import _cache_deletes_lost, _publish, _warm
from tests.factories import UserFactory, course_tree_build

pytestmark = pytest.mark.django_db

# course_page.html's outline as it was rendered on every request before the cache.
PER_REQUEST_OUTLINE = """{% load i18n %}<section aria-labelledby="outline-heading">
      <h2 id="outline-heading">{% translate "Modules" %}</h2>
      <ol class="module-list">
        {% for module in modules %}
          <li class="module{% if module.locked_reason %} is-locked{% endif %}">
            <h3><a href="{{ module.url }}">{{ module.title }}</a></h3>
            <p class="small">
              {% if enrolment %}{% blocktranslate with done=module.completed_count total=module.lessons|length %}{{ done }} of {{ total }} lessons complete{% endblocktranslate %}{% if module.complete %} · <span class="tick">✓ {% translate "Module complete" %}</span>{% endif %}{% endif %}
            </p>
            {% if module.locked_reason %}<p class="locked"><strong>{% translate "Locked:" %}</strong> {{ module.locked_reason }}</p>{% endif %}
            {% include "courses/includes/lesson_list.html" with module=module show_ticks=enrolment %}
          </li>
        {% empty %}
          <li>{% translate "No modules are published yet." %}</li>
        {% endfor %}
      </ol>
    </section>"""  # noqa: E501


def _outline_now(course, user) -> tuple[str, str]:
    """(the cached outline as served, the per-request template's rendering) for `user`."""
    request = RequestFactory().get(course.url)
    request.user = user
    course = CoursePage.objects.get(pk=course.pk)
    context = course_page_context(course=course, request=request)
    # The template's state from full nodes, as the page built it before it was compiled.
    enrolment = context["enrolment"]
    modules = course_structure(course)
    apply_progress(modules, completed_lesson_ids(enrolment))
    apply_locks(course, modules, enrolment)
    expected = Template(PER_REQUEST_OUTLINE).render(
        Context({"modules": modules, "enrolment": enrolment})
    )
    return str(context["outline_html"]), expected


def _outline_of(html: str) -> str:
    return re.search(r'<section aria-labelledby="outline-heading">.*?</section>', html, re.S)[0]


@pytest.mark.parametrize("order_rule", [False, True], ids=["free-order", "unlock-in-order"])
def test_the_outline_is_byte_for_byte_the_per_request_one(trainee, order_rule):
    tree = course_tree_build(modules=3, lessons=3)
    course = tree.course
    course.modules_unlock_in_order = order_rule
    course.save_revision().publish()
    # A title that needs escaping, and an empty module.
    _publish(tree.lessons[1], title='Rock & "roll" <b>')
    tree.course.add_child(instance=ModulePage(title="Empty & waiting", slug="empty"))
    anonymous = mock.Mock(is_authenticated=False, pk=None)
    outsider = UserFactory(role=roles.TRAINEE)
    checks = [(anonymous, "anonymous"), (outsider, "not enrolled")]
    enrolment_create(user=trainee, course=course)
    checks.append((trainee, "enrolled, nothing done"))
    for lesson in tree.lessons[:4]:  # module 1 complete, module 2 started
        lesson_complete(user=trainee, lesson=lesson)
    checks.append((trainee, "enrolled, some done"))
    for user, state in checks:
        for warmth in ("cold", "warm"):
            if warmth == "cold":
                cache.clear()
            served, expected = _outline_now(course, user)
            assert served == expected, (state, warmth)
    assert "is-locked" in expected if order_rule else "is-locked" not in expected


def _course_page(client, course) -> str:
    return _outline_of(client.get(CoursePage.objects.get(pk=course.pk).url).content.decode())


def _cold(client, course) -> str:
    """The course page's outline with nothing cached: what a warm page must equal."""
    cache.clear()
    return _course_page(client, course)


EDITS = ["publish", "unpublish", "move", "add", "delete"]


@pytest.mark.parametrize("deletes_lost", [False, True], ids=["cache-ok", "deletes-lost"])
@pytest.mark.parametrize("edit", EDITS)
def test_every_editor_change_shows_on_the_warm_course_page(
    trainee_client, trainee, tree, edit, deletes_lost
):
    lesson_complete(user=trainee, lesson=tree.lessons[0])
    lesson = tree.lessons[1]
    if edit == "move":  # a slug free in the module it moves to
        lesson = _publish(lesson, slug="moving")
    before = _course_page(trainee_client, tree.course)
    _warm(trainee_client, tree.course.url)
    with _cache_deletes_lost() if deletes_lost else mock.MagicMock():
        if edit == "publish":
            _publish(lesson, title="Lesson two, revised")
        elif edit == "unpublish":
            lesson.unpublish()
        elif edit == "move":
            LessonPage.objects.get(pk=lesson.pk).move(tree.modules[1], pos="last-child")
        elif edit == "add":
            tree.modules[0].add_child(
                instance=LessonPage(title="A lesson added later", slug="added", body=[])
            )
        else:
            LessonPage.objects.get(pk=lesson.pk).delete()
    warm = _course_page(trainee_client, tree.course)
    assert warm != before, edit
    assert warm == _cold(trainee_client, tree.course), edit
    if edit == "publish":
        assert "Lesson two, revised" in warm
    elif edit in ("unpublish", "delete"):
        assert lesson.title not in warm
    elif edit == "move":
        second_module = warm.split(f'href="{tree.modules[1].url}"')[1]
        assert lesson.title in second_module
    else:
        assert "A lesson added later" in warm
    # The trainee's own tick survives every change.
    assert warm.count("✓ Completed") == 1


def test_two_trainees_never_see_each_others_ticks(client, trainee, tree):
    other = UserFactory(role=roles.TRAINEE)
    for user in (trainee, other):
        enrolment_create(user=user, course=tree.course)
    for lesson in tree.lessons[:3]:
        lesson_complete(user=trainee, lesson=lesson)
    lesson_complete(user=other, lesson=tree.lessons[-1])
    seen = {}
    for _round in range(2):  # each in turn, on the cache the other just warmed
        for user in (trainee, other):
            client.force_login(user)
            seen[user.pk] = _course_page(client, tree.course)
    mine, theirs = seen[trainee.pk], seen[other.pk]
    assert mine.count("✓ Completed") == 3 and theirs.count("✓ Completed") == 1
    assert "3 of 3 lessons complete" in mine and "0 of 3 lessons complete" in theirs
    assert "✓ Module complete" in mine and "✓ Module complete" not in theirs
    # Each the same as their page rendered with nothing cached.
    for user in (trainee, other):
        client.force_login(user)
        assert seen[user.pk] == _cold(client, tree.course)


def test_an_outline_template_with_its_markers_in_another_order_still_fills_alike(trainee):
    """The compiled outline pre-renders lesson rows whose markers come in the template's order
    (c, o, e, t); any other order (an edited template) is filled marker by marker, with the
    same bytes as outline_html_fill gives."""
    tree = course_tree_build(modules=2, lessons=2)
    course = CoursePage.objects.get(pk=tree.course.pk)
    course.modules_unlock_in_order = True
    enrolment = enrolment_create(user=trainee, course=course)
    lesson_complete(user=trainee, lesson=tree.lessons[0])
    modules = course_structure(course)
    html = _render(modules)
    # Each lesson's tick marker also before its link: out of the template's order.
    shuffled = re.sub("\x00o(\\d+)\x00", lambda m: f"\x00t{m[1]}\x00{m[0]}", html)
    for template in (html, shuffled):
        outline = CoursePageOutline(
            url="",
            modules=tuple((m.id, m.title, m.url, tuple(m.lesson_ids)) for m in modules),
            program=_compile(template, modules),
        )
        done = completed_lesson_ids(enrolment)
        summaries = outline.summaries(done)
        apply_locks(course, summaries, enrolment)
        apply_progress(modules, done)
        apply_locks(course, modules, enrolment)
        assert any(m.locked_reason for m in summaries)
        served = course_page_outline_fill(outline, summaries, done, show_ticks=True)
        assert served == outline_html_fill(template, modules, show_ticks=True)
