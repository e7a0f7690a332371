"""Factories for every app, re-exported so tests import from one place."""

from .cohorts import CohortFactory, OrganisationFactory, SupervisorFactory, enrolment_csv
from .courses import (
    CourseTree,
    EnrolmentFactory,
    SupervisionFactory,
    course_tree_build,
    lesson_body,
)
from .lms import UserFactory

__all__ = [
    "CohortFactory",
    "OrganisationFactory",
    "SupervisorFactory",
    "enrolment_csv",
    "CourseTree",
    "EnrolmentFactory",
    "SupervisionFactory",
    "UserFactory",
    "course_tree_build",
    "lesson_body",
]
from .assessments import *  # noqa: E402, F403
from .practice import (  # noqa: E402, F401
    CompetencyFactory,
    PracticeCategoryFactory,
    PracticeLogFactory,
)
