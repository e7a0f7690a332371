"""Certificates in the Wagtail admin, under one "Certificates" menu.

Programme admins list and search certificates (by code, name or course; by status and
course), open one to read its history, revoke it with a reason, reissue it after a name
correction, and regenerate every PDF of a course after the wording changed. Editors write the
certificate's wording and each course's code of ethics, both versioned: a version printed on
a certificate or agreed to by a trainee is never changed, a save makes a new one.

"Expiring soon" and "expired" are worked out when read (`certificates.standing`). Whether an
issued certificate's rules would still hold today is stored on the certificate
(`certificates.recheck`: rechecked after the trainee's progress, a regrade or a course change,
and by a periodic job), so the list flags "Rules no longer hold" and filters on it while
staying at a fixed number of queries however many rows it shows: it reads the stored answer
and never runs the rules per row. The detail page runs the rules now and stores what it
found, so list and detail agree. The flag is a note for admins: it never changes the
certificate.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from certificates import rules, services
from certificates.admin.services import certificates_regenerate, ethics_save, wording_save
from certificates.codes import InvalidCode, code_normalise
from certificates.forms import (
    RULES_UNMET,
    CertificateFilterForm,
    CertificateWordingForm,
    CodeOfEthicsForm,
    RegenerateForm,
    RevokeForm,
)
from certificates.models import Certificate, CertificateWording, CodeOfEthics
from certificates.recheck import certificate_rules_recheck
from certificates.standing import certificate_standing
from courses.organisations import (
    enrolments_q,
    in_organisation_q,
    organisation_name_expression,
)
from lms.spreadsheets import FormulaGuardMixin

VIEW_PERMISSION = "certificates.view_certificate"
REVOKE_PERMISSION = "certificates.revoke_certificate"
REISSUE_PERMISSION = "certificates.reissue_certificate"


def can_view(user) -> bool:
    return user.is_active and user.has_perm(VIEW_PERMISSION)


def certificates_for(user):
    """Certificates of the enrolments in the user's organisations (courses/organisations.py):
    every list, export and object page here starts from this."""
    return Certificate.objects.filter(enrolments_q(user, "enrolment__"))


class CertificatePageView(WagtailAdminTemplateMixin, View):
    header_icon = "success"
    permission = VIEW_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not (can_view(request.user) and request.user.has_perm(self.permission)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("certificates_admin:index"), "label": _("Certificates")},
            {"url": "", "label": self.get_page_title()},
        ]

    def render(self, status=200, **context):
        return TemplateResponse(
            self.request, self.template_name, self.get_context_data(**context), status=status
        )


def filter_certificates(
    queryset, *, q: str = "", status: str = "", course=None, organisation=None, today=None
):
    """The list's search and filters. Valid, expiring soon and expired are date ranges over
    issued certificates, so the database filters them (index on status and expiry)."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=settings.CERTIFICATES_RENEWAL_OPENS_DAYS)
    issued = Certificate.Status.ISSUED
    if q:
        match = Q(holder_name__icontains=q) | Q(course_title__icontains=q)
        try:
            match |= Q(code=code_normalise(q))
        except InvalidCode:
            compact = q.replace("-", "").replace(" ", "").upper()
            if compact:
                match |= Q(code__startswith=compact)
        queryset = queryset.filter(match)
    if status == "valid":
        queryset = queryset.filter(status=issued).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gt=soon)
        )
    elif status == "expiring_soon":
        queryset = queryset.filter(status=issued, expires_on__gte=today, expires_on__lte=soon)
    elif status == "expired":
        queryset = queryset.filter(status=issued, expires_on__lt=today)
    elif status == RULES_UNMET:
        # The stored answer of the last check (index on status and rules_hold).
        queryset = queryset.filter(status=issued, rules_hold=False)
    elif status:
        queryset = queryset.filter(status=status)
    if course is not None:
        queryset = queryset.filter(course=course)
    if organisation is not None:
        queryset = queryset.filter(in_organisation_q(organisation, "enrolment__"))
    return queryset


class CertificateIndexView(FormulaGuardMixin, SpreadsheetExportMixin, CertificatePageView):
    """The list, and the register: `?export=csv` or `?export=xlsx` downloads every
    certificate the search and filters match (Wagtail's list export), for boards and
    funders. Text cells go through the formula guard; the status is the list's, in words."""

    template_name = "certificates/admin/index.html"
    page_title = gettext_lazy("Certificates")
    per_page = 50
    list_export = [
        "code",
        "holder",
        "course",
        "organisation",
        "cycle",
        "issued_on",
        "expires_on",
        "status",
    ]
    export_headings = {
        "code": gettext_lazy("Code"),
        "holder": gettext_lazy("Holder as printed"),
        "course": gettext_lazy("Course"),
        "organisation": gettext_lazy("Organisation"),
        "cycle": gettext_lazy("Cycle"),
        "issued_on": gettext_lazy("Issued on"),
        "expires_on": gettext_lazy("Expires on"),
        "status": gettext_lazy("Status"),
    }
    export_filename = "certificate-register"

    def to_row_dict(self, item):
        standing = certificate_standing(item, today=self.today)
        return {
            "code": item.code_display,
            "holder": item.holder_name,
            "course": item.course_title,
            "organisation": item.organisation_name,
            "cycle": item.cycle,
            "issued_on": item.issued_on,
            "expires_on": item.expires_on,
            "status": str(standing.label),
        }

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request):
        form = CertificateFilterForm(request.GET or None, actor=request.user)
        certificates = (
            certificates_for(request.user)
            .only(
                "pk",
                "code",
                "status",
                "cycle",
                "holder_name",
                "course_title",
                "issued_on",
                "expires_on",
                "revoked_at",
                "render_attempts",
                "last_render_error",
                "created_at",
                "rules_hold",
                "unmet_rules",
                "rules_checked_at",
            )
            .annotate(organisation_name=organisation_name_expression("enrolment__"))
        )
        if form.is_bound and form.is_valid():
            certificates = filter_certificates(
                certificates,
                q=form.cleaned_data["q"],
                status=form.cleaned_data["status"],
                course=form.cleaned_data["course"],
                organisation=form.cleaned_data["organisation"],
            )
        certificates = certificates.order_by("-created_at", "-pk")
        self.today = timezone.localdate()
        if self.is_export:
            return self.as_spreadsheet(certificates.iterator(), request.GET["export"])
        page = Paginator(certificates, self.per_page).get_page(request.GET.get("p"))
        today = timezone.localdate()
        for certificate in page.object_list:
            certificate.standing = certificate_standing(certificate, today=today)
            certificate.unmet_display = _unmet_display(certificate)
        query = request.GET.copy()
        query.pop("p", None)
        return self.render(
            form=form,
            page=page,
            query=query.urlencode(),
            can_regenerate=request.user.has_perm(REISSUE_PERMISSION),
            recheck_hours=settings.CERTIFICATES_RULES_RECHECK_HOURS,
        )


def _unmet_display(certificate) -> list[dict]:
    """The stored unmet rules with their titles (translated now) for the list's flag."""
    if not certificate.rules_no_longer_hold:
        return []
    return [
        {"title": rules.TITLES.get(rule["name"], rule["name"]), "reason": rule["reason"]}
        for rule in certificate.unmet_rules
    ]


class CertificateDetailView(CertificatePageView):
    """One certificate: what it certifies, how it stands, its history, whether its rules
    would still hold today, and the admin's actions."""

    template_name = "certificates/admin/detail.html"
    page_title = gettext_lazy("Certificate")

    def get(self, request, pk):
        certificate = get_object_or_404(
            certificates_for(request.user).select_related("user", "enrolment", "revoked_by"),
            pk=pk,
        )
        self.page_subtitle = certificate.code_display
        events = list(certificate.events.select_related("by").order_by("at", "pk"))
        # Runs the rules now for an issued certificate and stores the answer, so the list's
        # flag agrees with what this page shows; nothing the certificate certifies changes.
        results = certificate_rules_recheck(certificate=certificate)
        unmet = [result for result in results if not result.met]
        user = request.user
        return self.render(
            certificate=certificate,
            standing=certificate_standing(certificate),
            events=events,
            unmet=unmet,
            name_changed=(certificate.user.full_name or certificate.user.email)
            != certificate.holder_name,
            can_revoke=user.has_perm(REVOKE_PERMISSION)
            and certificate.status in (Certificate.Status.ISSUED, Certificate.Status.PENDING),
            can_reissue=user.has_perm(REISSUE_PERMISSION)
            and certificate.status == Certificate.Status.ISSUED,
            verify_url=reverse("verify:detail", args=[certificate.code]),
        )


class CertificateRevokeView(CertificatePageView):
    """Revoking asks for the reason and a confirmation, and shows what the public will see."""

    template_name = "certificates/admin/revoke.html"
    page_title = gettext_lazy("Revoke certificate")
    permission = REVOKE_PERMISSION

    def _certificate(self, pk):
        certificate = get_object_or_404(certificates_for(self.request.user), pk=pk)
        self.page_subtitle = certificate.code_display
        return certificate

    def get(self, request, pk):
        return self.render(certificate=self._certificate(pk), form=RevokeForm())

    def post(self, request, pk):
        certificate = self._certificate(pk)
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                services.certificate_revoke(
                    certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
                )
            except services.CertificateError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Certificate %(code)s is revoked. Its verification page now says so.")
                    % {"code": certificate.code_display},
                )
                return redirect("certificates_admin:detail", certificate.pk)
        return self.render(status=400, certificate=certificate, form=form)


class CertificateReissueView(CertificatePageView):
    """Reissue after the holder's name was corrected in their account: the same code, the
    account's name now, a new PDF; the history keeps the name and file before."""

    template_name = "certificates/admin/reissue.html"
    page_title = gettext_lazy("Reissue certificate")
    permission = REISSUE_PERMISSION

    def _certificate(self, pk):
        certificate = get_object_or_404(
            certificates_for(self.request.user).select_related("user"), pk=pk
        )
        self.page_subtitle = certificate.code_display
        return certificate

    def get(self, request, pk):
        certificate = self._certificate(pk)
        return self.render(certificate=certificate, new_name=self._new_name(certificate))

    @staticmethod
    def _new_name(certificate):
        return certificate.user.full_name or certificate.user.email

    def post(self, request, pk):
        certificate = self._certificate(pk)
        try:
            services.certificate_reissue(certificate=certificate, by=request.user)
        except services.CertificateError as error:
            messages.error(request, error.message)
            return redirect("certificates_admin:detail", certificate.pk)
        messages.success(
            request,
            _("Certificate %(code)s is being reissued: its new PDF is rendered in a moment.")
            % {"code": certificate.code_display},
        )
        return redirect("certificates_admin:detail", certificate.pk)


class RegenerateView(CertificatePageView):
    """Render every issued certificate of a course again, with the newest wording, through
    Celery (one task per certificate); says how many were queued."""

    template_name = "certificates/admin/regenerate.html"
    page_title = gettext_lazy("Regenerate a course's certificates")
    permission = REISSUE_PERMISSION

    def get(self, request):
        return self.render(form=RegenerateForm(), wording=services.wording_current())

    def post(self, request):
        form = RegenerateForm(request.POST)
        if not form.is_valid():
            return self.render(status=400, form=form, wording=services.wording_current())
        course = form.cleaned_data["course"]
        # Only the certificates of the admin's organisations.
        queued = certificates_regenerate(
            course=course, by=request.user, within=enrolments_q(request.user, "enrolment__")
        )
        if queued:
            messages.success(
                request,
                _(
                    "%(count)s certificate(s) of %(course)s queued to be rendered again with "
                    "wording version %(version)s."
                )
                % {
                    "count": queued,
                    "course": course.title,
                    "version": services.wording_current().version,
                },
            )
        else:
            messages.warning(
                request,
                _("%(course)s has no issued certificates: nothing was queued.")
                % {"course": course.title},
            )
        return redirect("certificates_admin:index")


class CertificatesViewSet(ViewSet):
    name = "certificates_admin"
    url_prefix = "certificates"
    icon = "success"
    menu_label = gettext_lazy("Certificates")

    @cached_property
    def menu_item_class(self):
        def is_shown(_self, request):
            return can_view(request.user)

        return type("CertificatesMenuItem", (AdminMenuItem,), {"is_shown": is_shown})

    def get_urlpatterns(self):
        return [
            path("", CertificateIndexView.as_view(), name="index"),
            path("regenerate/", RegenerateView.as_view(), name="regenerate"),
            path("<id:pk>/", CertificateDetailView.as_view(), name="detail"),
            path("<id:pk>/revoke/", CertificateRevokeView.as_view(), name="revoke"),
            path("<id:pk>/reissue/", CertificateReissueView.as_view(), name="reissue"),
        ]


# --- Wording --------------------------------------------------------------------------------


class WordingCreateView(CreateView):
    def save_instance(self):
        return wording_save(wording=self.form.instance, by=self.request.user)


class WordingEditView(EditView):
    def save_instance(self):
        before = self.object.version
        wording = wording_save(wording=self.form.instance, by=self.request.user)
        if wording.version != before:
            messages.info(
                self.request,
                _(
                    "Version %(before)s is printed on certificates, so it stays as it was; your "
                    "changes are version %(after)s, which new certificates use."
                )
                % {"before": before, "after": wording.version},
            )
        return wording

    def get_success_url(self):
        return reverse(self.index_url_name)


class CertificateWordingViewSet(ModelViewSet):
    model = CertificateWording
    icon = "doc-full"
    menu_label = gettext_lazy("Wording and logo")
    add_view_class = WordingCreateView
    edit_view_class = WordingEditView
    inspect_view_enabled = True
    list_display = [
        Column("version", label=gettext_lazy("Version"), sort_key="version"),
        "title",
        DateColumn("created_at", label=gettext_lazy("Created"), sort_key="created_at"),
    ]
    ordering = ["-version"]

    def get_form_class(self, for_update=False):
        return CertificateWordingForm


# --- Codes of ethics ------------------------------------------------------------------------


class EthicsCreateView(CreateView):
    def save_instance(self):
        return ethics_save(
            ethics=self.form.instance,
            by=self.request.user,
            publish=self.form.cleaned_data.get("publish", False),
        )


class EthicsEditView(EditView):
    """Only drafts are edited; a published version is read-only (copy it into a new one)."""

    def dispatch(self, request, *args, **kwargs):
        # Those who may not change codes of ethics are refused by Wagtail's own check.
        if self.user_has_permission("change"):
            ethics = self.get_object()
            if ethics.published_at is not None:
                messages.warning(
                    request,
                    _(
                        "Version %(version)s is published and trainees may have agreed to "
                        "it, so it is not changed. Copy it to write a new version."
                    )
                    % {"version": ethics.version},
                )
                return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        return ethics_save(
            ethics=self.form.instance,
            by=self.request.user,
            publish=self.form.cleaned_data.get("publish", False),
        )


def _ethics_state(ethics):
    if ethics.published_at is None:
        return _("Draft")
    return _("Published %(when)s") % {"when": timezone.localtime(ethics.published_at).date()}


class EthicsIndexView(IndexView):
    def get_base_queryset(self):
        return CodeOfEthics.objects.select_related("course")


class CodeOfEthicsViewSet(ModelViewSet):
    model = CodeOfEthics
    index_view_class = EthicsIndexView
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Codes of ethics")
    add_view_class = EthicsCreateView
    edit_view_class = EthicsEditView
    inspect_view_enabled = True
    list_filter = ["course"]
    list_display = [
        Column("course", label=gettext_lazy("Course"), accessor="course.title"),
        Column("version", label=gettext_lazy("Version"), sort_key="version"),
        Column("state", label=gettext_lazy("State"), accessor=_ethics_state),
    ]
    ordering = ["course", "-version"]

    def get_form_class(self, for_update=False):
        return CodeOfEthicsForm


class CertificatesAdminGroup(ViewSetGroup):
    """The "Certificates" menu: programme admins see the certificates, editors the wording and
    the codes of ethics."""

    menu_label = gettext_lazy("Certificates")
    menu_icon = "success"
    menu_order = 250
    items = (
        CertificatesViewSet(),
        CertificateWordingViewSet("certificate_wording"),
        CodeOfEthicsViewSet("code_of_ethics"),
    )
