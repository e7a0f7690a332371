"""The certificates app's hooks: its admin menu, and its panels on the trainee's course page
and dashboard (hooks the courses app defines and never imports this app for)."""

from django.template.loader import render_to_string
from wagtail import hooks

from courses.hooks import COURSE_PANELS, DASHBOARD_PANELS
from lms.timezones import user_today

from . import views
from .admin.views import CertificatesAdminGroup
from .models import Certificate
from .progress.views import progress_menu_item, progress_urls
from .standing import certificate_standing


@hooks.register("register_admin_viewset")
def register_certificates_admin():
    return CertificatesAdminGroup()


# The cohort progress dashboard, under Reports (certificates/progress/views.py).
hooks.register("register_admin_urls", progress_urls)
hooks.register("register_reports_menu_item", progress_menu_item)


@hooks.register(COURSE_PANELS)
def certificate_course_panel(*, request, course, enrolment):
    """The checklist of what is left before the certificate, and the certificate itself once
    it exists. The courses app calls this only for an enrolled trainee."""
    if enrolment is None:
        return []
    return [views.course_panel(request=request, course=course, enrolment=enrolment)]


@hooks.register(DASHBOARD_PANELS)
def certificate_dashboard_panel(*, request, enrolments):
    """Each course's certificate on the dashboard: its download link once issued, "being
    prepared" while it renders, and a link to all of them. One query, however many courses:
    the dashboard's query count is pinned; the checklist stays on each course page."""
    if not enrolments:
        return []
    latest: dict[int, Certificate] = {}
    for certificate in (
        Certificate.objects.filter(enrolment_id__in=[enrolment.pk for enrolment in enrolments])
        .only(
            "code",
            "enrolment_id",
            "cycle",
            "status",
            "course_title",
            "pdf",
            "expires_on",
            "revoked_at",
            "issued_on",
        )
        .order_by("enrolment_id", "-cycle")
    ):
        latest.setdefault(certificate.enrolment_id, certificate)
    today = user_today(request.user)
    certificates = []
    for enrolment in enrolments:  # the dashboard's order
        certificate = latest.get(enrolment.pk)
        if certificate is not None:
            certificate.standing = certificate_standing(certificate, today=today)
            certificates.append(certificate)
    return [
        render_to_string(
            "certificates/dashboard_panel.html", {"certificates": certificates}, request=request
        )
    ]
