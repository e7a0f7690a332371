"""A person's copy of their data, produced from the admin for a request made outside the site
(a letter, an email, a visit): *Settings → Users* → the person → *Data export*.

A programme admin who may manage the person's account (lms.admin.user_can_manage_account:
their organisations' trainees and supervisors) produces it; it is built like the person's own
(lms.data_export), recorded in the audit log, and only the admin who produced it may download
it, from the same page, until it expires. A person outside the admin's organisations does
not exist for them (404), nor does anyone else's export.

The views are routed by lms.admin.UserViewSet, under Wagtail's admin (so behind its access
check); nothing here registers a hook.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.views import View
from wagtail.admin import messages

from . import data_export, scoping
from .models import DataExport
from .private_files import private_file_response

User = get_user_model()


def _edit_url(person) -> str:
    return reverse("wagtailusers_users:edit", args=[person.pk]) + "#tab-data-export"


def _may_produce(actor, person) -> bool:
    from .admin import user_can_manage_account

    return user_can_manage_account(actor, person)


class DataExportProduceView(View):
    """POST only: produce a copy of the person's data for a request made outside the site."""

    def post(self, request, pk):
        person = get_object_or_404(User, pk=pk)
        if not scoping.reaches(request.user, person):
            raise Http404
        if not _may_produce(request.user, person):
            raise PermissionDenied
        try:
            export, created = data_export.data_export_request(
                person=person, requested_by=request.user, outside_request=True
            )
        except data_export.DataExportRefused as error:
            messages.error(request, error.message)
            return redirect(_edit_url(person))
        export.refresh_from_db(fields=["status"])
        if export.status == DataExport.Status.READY:
            messages.success(request, gettext("The copy of this person's data is ready."))
        elif created:
            messages.success(
                request,
                gettext(
                    "The copy of this person's data is being prepared. You will find it on "
                    "this page, and a notice tells you when it is ready."
                ),
            )
        else:
            messages.info(request, gettext("A copy of this person's data is being prepared."))
        return redirect(_edit_url(person))


class DataExportDownloadView(View):
    """The copy an admin produced, for that admin alone, while they may still manage the
    person's account; anything else is a 404, an expired copy a 410."""

    def get(self, request, export_id):
        export = (
            DataExport.objects.select_related("person")
            .filter(pk=export_id, requested_by=request.user)
            .first()
        )
        if (
            export is None
            or not scoping.reaches(request.user, export.person)
            or not _may_produce(request.user, export.person)
        ):
            raise Http404
        if export.expired():
            return TemplateResponse(
                request,
                "lms/admin/data_export_gone.html",
                {
                    "page_title": gettext("This data export has expired"),
                    "header_icon": "download",
                    "edit_url": _edit_url(export.person),
                },
                status=410,
            )
        if not export.downloadable():
            raise Http404
        return private_file_response(
            export.file.storage,
            export.file.name,
            filename=data_export.download_filename(export),
            content_type="application/zip",
        )


def data_export_urls() -> list:
    """For lms.admin.UserViewSet.get_urlpatterns."""
    return [
        path("data-export/<id:pk>/", DataExportProduceView.as_view(), name="data_export"),
        path(
            "data-export/download/<id:export_id>/",
            DataExportDownloadView.as_view(),
            name="data_export_download",
        ),
    ]


def data_export_context(actor, person) -> dict:
    """What the person's edit page shows of the exports this admin produced for them."""
    return {
        "data_export_url": reverse("wagtailusers_users:data_export", args=[person.pk]),
        "data_exports": data_export.data_exports_for(person=person, requested_by=actor),
        "data_export_days": data_export.export_days(),
    }
