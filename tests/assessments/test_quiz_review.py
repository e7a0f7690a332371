"""The editor's preview of a quiz shows what a trainee would see: the questions and their
options, never the right answers or the feedback."""

import pytest
from django.urls import reverse

from assessments.models import Quiz
from tests.assessments.test_admin_quizzes import quiz_form
from tests.factories import course_tree_build
from tests.factories.assessments import MatchingQuestionFactory, SingleChoiceQuestionFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(Quiz.snippet_viewset.get_url_name(name), args=args)


def test_preview_shows_the_options_but_not_the_key(client, editor):
    module = course_tree_build(modules=1, lessons=1).modules[0]
    choice = SingleChoiceQuestionFactory(general_feedback="Meeting in public keeps you both safe.")
    matching = MatchingQuestionFactory()
    client.force_login(editor)
    client.post(url("add"), quiz_form(module, [choice, matching]))
    quiz = Quiz.objects.get(title="Boundaries check")
    preview_url = url("preview_on_edit", quiz.pk)

    check = client.post(preview_url, quiz_form(module, [choice, matching], quiz=quiz))
    response = client.get(preview_url)

    assert check.json()["is_valid"] is True
    html = response.content.decode()
    assert "Boundaries check" in html
    assert "Someone you support asks to meet at your home." in html
    assert "Suggest the usual community centre" in html
    assert "Thoughts of suicide" in html
    assert "You pass with 80 % or more." in html
    for secret in (
        "is_correct",
        "Your home is your boundary.",
        "Meeting in public keeps you both safe.",
        "Reply, kindly.",
    ):
        assert secret not in html
    assert "disabled" in html
