"""The privacy notice's pages (lms.consent): the notice itself, public, in the reader's
language; the page that asks a signed-in person to agree to the version in force and sends
them back where they were going; and withdrawing consent, which asks for erasure."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import consent
from .erasure import ErasureRefused, cooling_off_days
from .forms import PrivacyAgreeForm
from .landing import landing_url
from .models import Consent, ErasureRequest


@require_GET
def privacy_notice(request, version: int | None = None):
    """The version in force (or an earlier one, by number), in the reader's language, else in
    English, marked as such. Anyone may read it: it is linked from the sign-up form and every
    page's footer."""
    if version is None:
        notice = consent.privacy_notice_in_force()
    else:
        notice = consent.privacy_notice_published(version)
        if notice is None:
            raise Http404
    in_force = consent.privacy_notice_version_in_force() if notice is not None else None
    text = consent.privacy_notice_text(notice, translation.get_language()) if notice else None
    return render(
        request,
        "lms/privacy_notice.html",
        {
            "notice": notice,
            "text": text,
            "earlier": notice is not None and in_force is not None and notice.version < in_force,
            "other_language": text is not None and text.language != translation.get_language(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def privacy_agree(request):
    """Asks a signed-in person to agree to the version in force (lms.consent's gate sends
    them here), then sends them to `next`: where they were going. Someone with nothing to
    agree to goes straight there."""
    user = request.user
    next_url = consent.safe_next(request, request.POST.get("next") or request.GET.get("next"))
    destination = next_url or landing_url(user)
    notice = consent.privacy_notice_in_force()
    if notice is None or (user.privacy_notice_version or 0) >= notice.version:
        if consent.consent_needed(user):
            # The cached version in force is not the database's (a restored backup): forget
            # it, or the gate would send them straight back here.
            consent.privacy_notice_cache_forget()
        return redirect(destination)
    language = translation.get_language()
    form = PrivacyAgreeForm(
        request.POST if request.method == "POST" else None,
        notice=notice,
        language=language,
        summary=False,
        prefix="privacy",
    )
    if request.method == "POST" and form.is_valid():
        form.privacy_agreement_record(user)
        messages.success(request, _("Thank you. You agreed to the privacy notice."))
        return redirect(destination)
    # Someone who withdrew and is asked again: when, and whether their erasure still waits.
    withdrawn = erasure_pending = None
    if not user.privacy_notice_version:
        withdrawn = (
            Consent.objects.filter(person=user, withdrawn_at__isnull=False)
            .order_by("-withdrawn_at")
            .first()
        )
    if withdrawn is not None:
        erasure_pending = ErasureRequest.objects.filter(
            person=user, status=ErasureRequest.Status.PENDING
        ).first()
    return render(
        request,
        "lms/privacy_agree.html",
        {
            "notice": notice,
            "text": form.privacy_text,
            "other_language": form.privacy_text is not None
            and form.privacy_text.language != language,
            "form": form,
            "next": next_url or "",
            "agreed_before": user.privacy_notice_version,
            "withdrawn": withdrawn,
            "erasure_pending": erasure_pending,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def consent_withdraw(request):
    """Confirm, then withdraw one's consent: every standing agreement is withdrawn and the
    person's data is to be erased after the cooling-off period (lms.erasure), in one
    transaction. As for asking for erasure directly, allauth asks for the password first
    unless the person signed in within the last few minutes. A staff account cannot be
    erased, so it is told why and nothing changes."""
    status = consent.privacy_status_for(request.user)
    if not status.standing:
        if status.consent is not None:
            messages.info(request, _("You have withdrawn your consent already."))
        else:
            messages.info(
                request,
                _("You have not agreed to a privacy notice, so there is nothing to withdraw."),
            )
        return redirect(reverse("profile") + "#privacy")
    refusal = None
    if request.method == "POST":
        try:
            erasure = consent.consent_withdraw(person=request.user)
        except ErasureRefused as error:
            refusal = error.message
        else:
            if erasure is not None:
                messages.success(
                    request,
                    _(
                        "You withdrew your consent. Your data will be erased on %(date)s, "
                        "unless you cancel that before then, below."
                    )
                    % {"date": formats.date_format(timezone.localtime(erasure.due_at))},
                )
            return redirect(reverse("profile") + "#erasure")
    return render(
        request,
        "lms/privacy_withdraw.html",
        {
            "status": status,
            "refusal": refusal,
            "cooling_off_days": cooling_off_days(),
        },
    )
