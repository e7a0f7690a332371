"""The "Supervisor workload" report in the Wagtail admin (issue 17): a Reports menu item, a
list of supervisors with their trainees, the logs and essays waiting for them and the age of
the oldest, sortable by backlog or age, and downloadable as CSV or XLSX (Wagtail's list
export, in the report's order, every supervisor, with the formula guard).

Only people with `workload.REPORT_PERMISSION` (the Programme admin role; superusers) see the
menu item or reach the pages; anyone else in the admin gets a 403 page that says what is
missing, as the quiz reports do. The figures are `workload.workload_for`, one query for a
page of supervisors; the supervisors are `workload.supervisors_for(user)`.
"""

from django.db.models import F
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from assessments.quizzes.admin.reports import ReportPermissionMixin
from assessments.supervise.workload import (
    REPORT_PERMISSION,
    supervisors_for,
    waited_days,
    workload_for,
)
from lms.spreadsheets import FormulaGuardMixin

NAMESPACE = "supervisor_workload"


def can_view_workload(user) -> bool:
    return user.has_perm(REPORT_PERMISSION)


def _days(value) -> str:
    days = waited_days(value)
    return "—" if days is None else str(days)


def _ordered(queryset, ordering: str):
    """Most waiting (or longest waiting) first by default; supervisors with nothing waiting
    last whichever way; ties by name."""
    descending = ordering.startswith("-")
    field = F(ordering.lstrip("-"))
    key = field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
    return queryset.order_by(key, "full_name", "email", "pk")


class WorkloadReportView(ReportPermissionMixin, FormulaGuardMixin, ReportView):
    """Every supervisor with what waits for them. Orderings: backlog (logs and essays
    together) and the oldest waiting item, either way; trainees, logs and essays too."""

    page_title = gettext_lazy("Supervisor workload")
    header_icon = "group"
    permission_policy = None  # ReportPermissionMixin decides
    report_permission = REPORT_PERMISSION
    refused_template_name = "assessments/supervise/workload_refused.html"
    refused_title = page_title
    refused_icon = header_icon
    index_url_name = f"{NAMESPACE}:index"
    index_results_url_name = f"{NAMESPACE}:index_results"
    results_template_name = "assessments/supervise/workload_results.html"
    default_ordering = "-backlog"
    columns = [
        Column("display_name", label=gettext_lazy("Supervisor"), sort_key="full_name"),
        Column("email", label=gettext_lazy("Email address")),
        Column("trainee_count", label=gettext_lazy("Active trainees"), sort_key="trainee_count"),
        Column("logs_waiting", label=gettext_lazy("Logs waiting"), sort_key="logs_waiting"),
        Column(
            "oldest_log_days", label=gettext_lazy("Oldest log (days)"), sort_key="oldest_log_at"
        ),
        Column("essays_waiting", label=gettext_lazy("Essays waiting"), sort_key="essays_waiting"),
        Column(
            "oldest_essay_days",
            label=gettext_lazy("Oldest essay (days)"),
            sort_key="oldest_essay_at",
        ),
        Column("backlog", label=gettext_lazy("Waiting in all"), sort_key="backlog"),
        Column("oldest_days", label=gettext_lazy("Oldest waiting (days)"), sort_key="oldest_at"),
    ]

    list_export = [
        "supervisor",
        "email",
        "trainee_count",
        "logs_waiting",
        "oldest_log_days",
        "essays_waiting",
        "oldest_essay_days",
        "backlog",
        "oldest_days",
    ]
    export_headings = {
        "supervisor": gettext_lazy("Supervisor"),
        "email": gettext_lazy("Email address"),
        **{column.name: column.label for column in columns[2:]},
    }
    export_filename = "supervisor-workload"

    def get_base_queryset(self):
        return workload_for(supervisors_for(self.request.user), viewer=self.request.user)

    def order_queryset(self, queryset):
        return _ordered(queryset, self.ordering or self.default_ordering)

    def to_row_dict(self, item):
        """A row of the download: the figures as numbers, no wait as an empty cell."""
        now = timezone.now()
        return {
            "supervisor": item.full_name,
            "email": item.email,
            "trainee_count": item.trainee_count,
            "logs_waiting": item.logs_waiting,
            "oldest_log_days": waited_days(item.oldest_log_at, now),
            "essays_waiting": item.essays_waiting,
            "oldest_essay_days": waited_days(item.oldest_essay_at, now),
            "backlog": item.backlog,
            "oldest_days": waited_days(item.oldest_at, now),
        }

    def decorate_paginated_queryset(self, supervisors):
        supervisors = list(supervisors)
        for person in supervisors:
            person.display_name = person.full_name or person.email
            person.oldest_log_days = _days(person.oldest_log_at)
            person.oldest_essay_days = _days(person.oldest_essay_at)
            person.oldest_days = _days(person.oldest_at)
        return supervisors


urlpatterns = [
    path("", WorkloadReportView.as_view(), name="index"),
    path("results/", WorkloadReportView.as_view(results_only=True), name="index_results"),
]


def workload_report_urls():
    """The report's URLs under their namespace, for the `register_admin_urls` hook."""
    return [path("supervisor-workload/", include((urlpatterns, NAMESPACE), namespace=NAMESPACE))]


class WorkloadMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_workload(request.user)


def workload_menu_item():
    """The "Supervisor workload" entry, for the `register_reports_menu_item` hook."""
    return WorkloadMenuItem(
        gettext_lazy("Supervisor workload"),
        reverse(f"{NAMESPACE}:index"),
        name="supervisor-workload",
        icon_name="group",
        order=1310,
    )
