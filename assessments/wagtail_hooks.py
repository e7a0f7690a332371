"""The quiz engine's admin: question banks, questions of every type, quizzes, GIFT import and
reports. Each part registers its own hooks in its module; importing them here is what makes
Wagtail load them."""

from . import admin_gift, admin_practice, admin_questions, admin_reports, course_hooks  # noqa: F401
