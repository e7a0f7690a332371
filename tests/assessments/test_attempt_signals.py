"""Submitting a quiz announces `attempt_finalised` to the apps above (certificates) after
commit. A broken listener must not turn a saved submit into an error page: the attempt stays
submitted, the trainee sees the result, and the failure is logged (ids only), as for every
other event announced through `courses.signals.announce_on_commit`."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Attempt
from assessments.signals import attempt_finalised
from lms import roles
from tests.factories import (
    EnrolmentFactory,
    SingleChoiceQuestionFactory,
    TrueFalseQuestionFactory,
    UserFactory,
    course_tree_build,
    quiz_build,
)

# Real commits: the announcement runs when the submit's transaction commits, inside the
# request, as it does on a live server.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broken_listener():
    calls = []

    def broken(sender, attempt_id, **kwargs):
        calls.append(attempt_id)
        raise RuntimeError("listener down")

    attempt_finalised.connect(broken)
    yield calls
    attempt_finalised.disconnect(broken)


def test_a_broken_listener_is_logged_and_the_submitted_attempt_shows_its_result(
    broken_listener, caplog
):
    tree = course_tree_build(modules=1, lessons=1)
    trainee = UserFactory(role=roles.TRAINEE)
    EnrolmentFactory(user=trainee, course=tree.course)
    quiz = quiz_build(
        module=tree.modules[0],
        questions=[SingleChoiceQuestionFactory(), TrueFalseQuestionFactory()],
    )
    client = Client(raise_request_exception=False)
    client.force_login(trainee)
    assert client.post(reverse("assessments:quiz_start", args=[quiz.pk])).status_code == 302
    attempt = Attempt.objects.get(quiz=quiz)

    response = client.post(reverse("assessments:attempt_submit", args=[attempt.uuid]))

    assert response.status_code == 302
    assert response.url == reverse("assessments:attempt_result", args=[attempt.uuid])
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.FINAL
    assert broken_listener == [attempt.pk]
    assert "attempt_finalised listener" in caplog.text
    assert f"failed for attempt {attempt.pk}" in caplog.text
    assert client.get(response.url).status_code == 200
