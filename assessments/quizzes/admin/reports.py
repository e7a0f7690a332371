"""Quiz reports in the Wagtail admin: a "Quiz reports" item in the Reports menu, a list of
quizzes with their attempts and pass rates, and a report page per quiz with a CSV download.

Only people with `assessments.view_quiz_report` (declared on Quiz.Meta, granted to roles in
lms/roles.py; superusers have it) see the menu item or reach the pages. Anyone else who opens
one gets a plain 403 page that says what is missing: Wagtail's own answer, a redirect to the
dashboard, hides why. The figures come from `assessments.quizzes.reports`, which reads a fixed
number
of queries however many attempts there are.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, StatusFlagColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page

from assessments.models import Quiz
from assessments.quizzes.reports import (
    MIN_ATTEMPTS_FOR_DISCRIMINATION,
    quiz_report,
    quiz_report_csv,
    quiz_summaries,
    quizzes_for_reports,
)

PERMISSION = "assessments.view_quiz_report"
NAMESPACE = "quiz_reports"


def can_view_reports(user) -> bool:
    return user.has_perm(PERMISSION)


class ReportPermissionMixin:
    """Refuse with a 403 page, not Wagtail's redirect, so the person learns what is missing.
    A report of another room sets its own permission, refusal template, title and icon."""

    report_permission = PERMISSION
    refused_template_name = "assessments/admin/report_refused.html"
    refused_title = gettext_lazy("Quiz reports")
    refused_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.report_permission):
            return TemplateResponse(
                request,
                self.refused_template_name,
                {"page_title": self.refused_title, "header_icon": self.refused_icon},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


def _percent(value) -> str:
    return "—" if value is None else f"{value} %"


class QuizReportIndexView(ReportPermissionMixin, ReportView):
    """Every quiz with how many attempts and trainees it has had and how many passed.

    The figures for a page of quizzes come from one query over their final attempts, and the
    course of each module from one more, so the list costs the same for 5 quizzes or 50.
    """

    page_title = gettext_lazy("Quiz reports")
    header_icon = "table"
    model = Quiz
    permission_policy = None  # ReportPermissionMixin decides
    index_url_name = f"{NAMESPACE}:index"
    index_results_url_name = f"{NAMESPACE}:index_results"
    results_template_name = "assessments/admin/report_index_results.html"
    default_ordering = "title"
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Quiz"),
            url_name=f"{NAMESPACE}:detail",
            sort_key="title",
        ),
        Column("place", label=gettext_lazy("Course and module")),
        StatusFlagColumn(
            "live",
            label=gettext_lazy("Status"),
            true_label=gettext_lazy("Live"),
            false_label=gettext_lazy("Draft"),
            sort_key="live",
        ),
        Column("summary.attempt_count", label=gettext_lazy("Final attempts")),
        Column("summary.trainee_count", label=gettext_lazy("Trainees")),
        Column("pass_rate_display", label=gettext_lazy("Pass rate")),
    ]

    def get_queryset(self):
        return quizzes_for_reports()

    def decorate_paginated_queryset(self, quizzes):
        quizzes = list(quizzes)
        summaries = quiz_summaries(quizzes, viewer=self.request.user)
        # A module's parent is its course: one query for every course on the page.
        parent_paths = {quiz.module.path[: -Page.steplen] for quiz in quizzes}
        courses = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))
        for quiz in quizzes:
            quiz.summary = summaries[quiz.pk]
            quiz.pass_rate_display = _percent(quiz.summary.pass_rate)
            course = courses.get(quiz.module.path[: -Page.steplen], "")
            quiz.place = f"{course} › {quiz.module.title}" if course else quiz.module.title
        return quizzes


class QuizReportView(ReportPermissionMixin, WagtailAdminTemplateMixin, View):
    """One quiz's figures: pass rate, the spread of scores, and each question's statistics."""

    template_name = "assessments/admin/report.html"
    header_icon = "table"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.quiz = get_object_or_404(Quiz.objects.select_related("module"), pk=kwargs["pk"])

    def get_page_title(self):
        return _("Quiz report")

    def get_page_subtitle(self):
        return self.quiz.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{NAMESPACE}:index"), "label": _("Quiz reports")},
            {"url": "", "label": self.quiz.title},
        ]

    @property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Download CSV"),
                url=reverse(f"{NAMESPACE}:csv", args=[self.quiz.pk]),
                icon_name="download",
            )
        ]

    def get(self, request, pk):
        report = quiz_report(quiz=self.quiz, viewer=request.user)
        context = self.get_context_data(
            quiz=self.quiz,
            report=report,
            min_attempts=MIN_ATTEMPTS_FOR_DISCRIMINATION,
            csv_url=reverse(f"{NAMESPACE}:csv", args=[self.quiz.pk]),
        )
        return TemplateResponse(request, self.template_name, context)


class QuizReportCsvView(ReportPermissionMixin, View):
    """The per-question table as a CSV file, named after the quiz."""

    def get(self, request, pk):
        quiz = get_object_or_404(Quiz, pk=pk)
        filename = f"quiz-report-{slugify(quiz.title) or quiz.pk}.csv"
        response = HttpResponse(
            quiz_report_csv(quiz=quiz, viewer=request.user), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


urlpatterns = [
    path("", QuizReportIndexView.as_view(), name="index"),
    path("results/", QuizReportIndexView.as_view(results_only=True), name="index_results"),
    path("<id:pk>/", QuizReportView.as_view(), name="detail"),
    path("<id:pk>/csv/", QuizReportCsvView.as_view(), name="csv"),
]


def quiz_report_urls():
    """The report pages' URLs under their namespace, for the `register_admin_urls` hook."""
    return [path("quiz-reports/", include((urlpatterns, NAMESPACE), namespace=NAMESPACE))]


class QuizReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


def quiz_reports_menu_item():
    """The "Quiz reports" entry, for the `register_reports_menu_item` hook."""
    return QuizReportsMenuItem(
        gettext_lazy("Quiz reports"),
        reverse(f"{NAMESPACE}:index"),
        name="quiz-reports",
        icon_name="table",
        order=1300,
    )
