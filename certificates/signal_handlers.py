"""Reactions to what the course and assessment apps and Wagtail announce. Never a rule here,
and never on post_save: progress queues an eligibility check after commit (which also
rechecks the enrolment's issued certificates), content changes and regrades ask for the
admin's "rules no longer hold" flag to be rechecked, and the periodic jobs re-check whatever
a lost event missed."""

from django.dispatch import receiver
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from assessments.quizzes.selectors import attempt_enrolment_id, enrolment_ids_attempted
from assessments.signals import attempt_finalised, quiz_regraded
from courses.selectors import course_ids_for_page
from courses.signals import enrolment_progressed


def _queue_evaluate(enrolment_id: int) -> None:
    """An outbox message in the step's transaction (lms.outbox): after commit it runs at once
    (or in a worker), and a broker that is down or frozen never holds up the trainee."""
    from lms.outbox import outbox_enqueue

    outbox_enqueue("certificates.evaluate", enrolment_id=enrolment_id)


@receiver(enrolment_progressed, dispatch_uid="certificates_on_enrolment_progressed")
def on_enrolment_progressed(sender, enrolment_id: int, **kwargs):
    _queue_evaluate(enrolment_id)


@receiver(attempt_finalised, dispatch_uid="certificates_on_attempt_finalised")
def on_attempt_finalised(sender, attempt_id: int, **kwargs):
    enrolment_id = attempt_enrolment_id(attempt_id)
    if enrolment_id is not None:
        _queue_evaluate(enrolment_id)


# --- Changes that may make an issued certificate's rules stop holding -----------------------


def _recheck_courses(course_ids: list[int]) -> None:
    from .recheck import certificates_rules_recheck_request

    if course_ids:
        certificates_rules_recheck_request(course_ids=course_ids)


@receiver(page_published, dispatch_uid="certificates_rules_on_page_published")
@receiver(page_unpublished, dispatch_uid="certificates_rules_on_page_unpublished")
def on_page_published_or_unpublished(sender, instance, **kwargs):
    """A lesson or module going live or away changes what "every live lesson" and "every
    module's quiz" mean. Wagtail unpublishes a live page before deleting it, so a deletion
    arrives here too, while the page is still in the tree."""
    _recheck_courses(course_ids_for_page(instance))


@receiver(post_page_move, dispatch_uid="certificates_rules_on_page_moved")
def on_page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    if parent_page_before.pk == parent_page_after.pk:
        return
    _recheck_courses(
        course_ids_for_page(parent_page_before) + course_ids_for_page(parent_page_after)
    )


@receiver(published, dispatch_uid="certificates_rules_on_quiz_published")
@receiver(unpublished, dispatch_uid="certificates_rules_on_quiz_unpublished")
def on_quiz_published_or_unpublished(sender, instance, **kwargs):
    from wagtail.models import Page

    from assessments.models import Quiz

    if not isinstance(instance, Quiz):
        return
    module = Page.objects.filter(pk=instance.module_id).first()
    if module is not None:
        _recheck_courses(course_ids_for_page(module))


@receiver(quiz_regraded, dispatch_uid="certificates_rules_on_quiz_regraded")
def on_quiz_regraded(sender, quiz_id: int, **kwargs):
    """Only the enrolments with an attempt at the quiz can have changed."""
    from .recheck import certificates_rules_recheck_request

    certificates_rules_recheck_request(enrolment_ids=enrolment_ids_attempted(quiz_id=quiz_id))
