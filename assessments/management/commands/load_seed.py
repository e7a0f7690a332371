"""Trainees for `make load` (deploy/load.py): N accounts enrolled in the demo course, and
what they will open (the course's lessons and quizzes) as one JSON line.

Runs after `load_demo` on a throwaway database; refused in production like the demo itself,
because every account it makes shares one password given on the command line. It lives in
`assessments`, the highest app it reads (the demo course from `courses`, its quizzes from here):
`lms` only wires apps and imports none.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessments.models import Quiz
from content.curriculum import COURSE
from content.demo import DemoRefused, demo_refuse_production
from courses.models import CoursePage, LessonPage
from courses.services import enrolment_create
from lms import roles
from lms.consent import consent_agree_in_force
from lms.services import user_create


class Command(BaseCommand):
    help = "Load test only: create N trainees in the demo course and print what they open."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, required=True)
        parser.add_argument("--password", required=True)

    def handle(self, *args, users, password, **options):
        try:
            demo_refuse_production()
        except DemoRefused as error:
            raise CommandError(str(error)) from error
        course = CoursePage.objects.filter(slug=COURSE["slug"], locale__language_code="en").first()
        if course is None:
            raise CommandError("Run `manage.py load_demo` first: the demo course is missing.")
        emails = [f"load-trainee-{number:03d}@example.org" for number in range(1, users + 1)]
        with transaction.atomic():
            for number, email in enumerate(emails, start=1):
                user = user_create(
                    email=email,
                    full_name=f"Load Trainee {number}",
                    role=roles.TRAINEE,
                    password=password,
                )
                enrolment_create(user=user, course=course)
                # As the demo accounts do: the simulated trainees go straight to their pages.
                consent_agree_in_force(person=user)
        lessons = LessonPage.objects.live().descendant_of(course).order_by("path")
        quizzes = Quiz.objects.filter(
            live=True, module__live=True, module__path__startswith=course.path
        ).order_by("pk")
        self.stdout.write(
            json.dumps(
                {
                    "emails": emails,
                    "lessons": [{"id": lesson.pk, "url": lesson.url} for lesson in lessons],
                    "quizzes": [quiz.pk for quiz in quizzes],
                }
            )
        )
