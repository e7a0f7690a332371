"""Issue 12, finding 7: a reflection the trainee ticks "Share with my supervisor" reaches the
trainee's current supervisor, on the trainee's page in /supervise/, and nobody else; unticking
the box hides it again. The lesson page's wording promises only what is true."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment, LessonPage, LessonResponse
from courses.selectors import shared_reflections_for
from courses.services import supervision_assign
from lms import roles
from tests.factories import (
    EnrolmentFactory,
    PracticeCategoryFactory,
    PracticeLogFactory,
    SupervisionFactory,
    UserFactory,
    course_tree_build,
)

pytestmark = pytest.mark.django_db

SHARED = "SHARED-REFLECTION: my brother's stay in hospital came back to me."
KEPT = "KEPT-PRIVATE: I am not sure I am ready for this work."
HEADING = "Reflections shared with you"


def save_url(lesson, block_id):
    return reverse("courses:response_save", args=[lesson.pk, block_id])


def trainee_url(enrolment):
    return reverse("supervise:trainee_detail", args=[enrolment.pk])


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


def html(response) -> str:
    return response.content.decode()


def write(client, trainee, lesson, block_id, text, *, share):
    """The trainee saves a reflection through the lesson page's form, box ticked or not."""
    client.force_login(trainee)
    data = {"text": text, "shared_field": "1"}
    if share:
        data["shared"] = "on"
    response = client.post(save_url(lesson, block_id), data)
    assert response.status_code == 302
    client.logout()


@pytest.fixture
def tree():
    return course_tree_build(modules=2, lessons=2, title="Peer support in practice")


@pytest.fixture
def enrolment(trainee, supervisor, tree):
    trainee.full_name = "Asha Trainee"
    trainee.save()
    enrolment = EnrolmentFactory(user=trainee, course=tree.course)
    SupervisionFactory(enrolment=enrolment, supervisor=supervisor)
    return enrolment


@pytest.fixture
def lesson(tree):
    return tree.lessons[0]


@pytest.fixture
def reflection_id(tree, lesson):
    return tree.block_id(lesson, "reflection")


@pytest.fixture
def shared(client, trainee, enrolment, lesson, reflection_id):
    write(client, trainee, lesson, reflection_id, SHARED, share=True)
    return LessonResponse.objects.get(enrolment=enrolment, block_id=reflection_id)


# --- The current supervisor -----------------------------------------------------------------


def test_the_current_supervisor_reads_a_shared_reflection_on_the_trainees_page(
    client, supervisor, enrolment, shared, lesson
):
    response = page(client, supervisor, trainee_url(enrolment))

    assert response.status_code == 200
    body = html(response)
    assert HEADING in body
    section = body[body.index(HEADING) :]
    assert lesson.title in section
    assert "When has someone&#x27;s shared experience helped you?" in section  # the prompt
    assert "SHARED-REFLECTION: my brother&#x27;s stay in hospital came back to me." in section
    assert "Last saved" in section
    # The lesson is named, not linked: a supervisor who is not enrolled cannot open it.
    assert f'href="{lesson.url}"' not in body


def test_a_reflection_not_shared_never_appears(
    client, trainee, supervisor, enrolment, lesson, reflection_id
):
    write(client, trainee, lesson, reflection_id, KEPT, share=False)

    body = html(page(client, supervisor, trainee_url(enrolment)))
    assert HEADING in body
    assert "KEPT-PRIVATE" not in body
    assert "Asha Trainee has not shared any reflections with you in this course." in body


def test_unsharing_hides_the_reflection_at_once(
    client, trainee, supervisor, enrolment, shared, lesson, reflection_id
):
    assert "SHARED-REFLECTION" in html(page(client, supervisor, trainee_url(enrolment)))

    write(client, trainee, lesson, reflection_id, SHARED, share=False)

    assert "SHARED-REFLECTION" not in html(page(client, supervisor, trainee_url(enrolment)))


def test_a_scenario_response_is_never_shown_even_if_flagged(
    client, trainee, supervisor, enrolment, tree, lesson
):
    scenario_id = tree.block_id(lesson, "scenario")
    client.force_login(trainee)
    client.post(save_url(lesson, scenario_id), {"text": "SCENARIO-ANSWER", "shared": "on"})
    # The trainee was told "Only you can see this" for scenarios, whatever a row says.
    LessonResponse.objects.filter(block_id=scenario_id).update(shared_with_supervisor=True)

    assert "SCENARIO-ANSWER" not in html(page(client, supervisor, trainee_url(enrolment)))


def test_reflections_are_listed_in_course_order(client, trainee, supervisor, enrolment, tree):
    for n, lesson in reversed(list(enumerate(tree.lessons))):
        write(client, trainee, lesson, tree.block_id(lesson, "reflection"), f"NOTE-{n}", share=True)

    body = html(page(client, supervisor, trainee_url(enrolment)))
    positions = [body.index(f"NOTE-{n}") for n in range(len(tree.lessons))]
    assert positions == sorted(positions)


def test_html_in_a_reflection_is_escaped_and_its_line_breaks_kept(
    client, trainee, supervisor, enrolment, lesson, reflection_id
):
    text = '<script>alert("x")</script>\nSecond <b>line</b>'
    write(client, trainee, lesson, reflection_id, text, share=True)

    body = html(page(client, supervisor, trainee_url(enrolment)))
    assert '<script>alert("x")' not in body and "<b>line</b>" not in body
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Second &lt;b&gt;line&lt;/b&gt;"
    assert escaped in body


# --- Only what the trainee can still untick -------------------------------------------------


def test_a_reflection_whose_block_was_removed_is_no_longer_shown(
    client, supervisor, enrolment, shared, lesson
):
    # The trainee now sees it under "Your earlier responses … only you can see them", with
    # no box to untick: the supervisor must not keep it.
    lesson.body = [b for b in lesson.body.raw_data if b["type"] != "reflection"]
    lesson.save()

    assert "SHARED-REFLECTION" not in html(page(client, supervisor, trainee_url(enrolment)))


def test_a_withdrawn_trainees_reflections_are_no_longer_shown(
    client, supervisor, enrolment, shared
):
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)

    assert "SHARED-REFLECTION" not in html(page(client, supervisor, trainee_url(enrolment)))


def test_a_reflection_on_an_unpublished_lesson_is_no_longer_shown(
    client, supervisor, enrolment, shared, lesson
):
    LessonPage.objects.filter(pk=lesson.pk).update(live=False)

    assert "SHARED-REFLECTION" not in html(page(client, supervisor, trainee_url(enrolment)))


# --- Everyone else --------------------------------------------------------------------------


def test_reassignment_moves_the_reflections_to_the_new_supervisor(
    client, supervisor, programme_admin, enrolment, shared
):
    newcomer = UserFactory(role=roles.SUPERVISOR, full_name="New Supervisor")
    supervision_assign(enrolment=enrolment, supervisor=newcomer, by=programme_admin)

    assert "SHARED-REFLECTION" in html(page(client, newcomer, trainee_url(enrolment)))
    former = page(client, supervisor, trainee_url(enrolment))
    assert former.status_code == 404
    assert "SHARED-REFLECTION" not in html(former)
    # The rule is the selector's own, not only the page's.
    assert shared_reflections_for(enrolment, supervisor=supervisor) == []
    assert [r.pk for r in shared_reflections_for(enrolment, supervisor=newcomer)] == [shared.pk]


def test_another_supervisor_is_refused_the_page_and_the_selector(client, enrolment, shared):
    other = UserFactory(role=roles.SUPERVISOR)
    # They supervise someone else on the same course, so the area is open to them.
    SupervisionFactory(enrolment=EnrolmentFactory(course=enrolment.course), supervisor=other)

    response = page(client, other, trainee_url(enrolment))
    assert response.status_code == 404
    assert "SHARED-REFLECTION" not in html(response)
    assert shared_reflections_for(enrolment, supervisor=other) == []


@pytest.mark.parametrize("role", ["self", "other_trainee", "editor", "reviewer", "programme_admin"])
def test_no_other_role_reaches_the_supervisors_page(client, request, role, enrolment, shared):
    user = {
        "self": lambda: enrolment.user,
        "other_trainee": lambda: UserFactory(role=roles.TRAINEE),
        "editor": lambda: request.getfixturevalue("editor"),
        "reviewer": lambda: request.getfixturevalue("reviewer"),
        "programme_admin": lambda: request.getfixturevalue("programme_admin"),
    }[role]()

    response = page(client, user, trainee_url(enrolment))
    assert response.status_code == 403
    assert "SHARED-REFLECTION" not in html(response)
    assert shared_reflections_for(enrolment, supervisor=user) == []


def test_the_programme_admins_pages_on_the_trainee_do_not_show_the_text(
    client, programme_admin, enrolment, shared
):
    for url in (
        reverse("practice_records:history", args=[enrolment.pk]),
        reverse("enrolment:edit", args=[enrolment.pk]),
        reverse("enrolment:index"),
    ):
        response = page(client, programme_admin, url)
        assert response.status_code == 200, url
        assert "SHARED-REFLECTION" not in html(response), url


def test_another_trainee_does_not_see_it_on_the_lesson(client, tree, enrolment, shared, lesson):
    other = UserFactory(role=roles.TRAINEE)
    EnrolmentFactory(user=other, course=tree.course)

    response = page(client, other, lesson.url)
    assert response.status_code == 200
    assert "SHARED-REFLECTION" not in html(response)


# --- Where the text never goes --------------------------------------------------------------


def test_the_text_is_in_no_url_log_or_digest(
    client, caplog, trainee, supervisor, enrolment, lesson, reflection_id
):
    caplog.set_level(logging.DEBUG)
    client.force_login(trainee)
    response = client.post(
        save_url(lesson, reflection_id), {"text": SHARED, "shared_field": "1", "shared": "on"}
    )
    assert "SHARED" not in response["Location"]
    body = html(page(client, supervisor, trainee_url(enrolment)))
    assert "SHARED-REFLECTION" in body
    assert "SHARED-REFLECTION" not in " ".join(
        part for part in body.split('"') if part.startswith(("/", "http"))
    )
    # A log waiting long enough puts this trainee in the supervisor's daily digest.
    PracticeLogFactory(
        enrolment=enrolment,
        category=PracticeCategoryFactory(course=enrolment.course),
        submitted=True,
        submitted_at=timezone.now() - timedelta(days=10),
    )
    call_command("send_practice_digest", verbosity=0)

    [message] = mail.outbox
    assert "Asha Trainee" in message.body
    everything = [message.subject, message.body] + [b for b, _ in message.alternatives]
    assert not any("SHARED-REFLECTION" in part for part in everything)
    assert not any("SHARED-REFLECTION" in record.getMessage() for record in caplog.records)


# --- The trainee's promise ------------------------------------------------------------------


def test_the_lesson_promises_a_supervisor_only_when_there_is_one(
    client, trainee, supervisor, enrolment, lesson, reflection_id, shared
):
    body = html(page(client, trainee, lesson.url))
    assert "Only you and your supervisor can see this." in body

    enrolment.supervisions.update(ended_at=timezone.now())
    body = html(page(client, trainee, lesson.url))
    assert "Only you and your supervisor can see this." not in body
    assert "you have no supervisor yet" in body
    assert shared_reflections_for(enrolment, supervisor=supervisor) == []

    write(client, trainee, lesson, reflection_id, SHARED, share=False)
    assert "Only you can see this." in html(page(client, trainee, lesson.url))


# --- Cost -----------------------------------------------------------------------------------


def test_the_trainees_page_costs_the_same_queries_for_1_or_12_reflections(
    client, trainee, supervisor, enrolment, shared, django_assert_max_num_queries
):
    client.force_login(supervisor)
    url = trainee_url(enrolment)
    client.get(url)
    with django_assert_max_num_queries(100) as one:
        client.get(url)
    few = len(one.captured_queries)  # now: the next request empties the query log

    many = course_tree_build(modules=3, lessons=4)
    big = EnrolmentFactory(user=UserFactory(role=roles.TRAINEE), course=many.course)
    SupervisionFactory(enrolment=big, supervisor=supervisor)
    for lesson in many.lessons:
        write(client, big.user, lesson, many.block_id(lesson, "reflection"), "NOTE", share=True)
    client.force_login(supervisor)
    client.get(trainee_url(big))
    with django_assert_max_num_queries(few):
        body = html(client.get(trainee_url(big)))
    assert body.count("NOTE") == 12
