"""Reflections and scenario responses: private, saved with or without JavaScript, refused
politely when too long, and kept for their author when an editor removes the block."""

import pytest
from django.urls import reverse

from courses.models import LessonResponse
from courses.services import enrolment_create, lesson_response_save
from tests.factories import SupervisionFactory, UserFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def _url(lesson, block_id):
    return reverse("courses:response_save", args=[lesson.pk, block_id])


@pytest.fixture
def lesson(tree):
    return tree.lessons[0]


@pytest.fixture
def reflection_id(tree, lesson):
    return tree.block_id(lesson, "reflection")


@pytest.fixture
def scenario_id(tree, lesson):
    return tree.block_id(lesson, "scenario")


def test_reflection_saved_without_javascript_returns_to_the_block(
    trainee_client, lesson, reflection_id, enrolment
):
    response = trainee_client.post(
        _url(lesson, reflection_id),
        {"text": "It helped when a friend said she had been there.", "shared_field": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{lesson.url}#block-{reflection_id}"
    assert "friend" not in response["Location"]
    saved = LessonResponse.objects.get(enrolment=enrolment, block_id=reflection_id)
    assert saved.kind == LessonResponse.Kind.REFLECTION
    assert saved.shared_with_supervisor is False

    html = trainee_client.get(response["Location"]).content.decode()
    assert "Saved at" in html
    assert ">It helped when a friend said she had been there.</textarea>" in html
    assert "Only you can see this." in html


def test_sharing_with_the_supervisor_can_be_turned_on_and_off(
    trainee_client, lesson, reflection_id, enrolment, supervisor
):
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    url = _url(lesson, reflection_id)
    trainee_client.post(url, {"text": "Shared.", "shared_field": "1", "shared": "on"})
    saved = LessonResponse.objects.get(enrolment=enrolment)
    assert saved.shared_with_supervisor is True
    html = trainee_client.get(lesson.url).content.decode()
    assert "Only you and your supervisor can see this." in html
    assert 'name="shared" checked' in html

    trainee_client.post(url, {"text": "Not shared.", "shared_field": "1"})
    saved.refresh_from_db()
    assert saved.shared_with_supervisor is False


def test_reflection_saved_with_javascript_answers_json(
    trainee_client, lesson, reflection_id, enrolment
):
    response = trainee_client.post(_url(lesson, reflection_id), {"text": "Draft."}, **JSON)
    assert response.status_code == 200
    data = response.json()
    assert data["message"] == f"Saved at {data['saved_at']}"
    assert LessonResponse.objects.get(enrolment=enrolment).text == "Draft."


def test_debrief_is_rendered_only_after_a_response_is_saved(
    trainee_client, lesson, scenario_id, enrolment
):
    before = trainee_client.get(lesson.url).content.decode()
    assert "A message at midnight" in before
    assert "agree on hours together" not in before  # not in the HTML at all

    response = trainee_client.post(
        _url(lesson, scenario_id), {"text": "I would reply in the morning."}, follow=True
    )

    html = response.content.decode()
    assert "The debrief is below it." in html
    assert "agree on hours together" in html
    assert LessonResponse.objects.get(enrolment=enrolment).kind == LessonResponse.Kind.SCENARIO


def test_too_long_text_is_refused_and_kept_on_the_form(
    trainee_client, lesson, reflection_id, enrolment
):
    lesson_response_save(
        user=enrolment.user, lesson=lesson, block_id=reflection_id, text="Earlier text."
    )
    long_text = "My <b>long</b> reflection. " + "x" * 5000

    response = trainee_client.post(_url(lesson, reflection_id), {"text": long_text})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Please keep this under 5000 characters" in html
    assert "My &lt;b&gt;long&lt;/b&gt; reflection. xxx" in html  # kept, and escaped
    assert 'aria-invalid="true"' in html
    assert LessonResponse.objects.get(enrolment=enrolment).text == "Earlier text."


def test_too_long_text_with_javascript_is_a_json_400(
    trainee_client, lesson, reflection_id, enrolment
):
    response = trainee_client.post(_url(lesson, reflection_id), {"text": "x" * 5001}, **JSON)
    assert response.status_code == 400
    assert "Please keep this under 5000 characters" in response.json()["error"]
    assert not LessonResponse.objects.exists()


def test_empty_text_is_refused(trainee_client, lesson, reflection_id):
    response = trainee_client.post(_url(lesson, reflection_id), {"text": "   "})
    assert response.status_code == 400
    assert b"Write something before saving." in response.content
    assert not LessonResponse.objects.exists()


def test_a_block_that_takes_no_responses_is_refused(trainee_client, tree, lesson):
    heading_id = tree.block_id(lesson, "heading")
    response = trainee_client.post(_url(lesson, heading_id), {"text": "Hello"})
    assert response.status_code == 400
    assert b"no longer takes responses" in response.content
    assert not LessonResponse.objects.exists()


def test_people_not_enrolled_cannot_save(client, lesson, reflection_id):
    client.force_login(UserFactory())
    response = client.post(_url(lesson, reflection_id), {"text": "Hello"})
    assert response.status_code == 400
    assert b"You are not enrolled in this course." in response.content
    json_response = client.post(_url(lesson, reflection_id), {"text": "Hello"}, **JSON)
    assert json_response.status_code == 400
    assert not LessonResponse.objects.exists()


def test_unpublished_lesson_takes_no_responses(trainee_client, lesson, reflection_id):
    lesson.unpublish()
    assert trainee_client.post(_url(lesson, reflection_id), {"text": "Hi"}).status_code == 404
    json_response = trainee_client.post(_url(lesson, reflection_id), {"text": "Hi"}, **JSON)
    assert json_response.status_code == 404
    assert "error" in json_response.json()
    assert not LessonResponse.objects.exists()


def test_saving_is_post_only_and_needs_sign_in(client, trainee_client, lesson, reflection_id):
    assert trainee_client.get(_url(lesson, reflection_id)).status_code == 405
    response = client.post(_url(lesson, reflection_id), {"text": "Hi"})
    assert response.status_code == 302


def test_a_trainee_sees_only_their_own_responses(client, tree, lesson, reflection_id, trainee):
    other = UserFactory()
    enrolment_create(user=other, course=tree.course)
    lesson_response_save(user=other, lesson=lesson, block_id=reflection_id, text="Other's secret.")
    enrolment_create(user=trainee, course=tree.course)
    client.force_login(trainee)
    html = client.get(lesson.url).content.decode()
    assert "Other&#x27;s secret." not in html and "secret" not in html
    assert "Saved at" not in html


def test_trainee_text_is_escaped(trainee_client, lesson, reflection_id, enrolment):
    trainee_client.post(_url(lesson, reflection_id), {"text": "<script>alert(1)</script>"})
    html = trainee_client.get(lesson.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_responses_to_a_removed_block_stay_visible_to_their_author(
    trainee_client, tree, lesson, reflection_id, enrolment
):
    lesson_response_save(
        user=enrolment.user, lesson=lesson, block_id=reflection_id, text="Line one\nline <two>"
    )
    lesson.body = [(b.block_type, b.value) for b in lesson.body if b.id != reflection_id]
    lesson.save()

    html = trainee_client.get(lesson.url).content.decode()

    assert "Your earlier responses" in html
    assert "Line one<br>line &lt;two&gt;" in html
    assert "When has someone&#x27;s shared experience helped you?" in html


def test_response_text_never_reaches_the_logs(trainee_client, lesson, reflection_id, caplog):
    caplog.set_level("DEBUG")
    trainee_client.post(_url(lesson, reflection_id), {"text": "very private words"})
    trainee_client.post(_url(lesson, reflection_id), {"text": "private " + "x" * 5001})
    assert "private" not in caplog.text
