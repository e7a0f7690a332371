"""Erasure asked for on a person's behalf, from the admin (a request made outside the site):
*Settings → Users* → the person → *Data export* tab → *Erase this person's data*.

A programme admin who may manage the person's account (lms.admin.user_can_manage_account)
reads the rule, then records the request; it waits the cooling-off period like the person's
own, the person is told and may cancel, and so may the admin. A person outside the admin's
organisations does not exist for them (404). Routed by lms.admin.UserViewSet.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import erasure, scoping
from .models import ErasureRequest

User = get_user_model()


def _edit_url(person) -> str:
    return reverse("wagtailusers_users:edit", args=[person.pk]) + "#tab-data-export"


def _person_for(request, pk):
    from .admin import user_can_manage_account

    person = get_object_or_404(User, pk=pk)
    if not scoping.reaches(request.user, person):
        raise Http404
    if not user_can_manage_account(request.user, person):
        raise PermissionDenied
    return person


class ErasureAskView(WagtailAdminTemplateMixin, View):
    """GET: the rule and a button; POST: record the request (reason "admin")."""

    template_name = "lms/admin/erasure_confirm.html"
    page_title = _("Erase this person's data")
    header_icon = "bin"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailusers_users:index"), "label": gettext("Users")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, pk):
        person = _person_for(request, pk)
        return self._page(request, person, erasure.erasure_refusal(person))

    def post(self, request, pk):
        person = _person_for(request, pk)
        try:
            _request, created = erasure.erasure_request(
                person=person, requested_by=request.user, reason=ErasureRequest.Reason.ADMIN
            )
        except erasure.ErasureRefused as error:
            return self._page(request, person, error.message, status=409)
        if created:
            messages.success(
                request,
                gettext(
                    "Erasure is asked for. It runs after the waiting period; the person has "
                    "been told and can cancel it until then."
                ),
            )
        else:
            messages.info(request, gettext("Erasure of this person's data is asked for already."))
        return redirect(_edit_url(person))

    def _page(self, request, person, refusal, status=200):
        context = self.get_context_data(
            person=person,
            refusal=refusal,
            pending=erasure.erasure_pending(person),
            cooling_off_days=erasure.cooling_off_days(),
            edit_url=_edit_url(person),
        )
        return TemplateResponse(request, self.template_name, context, status=status)


class ErasureCancelView(View):
    """POST only: cancel the person's pending erasure."""

    def post(self, request, pk):
        person = _person_for(request, pk)
        pending = erasure.erasure_pending(person)
        if pending is not None and erasure.erasure_cancel(
            erasure=pending, cancelled_by=request.user
        ):
            messages.success(request, gettext("The erasure is cancelled. Nothing was erased."))
        else:
            messages.info(request, gettext("There is no erasure waiting to be cancelled."))
        return redirect(_edit_url(person))


def erasure_urls() -> list:
    """For lms.admin.UserViewSet.get_urlpatterns."""
    return [
        path("erasure/<id:pk>/", ErasureAskView.as_view(), name="erasure"),
        path("erasure/<id:pk>/cancel/", ErasureCancelView.as_view(), name="erasure_cancel"),
    ]


def erasure_context(person) -> dict:
    """What the person's edit page shows of erasure."""
    return {
        "erasure_url": reverse("wagtailusers_users:erasure", args=[person.pk]),
        "erasure_cancel_url": reverse("wagtailusers_users:erasure_cancel", args=[person.pk]),
        "erasure_pending": erasure.erasure_pending(person),
        "person_erased": person.erased_at is not None,
    }
