"""What erasing a person (lms.erasure) changes in courses: their scenario responses and
reflections are deleted, their enrolments withdrawn and their supervisions ended, so no
certificate is issued to the pseudonym and no queue lists them. Enrolments, supervisions and
lesson completions stay as rows without text: the register's certificates and the
programme's counts rest on them."""

from django.utils import timezone

from .models import Enrolment, LessonResponse, Supervision


def erase_courses(person, files) -> dict[str, int]:
    return {
        "lesson_responses": LessonResponse.objects.filter(enrolment__user=person).delete()[0],
        "enrolments_withdrawn": Enrolment.objects.filter(
            user=person, status=Enrolment.Status.ACTIVE
        ).update(status=Enrolment.Status.WITHDRAWN),
        "supervisions_ended": Supervision.objects.filter(
            enrolment__user=person, ended_at__isnull=True
        ).update(ended_at=timezone.now()),
    }


def register() -> None:
    from lms.erasure import register_erasure_step

    register_erasure_step(name="courses", order=200, run=erase_courses)
