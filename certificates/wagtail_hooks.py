"""The certificates app's hooks: its admin menu, and its panels on the trainee's course page
and dashboard (hooks the courses app defines and never imports this app for)."""

from django.template.loader import render_to_string
from wagtail import hooks

from courses.hooks import COURSE_PANELS, DASHBOARD_PANELS

from . import views
from .admin_views import CertificatesAdminGroup


@hooks.register("register_admin_viewset")
def register_certificates_admin():
    return CertificatesAdminGroup()


@hooks.register(COURSE_PANELS)
def certificate_course_panel(*, request, course, enrolment):
    """The checklist of what is left before the certificate, and the certificate itself once
    it exists. The courses app calls this only for an enrolled trainee."""
    if enrolment is None:
        return []
    return [views.course_panel(request=request, course=course, enrolment=enrolment)]


@hooks.register(DASHBOARD_PANELS)
def certificate_dashboard_panel(*, request, enrolments):
    """A link to the trainee's certificates. It asks the database nothing: the dashboard's
    query count is pinned, so the checklist and the download are on the course page and the
    certificates page."""
    if not enrolments:
        return []
    return [render_to_string("certificates/dashboard_panel.html", request=request)]
