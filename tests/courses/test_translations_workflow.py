"""Translating a lesson through wagtail-localize's admin (issue 16): the Hindi tree has the
English tree's editors, reviewers and Clinical review, so a translation reaches trainees only
once a reviewer approves it; and it is protected from deletion as its source is."""

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, Client, encode_multipart
from django.urls import reverse
from wagtail.models import GroupPagePermission, Locale, WorkflowPage
from wagtail_localize.models import StringSegment, Translation

from courses.models import CourseIndexPage, LessonCompletion, LessonPage
from courses.services import lesson_complete
from courses.workflow import WORKFLOW_NAME
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HINDI_TITLE = "सक्रिय रूप से सुनना"


@pytest.fixture
def hindi():
    return Locale.objects.get(language_code="hi")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def hindi_trainee(trainee, enrolment):
    trainee.preferred_language = "hi"
    trainee.save(update_fields=["preferred_language"])
    return trainee


def _translate(editor_client, lesson, hindi) -> tuple[LessonPage, Translation]:
    """What an editor does: "Translate" on the lesson, then the title in the editor."""
    url = reverse("wagtail_localize:submit_page_translation", args=[lesson.pk])
    response = editor_client.post(url, {"locales": [hindi.pk]})
    assert response.status_code == 302, response.content.decode()[:500]
    translated = lesson.get_translation(hindi)
    translation = Translation.objects.get(
        source__object_id=lesson.translation_key, target_locale=hindi
    )
    segment = StringSegment.objects.get(source=translation.source, context__path="title")
    edit = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    body = encode_multipart(BOUNDARY, {"value": HINDI_TITLE})
    assert editor_client.put(edit, body, content_type=MULTIPART_CONTENT).status_code in (200, 201)
    return translated, translation


def _publish_from_editor(client, translated):
    """The translation editor's "Publish" button."""
    url = reverse("wagtailadmin_pages:edit", args=[translated.pk])
    return client.post(url, {"action": "publish"})


def _approve(client, page):
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    return client.post(url, {"comment": "Accurate and kind."})


def test_a_hindi_lesson_reaches_trainees_only_after_clinical_review(
    editor_client, reviewer, hindi_trainee, tree, hindi
):
    client = Client()  # the trainee's and the reviewer's browser, not the editor's
    lesson = tree.lessons[0]
    translated, _translation = _translate(editor_client, lesson, hindi)
    assert not translated.live

    response = _publish_from_editor(editor_client, translated)

    assert response.status_code == 302
    translated.refresh_from_db()
    assert not translated.live
    assert translated.workflow_in_progress
    assert translated.current_workflow_state.workflow.name == WORKFLOW_NAME
    client.force_login(hindi_trainee)
    assert HINDI_TITLE not in client.get(lesson.url).content.decode()

    client.force_login(reviewer)
    assert _approve(client, translated).status_code == 302
    translated.refresh_from_db()
    assert translated.live
    assert translated.title == HINDI_TITLE

    client.force_login(hindi_trainee)
    html = client.get(lesson.url).content.decode()
    assert f"<h1>{HINDI_TITLE}</h1>" in html
    assert "not yet available" not in html


def test_the_translation_keeps_the_lessons_blocks_so_responses_follow(editor_client, tree, hindi):
    lesson = tree.lessons[0]
    translated, _translation = _translate(editor_client, lesson, hindi)

    assert [b.id for b in translated.specific.body] == [b.id for b in lesson.body]


def test_the_hindi_tree_has_the_english_trees_permissions_and_workflow(
    editor_client, editor, reviewer, tree, hindi
):
    translated, _translation = _translate(editor_client, tree.lessons[0], hindi)
    english_index = CourseIndexPage.objects.get(locale__language_code="en")
    hindi_index = english_index.get_translation(hindi)

    def rules(page):
        return set(
            GroupPagePermission.objects.filter(page=page).values_list(
                "group__name", "permission__codename"
            )
        )

    assert rules(hindi_index) == rules(english_index) != set()
    assert WorkflowPage.objects.get(page=hindi_index).workflow.name == WORKFLOW_NAME
    assert translated.get_workflow().name == WORKFLOW_NAME
    assert translated.permissions_for_user(editor).can_edit()
    assert not translated.permissions_for_user(editor).can_publish()
    assert translated.permissions_for_user(reviewer).can_publish()


def test_a_reviewer_cannot_publish_a_translation_from_the_editor_either(
    reviewer, editor_client, tree, hindi
):
    client = Client()
    translated, _translation = _translate(editor_client, tree.lessons[0], hindi)
    client.force_login(reviewer)

    _publish_from_editor(client, translated)

    translated.refresh_from_db()
    assert not translated.live
    assert translated.workflow_in_progress


def test_sync_and_publish_immediately_does_not_publish_for_an_editor(
    editor_client, reviewer, tree, hindi
):
    lesson = tree.lessons[0]
    translated, translation = _translate(editor_client, lesson, hindi)
    url = reverse("wagtail_localize:update_translations", args=[translation.source_id])

    response = editor_client.post(url, {"publish_translations": "on"})

    assert response.status_code == 302
    translated.refresh_from_db()
    assert not translated.live


def test_a_translation_is_protected_from_deletion_by_its_sources_records(
    editor_client, trainee, enrolment, tree, hindi
):
    client = Client()
    lesson = tree.lessons[0]
    translated, _translation = _translate(editor_client, lesson, hindi)
    lesson_complete(user=trainee, lesson=lesson)
    admin = UserFactory(is_superuser=True, is_staff=True, email="admin@example.org")
    client.force_login(admin)

    response = client.post(reverse("wagtailadmin_pages:delete", args=[translated.pk]))

    assert response.status_code == 302
    assert LessonPage.objects.filter(pk=translated.pk).exists()
    assert LessonCompletion.objects.filter(lesson=lesson).exists()


def test_a_change_to_a_live_translation_waits_for_review_too(
    editor_client, reviewer, hindi_trainee, tree, hindi
):
    """wagtail-localize writes a translation's page row when it saves it, draft or not:
    trainees read what the reviewer approved, not the row."""
    lesson = tree.lessons[0]
    translated, translation = _translate(editor_client, lesson, hindi)
    _publish_from_editor(editor_client, translated)
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    _approve(reviewer_client, translated)
    segment = StringSegment.objects.get(source=translation.source, context__path="title")
    edit = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    body = encode_multipart(BOUNDARY, {"value": "बदला हुआ शीर्षक"})
    editor_client.put(edit, body, content_type=MULTIPART_CONTENT)

    _publish_from_editor(editor_client, translated)

    translated.refresh_from_db()
    assert translated.title == "बदला हुआ शीर्षक"  # the row, as wagtail-localize left it
    assert translated.workflow_in_progress
    trainee_client = Client()
    trainee_client.force_login(hindi_trainee)
    html = trainee_client.get(lesson.url).content.decode()
    assert f"<h1>{HINDI_TITLE}</h1>" in html
    assert "बदला हुआ शीर्षक" not in html
    assert "बदला हुआ शीर्षक" not in trainee_client.get(tree.course.url).content.decode()

    _approve(reviewer_client, translated)

    assert "<h1>बदला हुआ शीर्षक</h1>" in trainee_client.get(lesson.url).content.decode()
