"""Factories for every app, re-exported so tests import from one place."""

from .courses import (
    CourseTree,
    EnrolmentFactory,
    SupervisionFactory,
    course_tree_build,
    lesson_body,
)
from .lms import UserFactory

__all__ = [
    "CourseTree",
    "EnrolmentFactory",
    "SupervisionFactory",
    "UserFactory",
    "course_tree_build",
    "lesson_body",
]
