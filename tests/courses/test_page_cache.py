"""Issue 15: learner pages come from cached parts (routes, outlines, rendered blocks), and
every change an editor can make shows to the trainee at once, with a warm cache, even when
the cache lost the delete that would once have invalidated it: keys carry a version the
database holds (courses/page_cache.py)."""

from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from courses.models import ContentVersion, LessonPage
from courses.services import enrolment_create
from lms import roles
from tests.factories import course_tree_build

pytestmark = pytest.mark.django_db


def _paragraph(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def _warm(client, *urls):
    """Each page twice: whatever it caches is cached, and read back once."""
    for url in urls:
        for _ in range(2):
            assert client.get(url).status_code == 200, url


@contextmanager
def _cache_deletes_lost():
    """The cache drops every delete (a Redis outage during the edit), as if nothing asked."""
    with (
        mock.patch.object(type(caches["default"]), "delete", lambda *a, **k: False),
        mock.patch.object(type(caches["default"]), "delete_many", lambda *a, **k: None),
        mock.patch.object(type(caches["default"]), "clear", lambda *a, **k: None),
    ):
        yield


@pytest.fixture
def lesson(tree):
    """The first lesson, published through a revision as editors publish."""
    page = tree.lessons[0]
    page.save_revision().publish()
    return LessonPage.objects.get(pk=page.pk)


def _publish(page, **changes):
    page = type(page).objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.mark.parametrize("deletes_lost", [False, True], ids=["cache-ok", "deletes-lost"])
def test_a_new_revision_shows_at_once(trainee_client, tree, lesson, deletes_lost):
    course_url = tree.course.url
    _warm(trainee_client, lesson.url, course_url, tree.lessons[1].url)
    body = list(lesson.body.raw_data) + [_paragraph("A sentence added in revision two.")]
    with _cache_deletes_lost() if deletes_lost else mock.MagicMock():
        _publish(lesson, title="Lesson one, revised", body=body)
    page = trainee_client.get(lesson.url).content.decode()
    assert "A sentence added in revision two." in page
    assert "Lesson one, revised" in page
    # The outline on the course page and the next lesson's "previous" link too.
    assert "Lesson one, revised" in trainee_client.get(course_url).content.decode()
    assert "Lesson one, revised" in trainee_client.get(tree.lessons[1].url).content.decode()


@pytest.mark.parametrize("deletes_lost", [False, True], ids=["cache-ok", "deletes-lost"])
def test_an_unpublished_lesson_is_gone_at_once(trainee_client, tree, lesson, deletes_lost):
    _warm(trainee_client, lesson.url, tree.course.url)
    with _cache_deletes_lost() if deletes_lost else mock.MagicMock():
        lesson.unpublish()
    assert trainee_client.get(lesson.url).status_code == 404
    assert lesson.title not in trainee_client.get(tree.course.url).content.decode()


@pytest.mark.parametrize("deletes_lost", [False, True], ids=["cache-ok", "deletes-lost"])
def test_a_moved_lesson_answers_at_its_new_address_only(trainee_client, tree, deletes_lost):
    moved = tree.modules[0].add_child(
        instance=LessonPage(title="A lesson that moves", slug="moving", body=[])
    )
    old_url = moved.url
    _warm(trainee_client, old_url, tree.course.url, tree.modules[1].url)
    with _cache_deletes_lost() if deletes_lost else mock.MagicMock():
        moved.move(tree.modules[1], pos="last-child")
    moved = LessonPage.objects.get(pk=moved.pk)
    assert moved.url != old_url
    # Not the page at its old address: Wagtail's automatic redirect to the new one.
    old = trainee_client.get(old_url)
    assert (old.status_code, old.get("Location")) == (301, moved.url)
    response = trainee_client.get(moved.url)
    assert response.status_code == 200
    # Its breadcrumb names its new module, whose page lists it.
    assert f'href="{tree.modules[1].url}"' in response.content.decode()
    assert moved.url in trainee_client.get(tree.modules[1].url).content.decode()


@pytest.mark.parametrize("deletes_lost", [False, True], ids=["cache-ok", "deletes-lost"])
def test_a_new_slug_moves_the_address(trainee_client, tree, lesson, deletes_lost):
    old_url = lesson.url
    _warm(trainee_client, old_url, tree.course.url)
    with _cache_deletes_lost() if deletes_lost else mock.MagicMock():
        renamed = _publish(lesson, slug="a-new-name", title="A new name")
    assert trainee_client.get(old_url).status_code == 404
    assert trainee_client.get(renamed.url).status_code == 200
    course_page = trainee_client.get(tree.course.url).content.decode()
    assert renamed.url in course_page and old_url not in course_page


def test_a_renamed_module_moves_its_lessons_addresses(trainee_client, tree):
    lesson = tree.lessons[0]
    old_url = lesson.url
    _warm(trainee_client, old_url, tree.course.url)
    with _cache_deletes_lost():
        _publish(tree.modules[0], slug="renamed-module")
    assert trainee_client.get(old_url).status_code == 404
    new_url = LessonPage.objects.get(pk=lesson.pk).url
    assert "renamed-module" in new_url
    assert trainee_client.get(new_url).status_code == 200


@pytest.mark.parametrize("deletes_lost", [False, True], ids=["cache-ok", "deletes-lost"])
def test_added_and_deleted_lessons_and_modules_show_at_once(trainee_client, tree, deletes_lost):
    _warm(trainee_client, tree.course.url, tree.lessons[-1].url)
    with _cache_deletes_lost() if deletes_lost else mock.MagicMock():
        spare = tree.modules[1].add_child(
            instance=LessonPage(title="A lesson added later", slug="added", body=[])
        )
        module = tree.course.add_child(
            instance=type(tree.modules[0])(title="A module added later", slug="added-module")
        )
    course_page = trainee_client.get(tree.course.url).content.decode()
    assert "A lesson added later" in course_page and "A module added later" in course_page
    # The last lesson now has a next one.
    assert spare.url in trainee_client.get(tree.lessons[-1].url).content.decode()
    # (Not opened: a lesson a trainee opened is their "continue" lesson, and kept.)
    with _cache_deletes_lost() if deletes_lost else mock.MagicMock():
        spare.delete()
        module.delete()
    course_page = trainee_client.get(tree.course.url).content.decode()
    assert "A lesson added later" not in course_page
    assert "A module added later" not in course_page
    assert trainee_client.get(spare.url).status_code == 404
    assert spare.url not in trainee_client.get(tree.lessons[-1].url).content.decode()


def test_a_scheduled_revision_shows_when_it_goes_live(trainee_client, tree, lesson):
    _warm(trainee_client, lesson.url)
    page = LessonPage.objects.get(pk=lesson.pk)
    page.body = [_paragraph("Scheduled words.")]
    page.go_live_at = timezone.now() + timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()
    assert "Scheduled words." not in trainee_client.get(lesson.url).content.decode()
    # An hour later, the scheduler's command publishes it.
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    with _cache_deletes_lost():
        call_command("publish_scheduled")
    assert "Scheduled words." in trainee_client.get(lesson.url).content.decode()


@pytest.mark.parametrize("deletes_lost", [False, True], ids=["cache-ok", "deletes-lost"])
def test_a_view_restriction_applies_at_once(trainee_client, tree, lesson, deletes_lost):
    _warm(trainee_client, lesson.url, tree.course.url)
    with _cache_deletes_lost() if deletes_lost else mock.MagicMock():
        restriction = PageViewRestriction.objects.create(
            page=tree.course, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([Group.objects.get(name=roles.CONTENT_EDITOR)])
    for url in (lesson.url, tree.course.url, tree.modules[0].url):
        response = trainee_client.get(url)
        assert response.status_code == 302, url  # to the login: not in the group
    with _cache_deletes_lost() if deletes_lost else mock.MagicMock():
        restriction.delete()
    assert trainee_client.get(lesson.url).status_code == 200


def test_a_restricted_lesson_never_serves_from_a_cached_route_to_the_wrong_people(
    client, trainee, editor, tree, lesson
):
    enrolment_create(user=trainee, course=tree.course)
    enrolment_create(user=editor, course=tree.course)
    restriction = PageViewRestriction.objects.create(
        page=tree.modules[0], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=roles.CONTENT_EDITOR)])
    client.force_login(editor)
    _warm(client, lesson.url)
    client.force_login(trainee)
    assert client.get(lesson.url).status_code == 302
    client.logout()
    assert client.get(lesson.url).status_code == 302


@pytest.mark.parametrize("deletes_lost", [False, True], ids=["cache-ok", "deletes-lost"])
def test_a_course_setting_applies_at_once(trainee_client, tree, deletes_lost):
    later = tree.lessons[-1]  # in module 2
    _warm(trainee_client, later.url, tree.course.url)
    with _cache_deletes_lost() if deletes_lost else mock.MagicMock():
        _publish(tree.course, modules_unlock_in_order=True, title="A stricter course")
    page = trainee_client.get(later.url).content.decode()
    assert "This lesson is locked" in page
    assert "A stricter course" in page  # the breadcrumb
    assert "A stricter course" in trainee_client.get(tree.course.url).content.decode()


def test_the_version_lives_in_the_database_not_the_cache(trainee_client, tree, lesson):
    """A page edit changes the database's token in the edit's own transaction; emptying the
    cache does not change it, so a cache that returns after an outage holds nothing that
    would be read again."""
    _warm(trainee_client, lesson.url)
    before = ContentVersion.objects.get().token
    cache.clear()
    assert ContentVersion.objects.get().token == before
    _publish(lesson, title="Changed")
    assert ContentVersion.objects.get().token != before


def test_a_draft_does_not_show_and_does_not_invalidate(trainee_client, tree, lesson):
    _warm(trainee_client, lesson.url)
    before = ContentVersion.objects.get().token
    page = LessonPage.objects.get(pk=lesson.pk)
    page.title = "Draft title"
    page.body = [_paragraph("Draft words.")]
    page.save_revision()
    assert ContentVersion.objects.get().token == before
    shown = trainee_client.get(lesson.url).content.decode()
    assert "Draft words." not in shown and "Draft title" not in shown


def test_personal_parts_are_never_shared_between_trainees(client, trainee, tree, lesson):
    """Two trainees read the same lesson from the same warm cache: each sees only their own
    reflection text, CSRF token and completion."""
    from courses.services import lesson_complete, lesson_response_save
    from tests.factories import UserFactory

    other = UserFactory(role=roles.TRAINEE)
    for user in (trainee, other):
        enrolment_create(user=user, course=tree.course)
    block_id = tree.block_id(lesson, "reflection")
    lesson_response_save(user=trainee, lesson=lesson, block_id=block_id, text="Mine alone.")
    lesson_complete(user=trainee, lesson=lesson)
    client.force_login(trainee)
    _warm(client, lesson.url)
    mine = client.get(lesson.url).content.decode()
    client.force_login(other)
    theirs = client.get(lesson.url).content.decode()
    assert "Mine alone." in mine and "Mine alone." not in theirs
    assert "You have completed this lesson" in mine
    assert "You have completed this lesson" not in theirs
    assert 'name="csrfmiddlewaretoken"' in theirs


def test_a_lesson_body_renders_the_same_from_the_cache(trainee_client, lesson):
    first = trainee_client.get(lesson.url).content.decode()
    second = trainee_client.get(lesson.url).content.decode()

    def body(html):
        start = html.index('<div class="lesson__body">')
        return html[start : html.index("</article>", start)]

    strip = __import__("re").compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", body(first)) == strip.sub("", body(second))


def test_a_lesson_in_a_bigger_course_keeps_its_place(trainee_client, trainee):
    big = course_tree_build(modules=3, lessons=4, slug="bigger")
    enrolment_create(user=trainee, course=big.course)
    middle = big.lessons[5]
    _warm(trainee_client, middle.url)
    page = trainee_client.get(middle.url).content.decode()
    assert big.lessons[4].url in page and big.lessons[6].url in page


def test_the_prepared_queries_give_what_the_orm_gives(trainee, supervisor, tree, enrolment):
    """courses/prepared.py compiles the lesson page's enrolment and route page queries once
    per process: each gives the same objects, annotations and course as the ORM does."""
    from courses import page_cache, page_context
    from courses.selectors import enrolment_for
    from courses.services import lesson_complete, supervision_assign

    lesson_complete(user=trainee, lesson=tree.lessons[0])
    supervision_assign(enrolment=enrolment, supervisor=supervisor)
    query = page_context._LESSON_ENROLMENT
    for page in tree.lessons[:2]:
        orm = enrolment_for(user=trainee, course_id=tree.course.pk, lesson=page, for_page=True)
        prepared = query.first(user_id=trainee.pk, course_id=tree.course.pk, lesson_id=page.pk)
        assert prepared.__dict__.keys() >= {"lesson_complete", "has_supervisor"}
        for name in ("pk", "lesson_complete", "has_supervisor", "course_id", "status"):
            assert getattr(prepared, name) == getattr(orm, name), name
        for name in ("header_can_edit_content", "header_can_supervise"):
            assert getattr(prepared, name) == getattr(orm, name), name
        assert prepared.course.title == orm.course.title
        assert prepared.course.modules_unlock_in_order == orm.course.modules_unlock_in_order
    assert [
        query.first(user_id=trainee.pk, course_id=tree.course.pk, lesson_id=p.pk).lesson_complete
        for p in tree.lessons[:2]
    ] == [True, False]
    assert query.first(user_id=supervisor.pk, course_id=tree.course.pk, lesson_id=1) is None
    route = page_cache.Route("v", "courses.lessonpage", tree.lessons[1].pk, None, False, None)
    page = page_cache._route_page(route)
    assert (page.pk, page.title, type(page)) == (
        tree.lessons[1].pk,
        tree.lessons[1].title,
        LessonPage,
    )
    assert page._content_version == page_cache.content_version()
    assert list(page.body.raw_data) == list(tree.lessons[1].body.raw_data)
    tree.lessons[1].unpublish()
    assert page_cache._route_page(route) is None


@pytest.mark.parametrize("deletes_lost", [False, True], ids=["cache-ok", "deletes-lost"])
def test_a_crisis_line_edit_shows_at_once_on_a_warm_lesson(
    trainee_client, tree, lesson, deletes_lost
):
    """The footer's, the content note's and the crisis block's lists are cached rendered
    per content version, which a crisis line's save or delete changes in its transaction."""
    from content.models import CrisisLine

    lesson = _publish(lesson, content_note="This lesson talks about self-harm.")
    _warm(trainee_client, lesson.url)
    with _cache_deletes_lost() if deletes_lost else mock.MagicMock():
        line = CrisisLine.objects.create(name="Kiran", phone_numbers="1800-599-0019")
    page = trainee_client.get(lesson.url).content.decode()
    # Footer, content note and the lesson's crisis-lines block.
    assert page.count("1800-599-0019</a>") == 3
    with _cache_deletes_lost() if deletes_lost else mock.MagicMock():
        line.phone_numbers = "1800-000-0000"
        line.save()
    page = trainee_client.get(lesson.url).content.decode()
    assert "1800-599-0019" not in page and page.count("1800-000-0000</a>") == 3
    with _cache_deletes_lost() if deletes_lost else mock.MagicMock():
        line.delete()
    assert "Kiran" not in trainee_client.get(lesson.url).content.decode()
