"""What the practice room shows inside the courses app's pages: a link to the practice pages
on the dashboard, and the course page's summary of approved hours against the required.

The courses app defines the hooks (`courses.hooks`) and never imports this app; these are
plain functions, registered from `assessments/wagtail_hooks.py`.
"""

from django.template.loader import render_to_string

from assessments.practice import selectors
from lms.durations import minutes_words


def practice_dashboard_panel(*, request, enrolments):
    """A link to the practice pages, for anyone enrolled. It asks the database nothing: the
    dashboard's query count is pinned (tests/courses/test_query_counts.py), so the hours
    against the requirements are on the course page and the practice overview instead."""
    if not enrolments:
        return []
    return [render_to_string("assessments/practice/dashboard_panel.html", request=request)]


def practice_course_panel(*, request, course, enrolment):
    """The course page's summary of supervised practice, with its bar, when the course has
    practice activities."""
    # Read once for the page: the certificate checklist beside it shows the hours too.
    summary = selectors.practice_hours_summary_for_page(enrolment)
    if not summary.categories:
        return []
    context = {
        "course": course,
        "enrolment": enrolment,
        "summary": summary,
        "counted": minutes_words(summary.counted_minutes),
        "approved": minutes_words(summary.approved_minutes),
        "pending": minutes_words(summary.pending_minutes),
        "required": minutes_words(summary.required_minutes),
    }
    return [render_to_string("assessments/practice/course_panel.html", context, request=request)]
