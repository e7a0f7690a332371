"""The cohort progress dashboard in the Wagtail admin (*Reports* → *Cohort progress*), for
programme admins: choose one of your organisations' cohorts, then read, per trainee, the
lessons, quizzes, practice hours, competencies, code of ethics and certificate, and what is
left in the words of the certificate rules; filter (stalled, waiting on the supervisor,
ready but for one rule, a name), sort by any figure, and download what is shown as CSV or
XLSX (Wagtail's list export, every row the filters keep, in the order shown, formula-like
text guarded). A summary and a chart of the cohort's progress over time sit on top.

Who: people with `PERMISSION` (the Programme admin role and the National admin; superusers).
Anyone else in the admin gets a 403 page that says it is for programme admins. Which
cohorts: `courses.organisations` alone decides; a cohort outside the reader's organisations
is a 404, as if it did not exist, and its trainees are narrowed by the same rule.

A fixed number of queries however many trainees (`evaluate.progress_for`, then one for the
chart's history); everything else is worked out in Python over the cohort's list.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from courses.organisations import cohorts_for, enrolments_for
from courses.selectors import enrolments_active
from lms.durations import hours_figure
from lms.spreadsheets import FormulaGuardMixin

from .chart import chart_days, progress_chart
from .dashboard import (
    DEFAULT_SORT,
    EXPORT_COLUMNS,
    SORTS,
    certificate_words,
    cohort_summary,
    export_row,
    progress_filtered,
    progress_sorted,
)
from .evaluate import progress_for
from .forms import CohortChoiceForm, ProgressFilterForm
from .snapshots import ChartPoint, cohort_history

PERMISSION = "courses.view_cohort"
NAMESPACE = "cohort_progress"
PER_PAGE = 50


def can_view_progress(user) -> bool:
    return user.is_active and user.has_perm(PERMISSION)


class ProgressPageView(WagtailAdminTemplateMixin, View):
    header_icon = "table"
    page_title = gettext_lazy("Cohort progress")

    def dispatch(self, request, *args, **kwargs):
        if not can_view_progress(request.user):
            return TemplateResponse(
                request,
                "certificates/progress/refused.html",
                {"page_title": self.page_title, "header_icon": self.header_icon},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    def render(self, template_name: str, **context):
        return TemplateResponse(self.request, template_name, self.get_context_data(**context))


class CohortChooserView(ProgressPageView):
    """Every cohort of the reader's organisations; choosing one opens its dashboard."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request):
        form = CohortChoiceForm(request.GET or None, user=request.user)
        if form.is_bound and form.is_valid():
            return redirect(f"{NAMESPACE}:cohort", form.cleaned_data["cohort"].pk)
        return self.render(
            "certificates/progress/choose.html",
            form=form,
            cohorts=list(form.fields["cohort"].queryset),
        )


class CohortProgressView(FormulaGuardMixin, SpreadsheetExportMixin, ProgressPageView):
    list_export = [key for key, _heading in EXPORT_COLUMNS]
    export_headings = dict(EXPORT_COLUMNS)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{NAMESPACE}:index"), "label": self.page_title},
            {"url": "", "label": self.cohort.name},
        ]

    def get_page_subtitle(self):
        return self.cohort.name

    def get_filename(self):
        return f"cohort-progress-{slugify(self.cohort.name) or self.cohort.pk}"

    def to_row_dict(self, item):
        return export_row(item, zone=timezone.get_current_timezone())

    def get(self, request, cohort_id: int):
        user = request.user
        self.cohort = get_object_or_404(
            cohorts_for(user).select_related("course", "organisation"), pk=cohort_id
        )
        enrolments = enrolments_for(user, enrolments_active().filter(cohort_id=self.cohort.pk))
        rows = progress_for(course=self.cohort.course, enrolments=enrolments)
        now = timezone.now()
        form = ProgressFilterForm(request.GET)
        sort = form.sort_key()
        shown = progress_sorted(progress_filtered(rows, now=now, **form.filters()), sort)
        if self.is_export:
            return self.as_spreadsheet(shown, request.GET["export"])

        summary = cohort_summary(rows, now=now)
        today = timezone.localdate(timezone=timezone.get_default_timezone())
        points = cohort_history(cohort=self.cohort, user=user, days=chart_days(today))
        points.append(
            ChartPoint(
                day=today,
                enrolled=summary.enrolled,
                certified=summary.completed,
                one_left=summary.one_left,
                active=summary.active_this_week,
                live=True,
            )
        )
        page = Paginator(shown, PER_PAGE).get_page(request.GET.get("p"))
        for row in page.object_list:
            row.cells = row_cells(row)
        query = request.GET.copy()
        query.pop("p", None)
        return self.render(
            "certificates/progress/cohort.html",
            cohort=self.cohort,
            form=form,
            summary=summary,
            chart=progress_chart(points),
            page=page,
            shown_count=len(shown),
            query=query.urlencode(),
            headings=self._headings(query, sort),
            filtered=any(form.filters().values()),
        )

    @staticmethod
    def _headings(query, sort: str) -> dict:
        """Each sortable column's heading, link and state: a first click sorts that way up
        (names A to Z, fewest first, oldest activity first), the next the other way."""
        current = sort.removeprefix("-")
        headings = {}
        for key, (label, _key) in SORTS.items():
            ascending = current == key and not sort.startswith("-")
            params = query.copy()
            params["sort"] = f"-{key}" if ascending else key
            if params["sort"] == DEFAULT_SORT:
                params.pop("sort")
            state = "none"
            if current == key:
                state = "descending" if sort.startswith("-") else "ascending"
            headings[key] = {"label": label, "url": f"?{params.urlencode()}", "state": state}
        return headings


def row_cells(row) -> dict:
    """A row's figures in words, for the table (one translation each, not a template tag
    per cell: the page shows 50 rows)."""
    of = _("%(done)s of %(total)s")
    hours = row.hours
    return {
        "lessons": of % {"done": row.lessons_completed, "total": row.lessons_total},
        "quizzes": of % {"done": row.quizzes_passed, "total": row.quizzes_total},
        "hours": _("%(done)s of %(total)s h")
        % {
            "done": hours_figure(hours.counted_minutes),
            "total": hours_figure(hours.required_minutes),
        },
        "hours_waiting": (
            _("%(hours)s h waiting for sign-off") % {"hours": hours_figure(hours.pending_minutes)}
            if hours.pending_minutes
            else ""
        ),
        "competencies": of % {"done": row.competencies_signed_off, "total": row.competencies_total},
        "ethics": _("Accepted") if row.ethics_accepted else _("Not yet"),
        "certificate": certificate_words(row),
        "essays_waiting": (
            ngettext(
                "%(essays)s essay waiting for a grade",
                "%(essays)s essays waiting for a grade",
                row.essays_waiting,
            )
            % {"essays": row.essays_waiting}
            if row.essays_waiting
            else ""
        ),
    }


urlpatterns = [
    path("", CohortChooserView.as_view(), name="index"),
    path("<id:cohort_id>/", CohortProgressView.as_view(), name="cohort"),
]


def progress_urls():
    """The dashboard's URLs under their namespace, for the `register_admin_urls` hook."""
    return [path("cohort-progress/", include((urlpatterns, NAMESPACE), namespace=NAMESPACE))]


class ProgressMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_progress(request.user)


def progress_menu_item():
    """The "Cohort progress" entry, for the `register_reports_menu_item` hook."""
    return ProgressMenuItem(
        gettext_lazy("Cohort progress"),
        reverse(f"{NAMESPACE}:index"),
        name="cohort-progress",
        icon_name="table",
        order=1320,
    )
