"""Load the demo data `make run` shows: one account per role, the demo course and its cohort,
a quiz for each of the course's modules, and the course's supervised practice with a few weeks
of the demo trainee's logs, some waiting in the demo supervisor's queue.

It lives in `lms` because it wires three apps together: `content` (accounts, the curriculum as
data), `courses` (the pages, the cohort and the enrolment) and `assessments` (the question bank
and the quizzes, which need the module pages first); `content` never imports `courses`, nor
`courses` `assessments`. Idempotent, and refused in production.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessments.practice.demo import practice_demo_load
from assessments.quizzes.demo import DEMO_BANK_NAME, demo_quizzes_load
from certificates.demo import ethics_demo_load
from content.demo import (
    DEMO_DOMAIN,
    DemoRefused,
    demo_accounts,
    demo_accounts_load,
    demo_refuse_production,
)
from courses.demo import DEMO_COHORT_NAME, course_demo_load
from courses.models import CourseIndexPage


class Command(BaseCommand):
    help = "Load demo data for trying the platform out. Refuses to run in production."

    def handle(self, *args, **options):
        try:
            demo_refuse_production()
        except DemoRefused as error:
            raise CommandError(str(error)) from error
        index = CourseIndexPage.objects.first()
        if index is None:  # nor the roles, the workflow or the permissions
            raise CommandError("Run `manage.py setup_site` first: there is no course index.")
        User = get_user_model()
        with transaction.atomic():
            created = demo_accounts_load()
            trainee = User.objects.get(email=f"trainee@{DEMO_DOMAIN}")
            supervisor = User.objects.get(email=f"supervisor@{DEMO_DOMAIN}")
            result = course_demo_load(index=index, trainee=trainee, supervisor=supervisor)
            quizzes = demo_quizzes_load(course=result.course)
            practice = practice_demo_load(
                course=result.course, trainee=trainee, supervisor=supervisor
            )
            ethics_created = ethics_demo_load(course=result.course)
        self.stdout.write(f"Demo data: {len(created)} account(s) created.")
        self.stdout.write(
            f"Demo course: {result.course.title} ({result.course.url}), "
            f"{len(result.created_pages)} page(s) created; "
            f"{DEMO_COHORT_NAME!r} with trainee@{DEMO_DOMAIN} enrolled."
        )
        self.stdout.write(
            f"Demo quizzes: {len(quizzes.quizzes)} module(s) with a quiz; "
            f"{quizzes.quizzes_created} quiz(zes) and {quizzes.questions_created} question(s) "
            f"created (bank {DEMO_BANK_NAME!r})."
        )
        for slug in quizzes.modules_missing:
            self.stdout.write(f"  No module {slug!r} in the demo course: its quiz was skipped.")
        self.stdout.write(
            f"Demo practice: {practice.categories_created} categor(ies), "
            f"{practice.competencies_created} competenc(ies), {practice.logs_created} log(s) "
            f"and {practice.observations_created} observation(s) created."
        )
        if practice.skipped:
            self.stdout.write(f"  The trainee's practice records were skipped: {practice.skipped}.")
        self.stdout.write(
            "Demo code of ethics: "
            + ("published (version 1)." if ethics_created else "already there, left as it is.")
        )
        self.stdout.write(f"Demo accounts (password: {settings.LMS_DEMO_PASSWORD}):")
        for email, role in demo_accounts():
            self.stdout.write(f"  {email:<26} {role}")
