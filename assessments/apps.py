from datetime import timedelta

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from assessments import erasure, signal_handlers  # noqa: F401
        from assessments.practice import data_export as practice_data_export
        from assessments.quizzes import data_export as quizzes_data_export
        from lms.jobs import register_job
        from lms.site import register_demo_loader, register_setup_step

        # Overdue attempts are also submitted on the trainee's next request; the sweep covers
        # the trainee who never comes back, so the attempt never stays open.
        register_job(name="sweep_attempts", command="sweep_attempts", every=timedelta(minutes=1))
        # Supervisors hear once a day about practice logs and essays waiting too long.
        register_job(
            name="send_practice_digest", command="send_practice_digest", every=timedelta(days=1)
        )
        # Quiz attempts, practice logs and competencies in a person's copy of their data.
        quizzes_data_export.register()
        practice_data_export.register()
        # What erasing a person deletes here (lms/erasure.py).
        erasure.register()
        # Quizzes join the workflow the course index step made.
        register_setup_step(name="quizzes_review", order=400, run=_quizzes_review_setup)
        # The quizzes need the demo course's module pages; practice, its enrolled trainee.
        register_demo_loader(name="quizzes", order=300, load=_demo_quizzes_load)
        register_demo_loader(name="practice", order=400, load=_demo_practice_load)


# --- What assessments adds to `setup_site` and `load_demo` (lms/site.py) ---------------------


def _quizzes_review_setup() -> str:
    from assessments.models import Quiz
    from courses.workflow import review_workflow_assign

    review_workflow_assign(model=Quiz)
    return "Quizzes: published through the Clinical review workflow"


def _demo_quizzes_load(run) -> list[str]:
    from assessments.quizzes.demo import DEMO_BANK_NAME, demo_quizzes_load

    quizzes = demo_quizzes_load(course=run.course)
    lines = [
        f"Demo quizzes: {len(quizzes.quizzes)} module(s) with a quiz; "
        f"{quizzes.quizzes_created} quiz(zes) and {quizzes.questions_created} question(s) "
        f"created (bank {DEMO_BANK_NAME!r})."
    ]
    for slug in quizzes.modules_missing:
        lines.append(f"  No module {slug!r} in the demo course: its quiz was skipped.")
    return lines


def _demo_practice_load(run) -> list[str]:
    from assessments.practice.demo import practice_demo_load

    practice = practice_demo_load(course=run.course, trainee=run.trainee, supervisor=run.supervisor)
    lines = [
        f"Demo practice: {practice.categories_created} categor(ies), "
        f"{practice.competencies_created} competenc(ies), {practice.logs_created} log(s) "
        f"and {practice.observations_created} observation(s) created."
    ]
    if practice.skipped:
        lines.append(f"  The trainee's practice records were skipped: {practice.skipped}.")
    return lines
