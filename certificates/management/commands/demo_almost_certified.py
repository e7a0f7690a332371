"""Take the demo trainee to within two steps of their certificate (see `certificates.demo`)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from assessments.practice.services import PracticeError
from assessments.quizzes.services import AssessmentError
from content.curriculum import COURSE
from content.demo import DEMO_DOMAIN, DemoRefused
from courses.selectors import course_by_slug

from ...demo import demo_almost_certified


class Command(BaseCommand):
    help = (
        "Demo only: complete every requirement of the demo course for trainee@example.org but "
        "the last lesson and the code of ethics, so the certificate can be earned in a few "
        "clicks. Run `load_demo` first. Refuses to run in production."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        course = course_by_slug(COURSE["slug"])
        trainee = User.objects.filter(email=f"trainee@{DEMO_DOMAIN}").first()
        supervisor = User.objects.filter(email=f"supervisor@{DEMO_DOMAIN}").first()
        if course is None or trainee is None or supervisor is None:
            raise CommandError("Run `manage.py load_demo` first: the demo course is missing.")
        try:
            result = demo_almost_certified(course=course, trainee=trainee, supervisor=supervisor)
        except (DemoRefused, AssessmentError, PracticeError) as error:
            raise CommandError(str(error)) from error
        practice = result.practice
        self.stdout.write(
            f"{trainee.email} in {course.title}: {result.quizzes_passed} quiz(zes) passed, "
            f"{result.lessons_completed} lesson(s) completed, {practice.logs_approved} waiting "
            f"log(s) approved and {practice.logs_created} more logged and approved, "
            f"{practice.competencies_signed_off} competenc(ies) signed off by {supervisor.email}."
        )
        if not result.left:
            self.stdout.write("Every rule is met: the certificate is issued (or being prepared).")
            return
        self.stdout.write(f"Left for the trainee (sign in as {trainee.email}, {course.url}):")
        for rule in result.left:
            self.stdout.write(f"  - {rule.title}: {rule.reason}")
        if result.last_lesson is not None:
            self.stdout.write(
                f"The last lesson: {result.last_lesson.title} ({result.last_lesson.url})"
            )
