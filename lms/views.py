"""The profile page (the name printed on certificates, language and time zone) and the
invitation page where a person an admin enrolled sets their first password."""

from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import ProfileForm
from .invitations import InvitationError, invitation_accept, invitation_for_token


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("profile")
    return render(request, "lms/profile.html", {"form": form})


def _invitation_refused(request, error: InvitationError):
    status = 404 if error.reason == InvitationError.UNKNOWN else 410
    return render(
        request,
        "lms/invitation_invalid.html",
        {"reason": error.reason, "message": error.message},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """Set a first password from an emailed invitation, then go straight to the dashboard.

    The token proves the mailbox, so accepting marks the address verified; the sign-in then
    goes through allauth's own login flow like every other, so its checks (an inactive
    account, email verification, its signals) apply here too.
    """
    try:
        found = invitation_for_token(token=token)
    except InvitationError as error:
        return _invitation_refused(request, error)
    form = SetPasswordForm(found.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except InvitationError as error:
            return _invitation_refused(request, error)
        except ValidationError as error:
            form.add_error("new_password2", error)
        else:
            response = perform_login(
                request, user, email=user.email, redirect_url=settings.LOGIN_REDIRECT_URL
            )
            if request.user.is_authenticated:
                messages.success(request, _("Your password is set. Welcome!"))
            return response
    return render(request, "lms/invitation.html", {"form": form, "invited": found.user})


def not_found(request):
    """A route that must not exist, in front of a library's route of the same address."""
    raise Http404
