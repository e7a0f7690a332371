"""Course pages (content) and the learner records that point at them (state).

Pages hold content; plain models hold learner state and point at pages with PROTECT, so a
page with learner records can be unpublished but not deleted.
"""

from .learning import (
    Cohort,
    Enrolment,
    LessonCompletion,
    LessonResponse,
    Supervision,
)
from .organisations import Organisation
from .pages import ContentVersion, CourseIndexPage, CoursePage, LessonPage, ModulePage
from .workflow import ClinicalReviewTask

__all__ = [
    "ClinicalReviewTask",
    "Cohort",
    "ContentVersion",
    "CourseIndexPage",
    "CoursePage",
    "Enrolment",
    "LessonCompletion",
    "LessonPage",
    "LessonResponse",
    "ModulePage",
    "Organisation",
    "Supervision",
]
