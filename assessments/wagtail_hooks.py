"""Everything the assessments app adds to the Wagtail admin and to the courses app's hooks is
registered here, and only here: the quiz side (question bank, quizzes, GIFT import and export,
quiz reports) and the practice side (practice settings and records). The admin modules define
views, viewsets and menu items; this file says where each one goes."""

from assessments import course_hooks  # noqa: F401
from assessments.practice import admin as practice_admin  # noqa: F401
from assessments.quizzes.admin import gift, questions, reports  # noqa: F401

# --- Quizzes (assessments/quizzes/admin/) -------------------------------------------------

# --- Practice and supervision (assessments/practice/admin) ---------------------------------
