"""The editorial workflow through Wagtail's own admin views: editors draft, preview and submit
lessons to "Clinical review"; a reviewer who did not submit approves; nobody else publishes.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from content.models import HomePage
from courses.models import LessonPage
from courses.workflow import WORKFLOW_NAME
from lms import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEXT = "A peer supporter listens first, and asks what the person wants from the conversation."
NEW_TEXT = "Before a first meeting, agree where you will meet and how long it will last."


def lesson_form(*, title="Listening first", slug="listening-first", text=TEXT, **extra) -> dict:
    """POST data for the lesson editing form, as the admin's JavaScript would send it."""
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "content_note": "",
            "estimated_minutes": 15,
            "body": streamfield(
                [
                    ("heading", {"text": "Listening first", "level": "h2"}),
                    ("paragraph", rich_text(f"<p>{text}</p>")),
                ]
            ),
            "comments": inline_formset([]),
            **extra,
        }
    )


def _create_draft(client, module, **form) -> LessonPage:
    url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", module.pk])
    response = client.post(url, lesson_form(**form))
    assert response.status_code == 302, response.context and response.context["form"].errors
    return LessonPage.objects.child_of(module).get(slug=form.get("slug", "listening-first"))


def _submit(client, lesson, **form):
    url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    response = client.post(url, lesson_form(**form, **{"action-submit": "1"}))
    assert response.status_code == 302
    lesson.refresh_from_db()
    return response


def _approve_action_in(html: str, lesson) -> bool:
    """Whether an edit page offers to approve: through the workflow action view or the
    "approve with edits" data collector, both under /<page id>/approve/."""
    return f"/{lesson.pk}/approve/" in html


def _approve_url(lesson) -> str:
    task_state = lesson.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[lesson.pk, "approve", task_state.pk])


def _body_text(page) -> str:
    return " ".join(str(block.render()) for block in page.body)


@pytest.fixture
def module(tree):
    return tree.modules[0]


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def submitted(editor_client, module):
    """A lesson an editor created as a draft and submitted to Clinical review."""
    lesson = _create_draft(editor_client, module)
    _submit(editor_client, lesson)
    return lesson


def test_the_course_tree_is_under_the_clinical_review_workflow(module):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)

    assert module.get_workflow() == workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [roles.CLINICAL_REVIEWER]


def test_editor_creates_a_lesson_as_a_draft(editor_client, module, editor):
    lesson = _create_draft(editor_client, module)

    assert not lesson.live
    revision = lesson.latest_revision
    assert revision.user == editor
    assert TEXT in _body_text(revision.as_object())


def test_editor_previews_a_draft_lesson(editor_client, module):
    lesson = _create_draft(editor_client, module)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[lesson.pk])

    check = editor_client.post(url, lesson_form(text=NEW_TEXT))
    preview = editor_client.get(url)

    assert check.json()["is_valid"] is True
    assert preview.status_code == 200
    html = preview.content.decode()
    assert NEW_TEXT in html
    assert "Listening first" in html


def test_editor_submits_a_lesson_to_clinical_review(editor_client, submitted, editor):
    state = submitted.current_workflow_state

    assert state.workflow.name == WORKFLOW_NAME
    assert state.requested_by == editor
    assert submitted.current_workflow_task.name == WORKFLOW_NAME
    assert not submitted.live


def test_reviewer_approves_and_the_lesson_goes_live(client, submitted, reviewer):
    client.force_login(reviewer)
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[submitted.pk]))
    assert _approve_action_in(edit_page.content.decode(), submitted)

    response = client.post(_approve_url(submitted), {"comment": "Accurate and kind."})

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.live
    assert not submitted.workflow_in_progress
    assert TEXT in _body_text(submitted.specific)
    assert submitted.live_revision == submitted.latest_revision


def test_editor_cannot_approve_and_a_forged_approval_is_refused(editor_client, submitted, editor):
    task = submitted.current_workflow_task.specific
    approve_url = _approve_url(submitted)

    assert task.get_actions(submitted, editor) == []
    edit_page = editor_client.get(reverse("wagtailadmin_pages:edit", args=[submitted.pk]))
    assert not _approve_action_in(edit_page.content.decode(), submitted)
    response = editor_client.post(approve_url, {"comment": ""})

    assert response.status_code in (302, 403)
    submitted.refresh_from_db()
    assert not submitted.live
    assert submitted.workflow_in_progress


def test_someone_in_both_roles_cannot_approve_their_own_submission(client, module, reviewer):
    both = UserFactory(role=roles.CONTENT_EDITOR, email="both.roles@example.org")
    both.groups.add(Group.objects.get(name=roles.CLINICAL_REVIEWER))
    client.force_login(both)
    lesson = _create_draft(client, module)
    _submit(client, lesson)
    task = lesson.current_workflow_task.specific

    assert task.get_actions(lesson, both) == []
    assert not task.get_task_states_user_can_moderate(both).exists()
    client.post(_approve_url(lesson), {"comment": ""})
    lesson.refresh_from_db()
    assert not lesson.live

    assert [name for name, _label, _modal in task.get_actions(lesson, reviewer)].count("approve")
    client.force_login(reviewer)
    client.post(_approve_url(lesson), {"comment": ""})
    lesson.refresh_from_db()
    assert lesson.live


def test_editor_cannot_publish_directly(editor_client, module):
    lesson = _create_draft(editor_client, module)
    edit_url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])

    assert 'name="action-publish"' not in editor_client.get(edit_url).content.decode()
    forged_edit = editor_client.post(edit_url, lesson_form(**{"action-publish": "1"}))
    add_url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", module.pk])
    forged_create = editor_client.post(
        add_url, lesson_form(slug="second", **{"action-publish": "1"})
    )

    assert forged_edit.status_code == forged_create.status_code == 403
    assert "published through Clinical review" in forged_create.content.decode()
    drafts = LessonPage.objects.child_of(module).filter(slug__in=["listening-first", "second"])
    assert list(drafts.values_list("slug", flat=True)) == ["listening-first"]
    assert not drafts.filter(live=True).exists()


def test_a_reviewer_who_also_edits_cannot_publish_their_own_change_directly(client, module):
    both = UserFactory(role=roles.CONTENT_EDITOR, email="both.publish@example.org")
    both.groups.add(Group.objects.get(name=roles.CLINICAL_REVIEWER))
    client.force_login(both)
    lesson = _create_draft(client, module)
    edit_url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])

    page = client.get(edit_url).content.decode()
    response = client.post(edit_url, lesson_form(**{"action-publish": "1"}))

    assert 'name="action-publish"' not in page
    assert "Submit to Clinical review" in page
    assert response.status_code == 403
    lesson.refresh_from_db()
    assert not lesson.live


def test_editor_cannot_edit_pages_outside_the_course_tree(editor_client):
    home = HomePage.objects.get()
    title = home.title
    url = reverse("wagtailadmin_pages:edit", args=[home.pk])

    response = editor_client.get(url)
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response.url != url
    editor_client.post(url, {"title": "Taken over", "slug": home.slug})

    home.refresh_from_db()
    assert home.title == title
    assert home.latest_revision is None or home.latest_revision.as_object().title == title
    root = Page.get_first_root_node()
    add_url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", root.pk])
    assert editor_client.get(add_url).status_code in (302, 403)


def test_revisions_compare_and_roll_back(editor_client, module):
    lesson = _create_draft(editor_client, module)
    first = lesson.latest_revision
    edit_url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    editor_client.post(edit_url, lesson_form(text=NEW_TEXT))
    lesson.refresh_from_db()
    second = lesson.latest_revision
    assert second.pk != first.pk

    compare = editor_client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[lesson.pk, first.pk, second.pk])
    )
    assert compare.status_code == 200
    html = compare.content.decode()
    assert "A peer supporter listens first" in html
    assert "agree where you will meet" in html

    revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[lesson.pk, first.pk])
    revert = editor_client.get(revert_url)
    assert revert.status_code == 200
    reverted = revert.context["form"].instance
    assert TEXT in _body_text(reverted)
    assert NEW_TEXT not in _body_text(reverted)
    # Saving the reverted form posts the older content back to the edit view.
    editor_client.post(edit_url, lesson_form(text=TEXT))
    lesson.refresh_from_db()
    latest = lesson.latest_revision
    assert latest.pk not in (first.pk, second.pk)
    assert TEXT in _body_text(latest.as_object())
    assert NEW_TEXT not in _body_text(latest.as_object())


def test_admin_search_finds_a_lesson_by_a_word_in_its_body(
    editor_client, module, django_capture_on_commit_callbacks
):
    # Wagtail queues its index update until the transaction commits (the test's never does).
    with django_capture_on_commit_callbacks(execute=True):
        found = _create_draft(
            editor_client, module, text="Peers meet at the panchayat office on Tuesdays."
        )
        other = _create_draft(editor_client, module, title="Other lesson", slug="other")
    editor_client.get(reverse("wagtailadmin_home"))  # shows (and so clears) the messages

    response = editor_client.get(reverse("wagtailadmin_pages:search"), {"q": "panchayat"})

    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[found.pk]) in html
    assert reverse("wagtailadmin_pages:edit", args=[other.pk]) not in html
