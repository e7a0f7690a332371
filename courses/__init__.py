"""Courses: Wagtail course, module and lesson pages, cohorts, enrolment, supervision, progress.

The page types and learner records arrive with the Courses issue; the app is installed now so
that the layout and INSTALLED_APPS stay stable.
"""
