"""The trainee's hours statement as a PDF: the CSV's rows, laid out for a reader.

The practice issue asked for the statement through the certificate's safe renderer, because
it leaves the platform too (to a certification body, an employer) and prints what people
typed: a category name, a supervisor's name and signature. So it is rendered by
`certificates.pdf.html_pdf_render` with the shipped fonts and the static-only fetcher, from
our own template with every value autoescaped.

It says what the CSV says and no more: the rows come from
`assessments.practice.selectors.practice_statement_rows`, which leaves out descriptions and
reflections
(they are about real people's mental health), and the totals from `practice_hours_summary`.
Certificates reads those selectors; assessments never imports this module.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from assessments.practice import selectors as practice
from courses.models import Enrolment
from lms.durations import minutes_words as duration_words
from lms.language import user_language
from lms.timezones import user_today

from .pdf import html_pdf_render

TEMPLATE = "certificates/pdf/statement.html"
STYLESHEET_URL = "static:certificates/statement.css"


def statement_pdf_data(enrolment: Enrolment) -> dict:
    """What the statement prints for `enrolment`: its trainee, course, hours per category
    against what is required, and every approved entry with its sign-off. Four queries."""
    summary = practice.practice_hours_summary(enrolment)
    return {
        "programme_name": settings.LMS_SITE_NAME,
        "trainee_name": enrolment.user.full_name,
        "course_title": enrolment.course.title,
        "generated_on": user_today(enrolment.user),
        "categories": [
            {
                "name": category.name,
                "approved_minutes": category.approved_minutes,
                "required_minutes": category.required_minutes,
            }
            for category in summary.categories
        ],
        "rows": practice.practice_statement_rows(enrolment),
        # The trainee's language, whoever downloads it (issue 16).
        "language": user_language(enrolment.user),
    }


def statement_context(data: dict) -> dict:
    categories = [
        {
            "name": row["name"],
            "approved": duration_words(row["approved_minutes"]),
            "required": duration_words(row["required_minutes"]) if row["required_minutes"] else "",
        }
        for row in data["categories"]
    ]
    approved = sum(int(row["approved_minutes"] or 0) for row in data["categories"])
    required = sum(int(row["required_minutes"] or 0) for row in data["categories"])
    entry_minutes = sum(int(row["duration_minutes"] or 0) for row in data["rows"])
    return {
        **data,
        "categories": categories,
        "total_approved": duration_words(approved),
        "total_required": duration_words(required) if required else "",
        "entry_total": duration_words(entry_minutes),
        "columns": dict(practice.PRACTICE_STATEMENT_COLUMNS),
    }


def statement_pdf_render(data: dict) -> bytes:
    """The hours statement PDF (A4 portrait) for `statement_pdf_data`'s dict.

    The PDF's title names the trainee and the course, its author the programme, its creation
    date the day it was made in the trainee's zone.
    """
    with translation.override(data.get("language") or settings.LANGUAGE_CODE):
        html = render_to_string(TEMPLATE, statement_context(data))
    return html_pdf_render(html, stylesheet=STYLESHEET_URL)
