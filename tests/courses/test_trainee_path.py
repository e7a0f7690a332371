"""The trainee's path: dashboard, course page, lesson page, enrolling and marking complete."""

import pytest
from django.urls import reverse
from wagtail import hooks as wagtail_hooks

from courses import hooks
from courses.models import Enrolment, LessonCompletion
from courses.services import enrolment_create, lesson_complete
from tests.factories import UserFactory, course_tree_build

pytestmark = pytest.mark.django_db


def _complete_url(lesson):
    return reverse("courses:lesson_complete", args=[lesson.pk])


# --- Dashboard ------------------------------------------------------------------------------


def test_dashboard_needs_sign_in(client):
    response = client.get("/learn/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_dashboard_without_courses_links_to_the_course_index(client, trainee):
    client.force_login(trainee)
    response = client.get("/learn/")
    assert response.status_code == 200
    assert b"not enrolled in any course yet" in response.content
    assert b'href="/courses/"' in response.content


def test_dashboard_shows_percent_and_continue_where_you_left_off(trainee_client, tree, trainee):
    lesson_complete(user=trainee, lesson=tree.lessons[0])
    trainee_client.get(tree.lessons[1].url)  # the visit is remembered

    response = trainee_client.get("/learn/")

    html = response.content.decode()
    assert tree.course.title in html
    assert "16% complete: 1 of 6 lessons" in html
    assert 'value="16"' in html
    assert "Continue where you left off" in html
    assert f'href="{tree.lessons[1].url}"' in html


def test_dashboard_renders_registered_panels(trainee_client, enrolment):
    def panel(*, request, enrolments):
        assert [e.pk for e in enrolments] == [enrolment.pk]
        return ["<p>Certificate panel</p>"]

    with wagtail_hooks.register_temporarily(hooks.DASHBOARD_PANELS, panel):
        response = trainee_client.get("/learn/")
    assert b"<p>Certificate panel</p>" in response.content


# --- Course page ----------------------------------------------------------------------------


def test_course_page_shows_progress_and_ticks_in_words(trainee_client, tree, trainee):
    lesson_complete(user=trainee, lesson=tree.lessons[0])
    html = trainee_client.get(tree.course.url).content.decode()
    assert "16% complete: 1 of 6 lessons" in html
    assert "<progress" in html
    assert html.count("✓ Completed") == 1
    assert "1 of 3 lessons complete" in html


def test_people_not_enrolled_see_the_outline_but_no_enrol_button_on_a_closed_course(client, tree):
    client.force_login(UserFactory())
    html = client.get(tree.course.url).content.decode()
    assert "Lesson 2.3" in html
    assert "Ask your programme admin" in html
    assert "Enrol in this course" not in html


def test_enrolling_in_an_open_course(client, trainee):
    tree = course_tree_build(open_enrolment=True)
    client.force_login(trainee)
    assert b"Enrol in this course" in client.get(tree.course.url).content

    response = client.post(reverse("courses:enrol", args=[tree.course.pk]), follow=True)

    enrolment = Enrolment.objects.get(user=trainee, course=tree.course)
    assert enrolment.source == Enrolment.Source.SELF
    assert b"You are enrolled in" in response.content
    assert b"0% complete" in response.content


def test_enrolling_in_a_closed_course_is_refused(client, trainee, tree):
    client.force_login(trainee)
    response = client.post(reverse("courses:enrol", args=[tree.course.pk]), follow=True)
    assert b"not open for enrolment" in response.content
    assert not Enrolment.objects.filter(user=trainee).exists()


def test_locked_modules_say_why(trainee, client):
    tree = course_tree_build(modules_unlock_in_order=True)
    enrolment_create(user=trainee, course=tree.course)
    client.force_login(trainee)

    html = client.get(tree.course.url).content.decode()
    assert "Locked:</strong> Complete “Module 1” first." in html

    lesson_html = client.get(tree.lessons[3].url).content.decode()
    assert "This lesson is locked" in lesson_html
    assert "A message at midnight" not in lesson_html  # no body


def test_course_page_renders_registered_panels(trainee_client, tree):
    def panel(*, request, course, enrolment):
        return [f"<p>Quiz panel for {course.pk}</p>"]

    with wagtail_hooks.register_temporarily(hooks.COURSE_PANELS, panel):
        response = trainee_client.get(tree.course.url)
    assert f"<p>Quiz panel for {tree.course.pk}</p>".encode() in response.content


def test_module_lock_hook_reason_is_shown(trainee_client, tree):
    def locks(*, enrolment, modules):
        return {modules[-1].id: "Pass the quiz of Module 1 first."}

    with wagtail_hooks.register_temporarily(hooks.MODULE_LOCKS, locks):
        html = trainee_client.get(tree.course.url).content.decode()
        lesson_html = trainee_client.get(tree.lessons[-1].url).content.decode()
    assert "Pass the quiz of Module 1 first." in html
    assert "Pass the quiz of Module 1 first." in lesson_html
    assert "Mark as complete" not in lesson_html


# --- Lesson page ----------------------------------------------------------------------------


def test_enrolled_trainee_reads_the_lesson_with_previous_and_next(trainee_client, tree):
    html = trainee_client.get(tree.lessons[3].url).content.decode()
    assert "A message at midnight" in html
    assert "Mark as complete" in html
    assert f'href="{tree.lessons[2].url}" rel="prev"' in html
    assert f'href="{tree.lessons[4].url}" rel="next"' in html


def test_first_and_last_lessons_have_one_neighbour(trainee_client, tree):
    first = trainee_client.get(tree.lessons[0].url).content.decode()
    last = trainee_client.get(tree.lessons[-1].url).content.decode()
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="prev"' in last and 'rel="next"' not in last


@pytest.mark.parametrize("signed_in", [True, False])
def test_lesson_body_is_hidden_from_people_not_enrolled(client, tree, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    response = client.get(tree.lessons[0].url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "A message at midnight" not in html
    assert "Mark as complete" not in html
    if signed_in:
        assert "You are not enrolled in this course" in html
        assert "Ask your programme admin to enrol you." in html
    else:
        assert "Sign in to read this lesson" in html


def test_editors_read_lessons_without_enrolling(client, tree, editor):
    client.force_login(editor)
    html = client.get(tree.lessons[0].url).content.decode()
    assert "A message at midnight" in html
    assert "Debrief (trainees see it after writing a response)" in html
    assert "<textarea" not in html and "Mark as complete" not in html


def test_content_note_comes_before_the_body_with_where_to_get_help(client, trainee):
    tree = course_tree_build(modules=1, lessons=1, content_note="This lesson discusses self-harm.")
    enrolment_create(user=trainee, course=tree.course)
    client.force_login(trainee)
    html = client.get(tree.lessons[0].url).content.decode()
    note = html.index("This lesson discusses self-harm.")
    assert note < html.index("Where to get help") < html.index("Why this matters")
    assert 'href="tel:14416"' in html[note : html.index("Why this matters")]


def test_reading_a_lesson_is_remembered_for_continue(trainee_client, tree, enrolment):
    trainee_client.get(tree.lessons[4].url)
    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == tree.lessons[4].pk
    assert enrolment.last_activity_at is not None


def test_reading_without_enrolment_records_nothing(client, tree, editor):
    client.force_login(editor)
    client.get(tree.lessons[0].url)
    assert not Enrolment.objects.filter(user=editor).exists()


# --- Mark as complete -----------------------------------------------------------------------


def test_mark_complete_then_again_changes_nothing(trainee_client, tree, enrolment):
    lesson = tree.lessons[2]
    response = trainee_client.post(_complete_url(lesson), follow=True)
    assert response.redirect_chain[0] == (lesson.url, 302)
    assert "“Lesson 1.3” is complete." in response.content.decode()
    assert "✓ You have completed this lesson" in response.content.decode()
    first = LessonCompletion.objects.get(enrolment=enrolment, lesson=lesson)

    trainee_client.post(_complete_url(lesson))

    assert list(LessonCompletion.objects.filter(enrolment=enrolment)) == [first]
    html = trainee_client.get(tree.course.url).content.decode()
    assert "16% complete: 1 of 6 lessons" in html


def test_mark_complete_is_post_only(trainee_client, tree):
    assert trainee_client.get(_complete_url(tree.lessons[0])).status_code == 405
    assert not LessonCompletion.objects.exists()


def test_mark_complete_needs_csrf_token(client, trainee, enrolment, tree):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(trainee)
    assert csrf_client.post(_complete_url(tree.lessons[0])).status_code == 403
    assert not LessonCompletion.objects.exists()


def test_mark_complete_without_enrolment_is_refused(client, tree):
    client.force_login(UserFactory())
    response = client.post(_complete_url(tree.lessons[0]), follow=True)
    assert response.status_code == 200
    assert b"You are not enrolled in this course." in response.content
    assert not LessonCompletion.objects.exists()


def test_mark_complete_of_an_unpublished_lesson_is_refused(trainee_client, tree):
    lesson = tree.lessons[0]
    lesson.unpublish()
    response = trainee_client.post(_complete_url(lesson), follow=True)
    assert response.redirect_chain[-1][0] == reverse("courses:dashboard")
    assert b"This lesson is not published" in response.content
    assert not LessonCompletion.objects.exists()


def test_mark_complete_of_a_missing_lesson_is_404(trainee_client):
    assert trainee_client.post(reverse("courses:lesson_complete", args=[999999])).status_code == 404


def test_mark_complete_signed_out_goes_to_sign_in(client, tree):
    response = client.post(_complete_url(tree.lessons[0]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not LessonCompletion.objects.exists()


def test_course_index_lists_courses_and_marks_mine(trainee_client, tree):
    html = trainee_client.get("/courses/").content.decode()
    assert tree.course.title in html
    assert "✓ You are enrolled" in html
