"""What courses holds about a person, for their copy of their data (lms.data_export): the
organisations they belong to, their enrolments and who supervised them, the lessons they
completed, and everything they wrote in scenarios and reflections (shared or not).

Registered from CoursesConfig.ready(); each section is a few queries however much there is.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from lms.data_export import register_export_section

from .models import Enrolment, LessonCompletion, LessonResponse, Organisation, Supervision
from .organisations import person_organisation_ids


def _organisations(person) -> list[str]:
    return list(
        Organisation.objects.filter(pk__in=person_organisation_ids(person.pk))
        .order_by("name")
        .values_list("name", flat=True)
    )


def _enrolments(person) -> list[dict]:
    enrolments = (
        Enrolment.objects.filter(user=person)
        .select_related("course", "cohort__organisation", "last_lesson")
        .prefetch_related(
            Prefetch(
                "supervisions",
                queryset=Supervision.objects.select_related("supervisor").order_by(
                    "started_at", "pk"
                ),
            )
        )
        .order_by("enrolled_at", "pk")
    )
    return [
        {
            "course": enrolment.course.title,
            "cohort": enrolment.cohort.name if enrolment.cohort else None,
            "organisation": enrolment.cohort.organisation.name if enrolment.cohort else None,
            "status": enrolment.get_status_display(),
            "how_you_were_enrolled": enrolment.get_source_display(),
            "enrolled_at": enrolment.enrolled_at,
            "last_activity_at": enrolment.last_activity_at,
            "last_lesson_opened": enrolment.last_lesson.title if enrolment.last_lesson else None,
            "supervisors": [
                {
                    "name": supervision.supervisor.full_name,
                    "from": supervision.started_at,
                    "until": supervision.ended_at,
                }
                for supervision in enrolment.supervisions.all()
            ],
        }
        for enrolment in enrolments
    ]


def _lesson_progress(person) -> list[dict]:
    by_enrolment: dict[int, dict] = {}
    completions = (
        LessonCompletion.objects.filter(enrolment__user=person)
        .select_related("enrolment__course", "lesson")
        .order_by("enrolment__enrolled_at", "enrolment_id", "completed_at", "pk")
    )
    for completion in completions:
        course = by_enrolment.setdefault(
            completion.enrolment_id,
            {"course": completion.enrolment.course.title, "lessons_completed": []},
        )
        course["lessons_completed"].append(
            {"lesson": completion.lesson.title, "completed_at": completion.completed_at}
        )
    return list(by_enrolment.values())


def _lesson_responses(person) -> list[dict]:
    responses = (
        LessonResponse.objects.filter(enrolment__user=person)
        .select_related("enrolment__course", "lesson")
        .order_by("created_at", "pk")
    )
    return [
        {
            "course": response.enrolment.course.title,
            "lesson": response.lesson.title,
            "kind": response.get_kind_display(),
            "prompt": response.prompt,
            "what_you_wrote": response.text,
            "shared_with_your_supervisor": response.shared_with_supervisor,
            "first_saved_at": response.created_at,
            "last_saved_at": response.updated_at,
        }
        for response in responses
    ]


def register() -> None:
    register_export_section(
        name="organisations",
        order=150,
        title=_("The organisations you belong to."),
        collect=_organisations,
    )
    register_export_section(
        name="enrolments",
        order=200,
        title=_("Your courses: cohort, organisation, status and who supervised you, when."),
        collect=_enrolments,
    )
    register_export_section(
        name="lesson_progress",
        order=210,
        title=_("The lessons you completed, and when."),
        collect=_lesson_progress,
    )
    register_export_section(
        name="scenario_responses_and_reflections",
        order=220,
        title=_("Everything you wrote in lessons: scenario responses and reflections."),
        collect=_lesson_responses,
    )
