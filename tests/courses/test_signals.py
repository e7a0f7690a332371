"""Progress announcements: sent after commit, and a failing listener never fails the step."""

import pytest

from courses.models import LessonCompletion
from courses.services import lesson_complete
from courses.signals import enrolment_progressed
from tests.factories import EnrolmentFactory, course_tree_build

pytestmark = pytest.mark.django_db


def test_a_failing_listener_is_logged_and_the_lesson_stays_complete(
    trainee, django_capture_on_commit_callbacks, caplog
):
    tree = course_tree_build(modules=1, lessons=2)
    enrolment = EnrolmentFactory(user=trainee, course=tree.course)

    def broken(sender, enrolment_id, **kwargs):
        raise RuntimeError("listener down")

    enrolment_progressed.connect(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            lesson_complete(user=trainee, lesson=tree.lessons[0])
    finally:
        enrolment_progressed.disconnect(broken)
    assert LessonCompletion.objects.filter(enrolment=enrolment).count() == 1
    assert f"failed for enrolment {enrolment.pk}" in caplog.text
