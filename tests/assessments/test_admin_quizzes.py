"""Quizzes in the admin: drafted by editors, published only through Clinical review by a
reviewer who did not submit, which also approves the questions the quiz asks; regrading."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from assessments.models import Question, Quiz, QuizRegrade
from lms import roles
from tests.factories import UserFactory, course_tree_build
from tests.factories.assessments import SingleChoiceQuestionFactory, TrueFalseQuestionFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(Quiz.snippet_viewset.get_url_name(name), args=args)


def quiz_form(module, questions, *, title="Boundaries check", quiz=None, **extra) -> dict:
    """POST data for the quiz form; with `quiz`, its rows keep their ids, as the admin sends."""
    rows = [{"question": question.pk} for question in questions]
    initial = 0
    if quiz is not None:
        existing = {
            row.question_id: row.pk for row in quiz.latest_revision.as_object().quiz_questions.all()
        }
        for row in rows:
            if row["question"] in existing:
                row["id"] = existing[row["question"]]
                initial += 1
        rows.sort(key=lambda row: "id" not in row)
    return nested_form_data(
        {
            "title": title,
            "module": module.pk,
            "introduction": "Five questions on boundaries.",
            "selection": "fixed",
            "draw_category": "",
            "draw_count": "",
            "shuffle_options": "on",
            "pass_mark": "80",
            "max_attempts": "",
            "cooldown": "0:00:00",
            "time_limit": "",
            "grading": "highest",
            "feedback": "immediately",
            "quiz_questions": inline_formset(rows, initial=initial),
            **extra,
        }
    )


@pytest.fixture
def module(db):
    return course_tree_build(modules=1, lessons=1).modules[0]


@pytest.fixture
def questions(db):
    return [
        SingleChoiceQuestionFactory(name="Home visit", status="draft"),
        TrueFalseQuestionFactory(name="Secrets", status="draft"),
    ]


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _create(client, module, questions, **extra) -> Quiz:
    response = client.post(url("add"), quiz_form(module, questions, **extra))
    assert response.status_code == 302, response.context and response.context["form"].errors
    return Quiz.objects.get(title="Boundaries check")


def _approve(client, quiz):
    task_state = quiz.current_workflow_task_state
    return client.post(
        url("workflow_action", quiz.pk, "approve", task_state.pk), {"comment": "Kind and right."}
    )


def test_editor_drafts_a_quiz_with_its_questions(editor_client, module, questions):
    quiz = _create(editor_client, module, questions)

    assert not quiz.live
    draft = quiz.latest_revision.as_object()
    assert [row.question_id for row in draft.quiz_questions.all()] == [q.pk for q in questions]


def test_editor_cannot_publish_a_quiz_directly(editor_client, module, questions):
    quiz = _create(editor_client, module, questions)
    edit_page = editor_client.get(url("edit", quiz.pk)).content.decode()

    forged = editor_client.post(
        url("edit", quiz.pk), quiz_form(module, questions, quiz=quiz, **{"action-publish": "1"})
    )

    assert 'name="action-publish"' not in edit_page
    assert "Submit to Clinical review" in edit_page
    assert forged.status_code == 403
    quiz.refresh_from_db()
    assert not quiz.live


def test_the_quiz_workflow_editor_submits_reviewer_approves(
    client, editor_client, module, questions, reviewer
):
    quiz = _create(editor_client, module, questions)
    editor_client.post(
        url("edit", quiz.pk), quiz_form(module, questions, quiz=quiz, **{"action-submit": "1"})
    )
    quiz.refresh_from_db()
    assert quiz.workflow_in_progress

    client.force_login(reviewer)
    response = _approve(client, quiz)

    assert response.status_code == 302
    quiz.refresh_from_db()
    assert quiz.live
    assert list(quiz.quiz_questions.values_list("question_id", flat=True)) == [
        q.pk for q in questions
    ]
    statuses = set(
        Question.objects.filter(pk__in=[q.pk for q in questions]).values_list("status", flat=True)
    )
    assert statuses == {Question.Status.APPROVED}


def test_the_person_who_submitted_cannot_approve(client, module, questions, reviewer):
    both = UserFactory(role=roles.CONTENT_EDITOR, email="both.quiz@example.org")
    both.groups.add(Group.objects.get(name=roles.CLINICAL_REVIEWER))
    client.force_login(both)
    quiz = _create(client, module, questions)
    client.post(
        url("edit", quiz.pk), quiz_form(module, questions, quiz=quiz, **{"action-submit": "1"})
    )
    quiz.refresh_from_db()

    _approve(client, quiz)

    quiz.refresh_from_db()
    assert not quiz.live
    assert Question.objects.filter(status=Question.Status.DRAFT).count() == 2


def test_a_quiz_without_questions_cannot_be_submitted(editor_client, module):
    response = editor_client.post(url("add"), quiz_form(module, [], **{"action-submit": "1"}))

    assert response.status_code == 200
    assert "needs at least one question" in response.content.decode()
    assert not Quiz.objects.filter(title="Boundaries check").exists()


def test_a_quiz_asking_a_broken_question_cannot_be_submitted_or_approved(
    client, editor_client, module, questions, reviewer
):
    quiz = _create(editor_client, module, questions)
    editor_client.post(
        url("edit", quiz.pk), quiz_form(module, questions, quiz=quiz, **{"action-submit": "1"})
    )
    questions[0].options.update(is_correct=False)  # broken after submission
    quiz.refresh_from_db()
    task = quiz.current_workflow_task.specific

    refused = editor_client.post(
        url("edit", quiz.pk), quiz_form(module, questions, quiz=quiz, **{"action-submit": "1"})
    )

    assert "exactly one correct option" in refused.content.decode()
    assert "approve" not in [name for name, _label, _modal in task.get_actions(quiz, reviewer)]
    client.force_login(reviewer)
    _approve(client, quiz)
    quiz.refresh_from_db()
    assert not quiz.live


def test_regrade_confirms_then_reports_what_changed(client, module, questions, editor):
    quiz = Quiz.objects.create(title="To regrade", module=module, live=True)
    client.force_login(editor)
    edit_page = client.get(url("edit", quiz.pk)).content.decode()
    regrade_url = reverse("quiz_regrade", args=[quiz.pk])

    confirm = client.get(regrade_url)
    response = client.post(regrade_url, follow=True)

    assert regrade_url in edit_page
    assert confirm.status_code == 200 and "csrfmiddlewaretoken" in confirm.content.decode()
    assert "0 attempt(s) re-scored" in response.content.decode()
    assert QuizRegrade.objects.filter(quiz=quiz, by=editor).count() == 1


@pytest.mark.parametrize("role", [roles.TRAINEE, roles.SUPERVISOR, roles.PROGRAMME_ADMIN])
def test_others_cannot_regrade_or_edit_quizzes(client, module, role):
    quiz = Quiz.objects.create(title="To regrade", module=module, live=True)
    client.force_login(UserFactory(role=role))

    regrade = client.post(reverse("quiz_regrade", args=[quiz.pk]))
    edit = client.post(url("edit", quiz.pk), {"title": "Hijacked"})

    assert regrade.status_code in (302, 403) and edit.status_code in (302, 403)
    assert not QuizRegrade.objects.exists()
    quiz.refresh_from_db()
    assert quiz.title == "To regrade"


def test_a_question_listed_twice_is_refused_with_a_message(editor_client, module, questions):
    response = editor_client.post(url("add"), quiz_form(module, [questions[0], questions[0]]))

    assert response.status_code == 200
    assert "duplicate" in response.content.decode().lower()
    assert not Quiz.objects.filter(title="Boundaries check").exists()
