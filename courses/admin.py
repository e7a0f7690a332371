"""The programme admin's side of courses in the Wagtail admin: cohorts, enrolments (one by
one or from a CSV file), supervision history and the list of enrolments needing a supervisor.

Every view checks the model's permission policy (courses.*_cohort, *_enrolment,
*_supervision, granted to the Programme admin role in lms/roles.py); trainees and
supervisors never reach the admin at all. Writes go through courses.services and
courses.enrolment_import. List pages use a fixed number of queries however many rows they show.
Registered from courses/wagtail_hooks.py; nothing here registers a hook.
"""

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import policy_registry

from lms import roles
from lms.converters import IdModelChoiceFilter, is_id
from lms.invitations import invitation_issue
from lms.protected_delete import ProtectedDeleteView
from lms.services import user_create

from . import enrolment_import
from .forms import (
    CohortForm,
    EnrolForm,
    EnrolmentEditForm,
    EnrolmentImportForm,
    SupervisorAssignForm,
    supervisors_queryset,
)
from .models import Cohort, CoursePage, Enrolment, Supervision
from .organisation_admin import OrganisationViewSet
from .organisations import ScopedViewSetMixin, cohorts_for, cohorts_q, enrolments_for, enrolments_q
from .services import CourseError, enrolment_create, supervision_assign

User = get_user_model()


def _has(user, model, action: str) -> bool:
    return policy_registry.get_by_type(model).user_has_permission(user, action)


def _current_supervisions():
    return Prefetch(
        "supervisions",
        queryset=Supervision.objects.filter(ended_at__isnull=True).select_related("supervisor"),
        to_attr="current_supervisions",
    )


def _current_supervisor(enrolment):
    current = getattr(enrolment, "current_supervisions", None)
    if current is None:  # not prefetched
        current = list(
            enrolment.supervisions.filter(ended_at__isnull=True).select_related("supervisor")
        )
    return current[0].supervisor if current else None


class AdminPageView(WagtailAdminTemplateMixin, View):
    """A plain admin page: Wagtail's header and breadcrumbs, our permission check."""

    header_icon = "group"

    def check_permission(self, request) -> bool:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.check_permission(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("enrolment:index"), "label": _("Enrolments")},
            {"url": "", "label": self.get_page_title()},
        ]

    def render(self, **context):
        return TemplateResponse(self.request, self.template_name, self.get_context_data(**context))


# --- Cohorts --------------------------------------------------------------------------------


class CohortIndexView(IndexView):
    def get_base_queryset(self):
        return (
            Cohort.objects.select_related("course", "organisation")
            .prefetch_related("supervisors")
            .annotate(trainee_count=Count("enrolments", distinct=True))
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        user = self.request.user
        if _has(user, Enrolment, "view") or _has(user, Enrolment, "change"):
            buttons.append(
                MenuItem(
                    _("Trainees"),
                    url=reverse("enrolment:index") + f"?cohort={instance.pk}",
                    icon_name="user",
                    priority=11,
                )
            )
        if _has(user, Enrolment, "add"):
            buttons += [
                MenuItem(
                    _("Enrol a trainee"),
                    url=reverse("enrolment:add") + f"?cohort={instance.pk}",
                    icon_name="plus",
                    priority=12,
                ),
                MenuItem(
                    _("Import CSV"),
                    url=reverse("enrolment:import") + f"?cohort={instance.pk}",
                    icon_name="upload",
                    priority=13,
                ),
            ]
        return buttons


class CohortDeleteView(ProtectedDeleteView):
    """A cohort with enrolments stays; its trainees are moved or withdrawn first."""

    def in_use(self):
        return self.object.enrolments.exists()

    def refused_url(self):
        return reverse("cohort:edit", args=[self.object.pk])

    def refusal_message(self):
        return _(
            "“%(cohort)s” has enrolments, so it cannot be deleted. Move or withdraw "
            "its trainees first."
        ) % {"cohort": self.object}


def _supervisor_names(cohort):
    return ", ".join(user.full_name for user in cohort.supervisors.all())


class CohortViewSet(ScopedViewSetMixin, ModelViewSet):
    """Cohorts of the organisations the admin works within (courses/organisations.py)."""

    scope_q = cohorts_q
    model = Cohort
    icon = "group"
    menu_label = gettext_lazy("Cohorts")
    index_view_class = CohortIndexView
    delete_view_class = CohortDeleteView
    copy_view_enabled = False
    list_per_page = 50
    ordering = ["-starts_on", "name"]
    search_fields = ["name"]
    list_filter = ["course"]
    list_display = [
        "name",
        Column("organisation", label=gettext_lazy("Organisation"), accessor="organisation.name"),
        Column("course", label=gettext_lazy("Course"), accessor="course.title"),
        DateColumn("starts_on", label=gettext_lazy("Starts"), sort_key="starts_on"),
        DateColumn("ends_on", label=gettext_lazy("Ends"), sort_key="ends_on"),
        Column("trainee_count", label=gettext_lazy("Trainees"), sort_key="trainee_count"),
        Column("supervisors", label=gettext_lazy("Supervisors"), accessor=_supervisor_names),
    ]

    def get_form_class(self, for_update=False):
        return CohortForm


# --- Enrolments -----------------------------------------------------------------------------


class HasSupervisorFilter(django_filters.BooleanFilter):
    def filter(self, queryset, value):
        if value is None:
            return queryset
        current = Supervision.objects.filter(enrolment=OuterRef("pk"), ended_at__isnull=True)
        return queryset.filter(Exists(current) if value else ~Exists(current))


class EnrolmentFilterSet(WagtailFilterSet):
    course = IdModelChoiceFilter(
        queryset=CoursePage.objects.order_by("title"), label=gettext_lazy("Course")
    )
    cohort = IdModelChoiceFilter(
        queryset=Cohort.objects.order_by("-starts_on", "name"), label=gettext_lazy("Cohort")
    )
    has_supervisor = HasSupervisorFilter(label=gettext_lazy("Has a supervisor"))

    class Meta:
        model = Enrolment
        fields = ["course", "cohort", "status", "source"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            # The cohorts offered are the admin's organisations' only.
            cohort = self.filters["cohort"]
            cohort.queryset = cohorts_for(request.user, cohort.queryset)


def _cohort_name(enrolment):
    return enrolment.cohort.name if enrolment.cohort else ""


def _supervisor_column(enrolment):
    supervisor = _current_supervisor(enrolment)
    return supervisor.full_name if supervisor else _("None yet")


class EnrolmentIndexView(IndexView):
    def get_base_queryset(self):
        return Enrolment.objects.select_related("user", "course", "cohort").prefetch_related(
            _current_supervisions()
        )

    add_item_label = gettext_lazy("Enrol a trainee")

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.user_has_permission("add"):
            buttons.append(
                HeaderButton(_("Import CSV"), url=reverse("enrolment:import"), icon_name="upload")
            )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if _has(self.request.user, Supervision, "add"):
            buttons.append(
                MenuItem(
                    _("Assign supervisor"),
                    url=reverse("enrolment:assign", args=[instance.pk]),
                    icon_name="user",
                    priority=15,
                )
            )
        return buttons


class EnrolmentEditView(EditView):
    """Change an enrolment's cohort or status; shows its supervision history."""

    template_name = "courses/admin/enrolment_edit.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Enrolment.objects.select_related("user", "course", "cohort"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["supervisions"] = self.object.supervisions.select_related(
            "supervisor", "assigned_by"
        ).order_by("-started_at", "-pk")
        if _has(self.request.user, Supervision, "add"):
            context["assign_form"] = SupervisorAssignForm(actor=self.request.user)
            context["assign_url"] = reverse("enrolment:assign", args=[self.object.pk])
        return context


class EnrolView(AdminPageView):
    """Enrol one person: an existing account, or a new one that is emailed an invitation."""

    template_name = "courses/admin/enrol.html"
    page_title = gettext_lazy("Enrol a trainee")
    submit_button_label = gettext_lazy("Enrol")

    def check_permission(self, request):
        return _has(request.user, Enrolment, "add")

    def get(self, request):
        initial = {}
        if is_id(cohort_id := request.GET.get("cohort", "")):
            initial["cohort"] = cohort_id
        return self.render(form=EnrolForm(initial=initial, actor=request.user))

    def post(self, request):
        form = EnrolForm(request.POST, actor=request.user)
        if not form.is_valid():
            return self.render(form=form)
        data = form.cleaned_data
        invited = False
        try:
            with transaction.atomic():
                user = form.existing_user
                if user is None:
                    user = user_create(
                        email=data["email"], full_name=data["full_name"], role=roles.TRAINEE
                    )
                    # Sent after commit: a refused enrolment sends nothing.
                    invitation_issue(user=user, by=request.user)
                    invited = True
                enrolment = enrolment_create(
                    user=user,
                    course=data["course"],
                    cohort=data.get("cohort"),
                    supervisor=data.get("supervisor"),
                    source=Enrolment.Source.ADMIN,
                    by=request.user,
                )
        except CourseError as error:
            form.add_error(None, error.message)
            return self.render(form=form)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
            return self.render(form=form)
        message = _("%(person)s is enrolled in %(course)s.") % {
            "person": user.full_name,
            "course": enrolment.course.title,
        }
        if invited:
            message += " " + _("They have been emailed a link to set a password.")
        messages.success(request, message)
        return redirect("enrolment:index")


class EnrolmentImportView(AdminPageView):
    template_name = "courses/admin/enrolment_import.html"
    page_title = gettext_lazy("Import enrolments from CSV")
    submit_button_label = gettext_lazy("Check and import")

    def check_permission(self, request):
        return _has(request.user, Enrolment, "add") and request.user.has_perm("lms.add_user")

    def get(self, request):
        initial = {}
        if is_id(cohort_id := request.GET.get("cohort", "")):
            initial["cohort"] = cohort_id
        return self.render(
            form=EnrolmentImportForm(initial=initial, actor=request.user),
            header=enrolment_import.HEADER,
        )

    def post(self, request):
        form = EnrolmentImportForm(request.POST, request.FILES, actor=request.user)
        if not form.is_valid():
            return self.render(form=form, header=enrolment_import.HEADER)
        cohort = form.cleaned_data["cohort"]
        try:
            result = enrolment_import.enrolments_import(
                cohort=cohort, file=form.cleaned_data["file"], by=request.user
            )
        except enrolment_import.ImportRefused as refused:
            return self.render(
                form=form,
                header=enrolment_import.HEADER,
                row_errors=refused.errors,
                cohort=cohort,
                status=400,
            )
        messages.success(
            request,
            _(
                "%(count)s trainees enrolled in %(cohort)s; %(created)s new accounts were "
                "emailed an invitation to set a password."
            )
            % {"count": result.enrolled, "cohort": cohort, "created": result.accounts_created},
        )
        return redirect(reverse("enrolment:index") + f"?cohort={cohort.pk}")

    def render(self, status=200, **context):
        response = super().render(**context)
        response.status_code = status
        return response


class SupervisorAssignView(AdminPageView):
    """Assign (or reassign) an enrolment's supervisor; the previous one's row is closed."""

    template_name = "courses/admin/supervisor_assign.html"
    page_title = gettext_lazy("Assign a supervisor")
    submit_button_label = gettext_lazy("Assign supervisor")

    def check_permission(self, request):
        return _has(request.user, Supervision, "add")

    def dispatch(self, request, *args, **kwargs):
        if not self.check_permission(request):
            raise PermissionDenied
        # After the permission check: only then is "not in your organisations" a 404.
        self.enrolment = get_object_or_404(
            enrolments_for(request.user)
            .select_related("user", "course", "cohort")
            .prefetch_related(_current_supervisions()),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.enrolment.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["enrolment"] = self.enrolment
        context["current_supervisor"] = _current_supervisor(self.enrolment)
        context["next"] = get_valid_next_url_from_request(self.request)
        return context

    def get(self, request, pk):
        return self.render(form=SupervisorAssignForm(actor=request.user))

    def post(self, request, pk):
        form = SupervisorAssignForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                supervision_assign(
                    enrolment=self.enrolment,
                    supervisor=form.cleaned_data["supervisor"],
                    by=request.user,
                )
            except CourseError as error:
                form.add_error("supervisor", error.message)
            else:
                messages.success(
                    request,
                    _("%(supervisor)s now supervises %(trainee)s in %(course)s.")
                    % {
                        "supervisor": form.cleaned_data["supervisor"].full_name,
                        "trainee": self.enrolment.user.full_name,
                        "course": self.enrolment.course.title,
                    },
                )
                next_url = get_valid_next_url_from_request(request)
                return HttpResponseRedirect(
                    next_url or reverse("enrolment:edit", args=[self.enrolment.pk])
                )
        response = self.render(form=form)
        response.status_code = 400
        return response


class EnrolmentViewSet(ScopedViewSetMixin, ModelViewSet):
    """Enrolments in the admin's organisations' cohorts (courses/organisations.py)."""

    scope_q = enrolments_q
    model = Enrolment
    icon = "user"
    menu_label = gettext_lazy("Enrolments")
    index_view_class = EnrolmentIndexView
    edit_view_class = EnrolmentEditView
    copy_view_enabled = False
    list_per_page = 50
    ordering = ["-enrolled_at"]
    search_fields = ["user__email", "user__full_name"]
    filterset_class = EnrolmentFilterSet
    list_display = [
        "user",
        Column("email", label=gettext_lazy("Email"), accessor="user.email"),
        Column("course", label=gettext_lazy("Course"), accessor="course.title"),
        Column("cohort", label=gettext_lazy("Cohort"), accessor=_cohort_name),
        Column("supervisor", label=gettext_lazy("Supervisor"), accessor=_supervisor_column),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("source", label=gettext_lazy("How"), accessor="get_source_display"),
        DateColumn("enrolled_at", label=gettext_lazy("Enrolled"), sort_key="enrolled_at"),
    ]

    @property
    def add_view(self):
        return EnrolView.as_view()

    def get_form_class(self, for_update=False):
        return EnrolmentEditForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", EnrolmentImportView.as_view(), name="import"),
            path("assign/<id:pk>/", SupervisorAssignView.as_view(), name="assign"),
        ]


# --- Needs a supervisor ---------------------------------------------------------------------


class NeedsSupervisorView(AdminPageView):
    """Active enrolments with no current supervisor (self-enrolled trainees, mostly), oldest
    first, each with a form to assign one."""

    template_name = "courses/admin/needs_supervisor.html"
    page_title = gettext_lazy("Needs a supervisor")
    header_icon = "warning"
    per_page = 50

    def check_permission(self, request):
        return _has(request.user, Enrolment, "view") and _has(request.user, Supervision, "add")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request):
        current = Supervision.objects.filter(enrolment=OuterRef("pk"), ended_at__isnull=True)
        enrolments = (
            enrolments_for(request.user)
            .filter(status=Enrolment.Status.ACTIVE)
            .filter(~Exists(current))
            .select_related("user", "course", "cohort")
            .order_by("enrolled_at", "pk")
        )
        page = Paginator(enrolments, self.per_page).get_page(request.GET.get("p"))
        return self.render(
            page=page,
            supervisors=list(supervisors_queryset(request.user)),
            index_url=reverse("needs_supervisor:index"),
        )


class NeedsSupervisorViewSet(ViewSet):
    name = "needs_supervisor"
    url_prefix = "needs-supervisor"
    icon = "warning"
    menu_label = gettext_lazy("Needs a supervisor")

    @cached_property
    def menu_item_class(self):
        def is_shown(_self, request):
            return _has(request.user, Enrolment, "view") and _has(request.user, Supervision, "add")

        return type("NeedsSupervisorMenuItem", (AdminMenuItem,), {"is_shown": is_shown})

    def get_urlpatterns(self):
        return [path("", NeedsSupervisorView.as_view(), name="index")]


class CoursesAdminGroup(ViewSetGroup):
    """The "Courses & cohorts" menu: what a programme admin runs day to day."""

    menu_label = gettext_lazy("Courses & cohorts")
    menu_icon = "group"
    menu_order = 250
    items = (
        OrganisationViewSet("organisation"),
        CohortViewSet("cohort"),
        EnrolmentViewSet("enrolment"),
        NeedsSupervisorViewSet(),
    )
