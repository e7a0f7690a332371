"""The profile page (the name printed on certificates, language and time zone, and the
person's copies of their data: lms.data_export), the invitation page where a person an admin
enrolled sets their first password, and the person's notices (lms.notices)."""

from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import data_export, erasure
from . import notices as notice_services
from .consent import privacy_notice_in_force, privacy_status_for
from .forms import PrivacyAgreeForm, ProfileForm
from .invitations import InvitationError, invitation_accept, invitation_for_token
from .landing import landing_url
from .language import user_language
from .models import DataExport, Notice
from .private_files import private_file_response

NOTICES_PAGE_SIZE = 20


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # A new language applies from this message on (and the cookie follows: middleware).
        translation.activate(user_language(request.user))
        messages.success(request, _("Your profile has been saved."))
        return redirect("profile")
    return render(
        request,
        "lms/profile.html",
        {
            "form": form,
            # The person's own requests (one query however many): an admin's export for them
            # is the admin's to download.
            "data_exports": data_export.data_exports_for(
                person=request.user, requested_by=request.user
            ),
            "data_export_days": data_export.export_days(),
            # A pending erasure (lms.erasure), which the person may cancel.
            "erasure_pending": erasure.erasure_pending(request.user),
            "erasure_cooling_off_days": erasure.cooling_off_days(),
            # The privacy notice agreed to, and when (lms.consent): one query.
            "privacy": privacy_status_for(request.user),
        },
    )


# --- A copy of one's data (lms.data_export) -------------------------------------------------


@login_required
@require_POST
def data_export_request(request):
    """Ask for a copy of one's data; a second click or tab while it is prepared changes
    nothing."""
    try:
        export, created = data_export.data_export_request(
            person=request.user, requested_by=request.user
        )
    except data_export.DataExportRefused as error:
        messages.error(request, error.message)
    else:
        # Without a broker the copy is built right after the commit, in this request.
        export.refresh_from_db(fields=["status"])
        if export.status == DataExport.Status.READY:
            messages.success(request, _("Your copy is ready: download it below."))
        elif created:
            messages.success(
                request,
                _(
                    "We are preparing a copy of your data. We will tell you here and by email "
                    "when it is ready."
                ),
            )
        else:
            messages.info(request, _("A copy of your data is being prepared already."))
    return redirect(reverse("profile") + "#your-data")


@login_required
@require_GET
def data_export_download(request, export_id: int):
    """Stream a copy of one's data, asked for by oneself, from the private storage. Anyone
    else's (an admin's included) is a 404; an expired one is gone (410)."""
    export = DataExport.objects.filter(
        pk=export_id, person=request.user, requested_by=request.user
    ).first()
    if export is None:
        raise Http404
    if export.expired():
        return render(request, "lms/data_export_gone.html", status=410)
    if not export.downloadable():
        raise Http404
    return private_file_response(
        export.file.storage,
        export.file.name,
        filename=data_export.download_filename(export),
        content_type="application/zip",
    )


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
    """Set a first password from an emailed invitation, then go straight to where the
    person works (lms/landing.py: a trainee's learning, a supervisor's review queue...).

    The token proves the mailbox, so accepting marks the address verified; the sign-in then
    goes through allauth's own login flow like every other, so its checks (an inactive
    account, email verification, its signals) apply here too.
    """
    try:
        found = invitation_for_token(token=token)
    except InvitationError as error:
        return _invitation_refused(request, error)
    form = SetPasswordForm(found.user, request.POST or None)
    # The privacy notice in force, agreed to with the password, as at sign-up (lms.consent).
    notice = privacy_notice_in_force()
    privacy_form = None
    if notice is not None:
        privacy_form = PrivacyAgreeForm(
            request.POST if request.method == "POST" else None,
            notice=notice,
            language=translation.get_language(),
            prefix="privacy",
        )
    agreed = privacy_form is None or privacy_form.is_valid()
    if request.method == "POST" and form.is_valid() and agreed:
        try:
            with transaction.atomic():
                user = invitation_accept(token=token, password=form.cleaned_data["new_password1"])
                if privacy_form is not None:
                    privacy_form.privacy_agreement_record(user)
        except InvitationError as error:
            return _invitation_refused(request, error)
        except ValidationError as error:
            form.add_error("new_password2", error)
        else:
            response = perform_login(
                request, user, email=user.email, redirect_url=landing_url(user)
            )
            if request.user.is_authenticated:
                messages.success(request, _("Your password is set. Welcome!"))
            return response
    return render(
        request,
        "lms/invitation.html",
        {"form": form, "invited": found.user, "privacy_form": privacy_form},
    )


def not_found(request):
    """A route that must not exist, in front of a library's route of the same address."""
    raise Http404


# --- Notices --------------------------------------------------------------------------------


@login_required
@require_GET
def notices(request):
    """The person's notices, newest first, each opening its page; unread ones marked."""
    unread = notice_services.notices_unread_recount(request.user)
    page = Paginator(notice_services.notices_for(request.user), NOTICES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "lms/notices.html",
        {
            "page": page,
            "items": notice_services.notices_describe(page.object_list),
            "unread": unread,
        },
    )


@login_required
@require_GET
def notice_open(request, notice_id: int):
    """Mark one notice read and go to its page; someone else's notice is a 404."""
    try:
        link = notice_services.notice_open(user=request.user, notice_id=notice_id)
    except Notice.DoesNotExist:
        raise Http404 from None
    return HttpResponseRedirect(link)


@login_required
@require_POST
def notices_read_all(request):
    """Mark every notice of the person read."""
    if notice_services.notices_read_all(user=request.user):
        messages.success(request, _("All your notices are marked as read."))
    return redirect("notices")
