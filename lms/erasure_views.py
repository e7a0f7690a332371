"""Erasure from the person's side (lms.erasure): the page that says what erasure deletes and
what the register keeps, then records the request once the person has proved it is them
(allauth's reauthentication: their password, unless they signed in within the last few
minutes; allauth rate-limits it and replays the request afterwards); and the button that
cancels it during the cooling-off period. Both live under the profile's "Your data"
section."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import erasure
from .models import ErasureRequest


def _profile_erasure_url() -> str:
    return reverse("profile") + "#erasure"


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def erasure_confirm(request):
    """What erasure means, then the button (behind reauthentication); a pending request
    sends the person back to their profile, where they can cancel it."""
    pending = erasure.erasure_pending(request.user)
    if pending is not None:
        messages.info(request, _("Erasure of your data is already asked for."))
        return redirect(_profile_erasure_url())
    refusal = erasure.erasure_refusal(request.user)
    if request.method == "POST" and refusal is None:
        try:
            request_, created = erasure.erasure_request(
                person=request.user,
                requested_by=request.user,
                reason=ErasureRequest.Reason.PERSON,
            )
        except erasure.ErasureRefused as error:
            refusal = error.message
        else:
            messages.success(
                request,
                _(
                    "Your data will be erased after the waiting period. We have emailed you; "
                    "you can cancel it here until then."
                ),
            )
            return redirect(_profile_erasure_url())
    return render(
        request,
        "lms/erasure_confirm.html",
        {
            "refusal": refusal,
            "cooling_off_days": erasure.cooling_off_days(),
        },
        status=200 if request.method == "GET" or refusal is None else 409,
    )


@login_required
@require_POST
def erasure_cancel(request):
    pending = erasure.erasure_pending(request.user)
    if pending is not None and erasure.erasure_cancel(erasure=pending, cancelled_by=request.user):
        messages.success(request, _("The erasure of your data is cancelled. Nothing was erased."))
    else:
        messages.info(request, _("There is no erasure waiting to be cancelled."))
    return redirect(_profile_erasure_url())
