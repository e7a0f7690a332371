"""Assessments: the quiz engine (polymorphic questions, attempts, grading) and supervised
practice (practice-hour logs, sign-offs, competencies). Arrives with the Assessments issues.
"""
