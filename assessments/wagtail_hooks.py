"""The assessments app's admin: question bank, quizzes, GIFT import and export, quiz reports,
supervised practice settings and records. Each part registers its own hooks in its module;
importing them here is what makes Wagtail load them."""

from assessments import course_hooks  # noqa: F401
from assessments.practice import admin as practice_admin  # noqa: F401
from assessments.quizzes.admin import gift, questions, reports  # noqa: F401
