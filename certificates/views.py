"""The certificate's pages: the trainee's code of ethics, certificates, download and status,
and the public verification pages.

A trainee only ever reaches their own certificates: each is looked up together with
`user=request.user`, so anyone else's code is a 404 that does not tell it exists. A revoked or
superseded certificate is still its holder's record, so they can still download it; their
pages say it is revoked or replaced, and the verification page, which is what an employer
checks, says so to anyone.

Verification is public and rate-limited per client address (CERTIFICATES_VERIFY_RATE, 30 a
minute by default), counting only lookups. A malformed code gets a clear message (400); an
unknown code, or one whose certificate was never issued, the same "no certificate with this
code" (404), so the page reveals nothing about codes that are not public.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from assessments.practice.selectors import (
    competencies_signed_off_for,
    practice_hours_summary_for_page,
)
from courses.models import Enrolment
from courses.selectors import enrolment_active_or_404, enrolment_kept_for
from lms.durations import hours_figure as hours_display
from lms.private_files import private_file_response
from lms.timezones import user_today

from . import rules, selectors, services
from .codes import InvalidCode, code_normalise
from .forms import EthicsAcceptForm, VerifyForm
from .models import Certificate, CodeOfEthics, EthicsAcceptance
from .standing import certificate_standing

VERIFY_RATE_GROUP = "certificates.verify"
VERIFY_RATE_DEFAULT = "30/m"


# --- The trainee's panel --------------------------------------------------------------------


def panel_context(*, request, course, enrolment: Enrolment) -> dict:
    """What the course page's certificate panel and the status endpoint show: the latest
    certificate with its standing, and the checklist of the cycle being worked towards (as
    `selectors.certification_checklist`, sharing its read of the latest certificate). A
    fixed number of queries: the rules gather what they read in a fixed number, sharing the
    hours with the practice panel."""
    modules = getattr(enrolment, "page_modules", None)
    structure, accepted = None, None
    if modules is not None:
        # The course page: the course's quizzes and codes of ethics from its cache, and the
        # latest certificate with the acceptance of the code in force in one query.
        structure = rules.checklist_structure(course, modules)
        ethics = rules.ethics_in_force(structure["ethics"])
        latest, accepted = selectors.latest_certificate_and_acceptance(
            enrolment, ethics.pk if ethics is not None else None
        )
    else:
        latest = selectors.latest_certificate(enrolment)
    # No certificate yet is cycle 1: certification_cycle_due would read the latest again.
    # Otherwise the cycle due is the one after the latest or none, the cycle `accepted` is of.
    cycle = 1 if latest is None else selectors.certification_cycle_due(enrolment, latest=latest)
    checklist = []
    if cycle is not None:
        # The practice panel on the same page reads the hours too; and the checklist needs
        # only whether each competency is signed off (one query, not four).
        checklist = rules.completion_rules(
            enrolment,
            cycle=cycle,
            hours=practice_hours_summary_for_page(enrolment),
            competencies=competencies_signed_off_for(enrolment),
            # The course page's modules and completed lessons, when it read them (None on
            # the status endpoint: the rules read them).
            modules=modules,
            completed=getattr(enrolment, "page_completed", None),
            previous=latest,
            cached=True,
            structure=structure,
            ethics_accepted=accepted,
        )
    all_met = bool(checklist) and rules.all_met(checklist)
    pending = latest is not None and latest.status == Certificate.Status.PENDING
    return {
        "course": course,
        "enrolment": enrolment,
        "certificate": latest,
        "standing": certificate_standing(latest, today=user_today(request.user))
        if latest
        else None,
        "checklist": checklist,
        "renewal": latest is not None and bool(checklist),
        # Every rule met but the certificate not made yet (the check runs after commit), or
        # made and being rendered: the page asks the status endpoint until it is ready.
        "waiting": pending or all_met,
        "status_url": reverse("certificates:status", args=[course.pk]),
    }


def course_panel(*, request, course, enrolment: Enrolment) -> str:
    enrolment.course = course  # the page the hook has; saves the rules reading it again
    context = panel_context(request=request, course=course, enrolment=enrolment)
    return render_to_string("certificates/course_panel.html", context, request=request)


@login_required
@require_GET
@never_cache
def status(request, course_id: int):
    """For the course page's script: `ready` once the certificate is issued (or no longer
    pending), with the panel's certificate part to put in place of "being prepared"."""
    enrolment = enrolment_active_or_404(user=request.user, course_id=course_id)
    context = panel_context(request=request, course=enrolment.course, enrolment=enrolment)
    standing = context["standing"]
    ready = standing is not None and not context["waiting"]
    html = render_to_string(
        "certificates/includes/certificate_state.html", context, request=request
    )
    return JsonResponse(
        {"ready": ready, "status": standing.key if standing else None, "html": html}
    )


# --- Code of ethics -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def ethics(request, course_id: int):
    """The course's current code of ethics and an "I agree" button; once accepted, when and
    which version. Accepting goes through `services.ethics_accept`, which refuses a version
    that is no longer current and announces progress, so a certificate can follow at once."""
    enrolment = enrolment_active_or_404(user=request.user, course_id=course_id)
    course = enrolment.course
    current = rules.current_ethics(course_id)
    cycle = selectors.certification_cycle_due(enrolment)
    accepted_now = None
    if current is not None and cycle is not None:
        accepted_now = EthicsAcceptance.objects.filter(
            enrolment=enrolment, ethics=current, cycle=cycle
        ).first()
    latest_acceptance = (
        EthicsAcceptance.objects.filter(enrolment=enrolment)
        .select_related("ethics")
        .order_by("-accepted_at")
        .first()
    )
    can_accept = current is not None and cycle is not None and accepted_now is None
    status_code = 200
    form = EthicsAcceptForm(initial={"ethics": current.pk if current else None})
    if request.method == "POST":
        form = EthicsAcceptForm(request.POST)
        chosen = None
        if form.is_valid():
            chosen = CodeOfEthics.objects.filter(
                pk=form.cleaned_data["ethics"], course_id=course_id
            ).first()
        try:
            if chosen is None:
                raise services.CertificateError(
                    _("This is not the current code of ethics of the course. Reload the page.")
                )
            services.ethics_accept(enrolment=enrolment, ethics=chosen, by=request.user)
        except services.CertificateError as error:
            messages.error(request, error.message)
            status_code = 400
        else:
            messages.success(
                request,
                _("Thank you: you agreed to version %(version)s of the code of ethics.")
                % {"version": chosen.version},
            )
            return redirect(course.url)
    context = {
        "course": course,
        "ethics": current,
        "cycle": cycle,
        "accepted_now": accepted_now,
        "latest_acceptance": latest_acceptance,
        "can_accept": can_accept,
        "form": form,
    }
    return render(request, "certificates/ethics.html", context, status=status_code)


# --- The trainee's certificates and download ------------------------------------------------


@login_required
@require_GET
@never_cache
def my_certificates(request):
    """Every certificate of the trainee, newest first, with its standing and download link:
    where the dashboard's certificate line leads."""
    today = user_today(request.user)
    certificates = list(
        Certificate.objects.filter(user=request.user)
        .select_related("course")
        .order_by("-created_at", "-pk")
    )
    for certificate in certificates:
        certificate.standing = certificate_standing(certificate, today=today)
    return render(request, "certificates/my_certificates.html", {"certificates": certificates})


def download_filename(certificate: Certificate) -> str:
    """The course's slug and the cycle, never the holder's name (a file name travels in
    mail, logs and shared folders); a revoked or superseded certificate says so."""
    name = f"certificate-{slugify(certificate.course.slug) or certificate.course_id}"
    if certificate.cycle > 1:
        name += f"-renewal-{certificate.cycle - 1}"
    if certificate.status in (Certificate.Status.REVOKED, Certificate.Status.SUPERSEDED):
        name += f"-{certificate.status}"
    return f"{name}.pdf"


@login_required
@require_GET
def download(request, code: str):
    """Stream the stored PDF to its holder from the private storage (local disk or S3, so
    any of several servers can), through the storage API; nobody else gets a 404."""
    try:
        code = code_normalise(code)
    except InvalidCode as error:
        raise Http404 from error
    certificate = get_object_or_404(
        Certificate.objects.select_related("course"), code=code, user=request.user
    )
    if not certificate.pdf or certificate.status == Certificate.Status.PENDING:
        raise Http404
    return private_file_response(
        certificate.pdf.storage,
        certificate.pdf.name,
        filename=download_filename(certificate),
        content_type="application/pdf",
    )


@login_required
@require_GET
@never_cache
def statement_pdf(request, course_id: int):
    """The trainee's hours statement as a PDF (`certificates.statement`), rendered on request:
    it is a few pages of the CSV's rows, and a stored copy would go stale with the next
    approval. Any of the trainee's own enrolments in the course, as for the CSV, so a
    statement of the hours they practised outlives a withdrawal; anyone else's is a 404."""
    from .statement import statement_pdf_data, statement_pdf_render

    enrolment = enrolment_kept_for(user=request.user, course_id=course_id)
    if enrolment is None:
        raise Http404
    data = statement_pdf_data(enrolment)
    slug = slugify(enrolment.course.slug) or enrolment.course_id
    response = HttpResponse(statement_pdf_render(data), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="hours-statement-{slug}-{data["generated_on"]:%Y-%m-%d}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Public verification --------------------------------------------------------------------


def _verify_rate(group, request) -> str:
    return getattr(settings, "CERTIFICATES_VERIFY_RATE", VERIFY_RATE_DEFAULT)


def _limited(request) -> bool:
    """Count one lookup from this client address; True once over the rate."""
    return is_ratelimited(
        request, group=VERIFY_RATE_GROUP, key="ip", rate=_verify_rate, increment=True
    )


def _verify_render(request, template: str, context: dict, status: int = 200):
    response = render(request, template, context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _too_many(request):
    response = _verify_render(request, "certificates/verify_limited.html", {}, status=429)
    response["Retry-After"] = "60"
    return response


@require_GET
@never_cache
def verify_form(request):
    """The form; with a code, checks it and goes to its page, or says what is wrong."""
    if "code" not in request.GET:
        return _verify_render(request, "certificates/verify_form.html", {"form": VerifyForm()})
    if _limited(request):
        return _too_many(request)
    form = VerifyForm(request.GET)
    if not form.is_valid():
        return _verify_render(request, "certificates/verify_form.html", {"form": form}, 400)
    return redirect("verify:detail", code=form.cleaned_data["code"])


@require_GET
@never_cache
def verify_detail(request, code: str):
    """What was certified and how the certificate stands today, so a PDF whose text was
    edited is caught by comparing it with this page."""
    if _limited(request):
        return _too_many(request)
    try:
        canonical = code_normalise(code)
    except InvalidCode as error:
        form = VerifyForm(data={"code": code})
        form.is_valid()
        return _verify_render(
            request,
            "certificates/verify_form.html",
            {"form": form, "invalid_message": str(error)},
            400,
        )
    certificate = (
        Certificate.objects.filter(code=canonical, issued_at__isnull=False)
        .select_related("superseded_by")
        .first()
    )
    if certificate is None:
        return _verify_render(
            request, "certificates/verify_unknown.html", {"form": VerifyForm()}, 404
        )
    renewal = certificate.superseded_by
    context = {
        "certificate": certificate,
        "standing": certificate_standing(certificate),
        "renewal": renewal if renewal is not None and renewal.issued_at else None,
        "hours": [
            {"category": row["category"], "hours": hours_display(int(row["minutes"]))}
            for row in certificate.hours_by_category
        ],
    }
    return _verify_render(request, "certificates/verify_detail.html", context)
