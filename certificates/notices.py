"""The notice inside the site that a trainee's certificate is ready (lms.notices), and its
title.

It is added in the render's transaction, where the certificate becomes issued, beside the
"ready" email's outbox message, with the same key: one notice per certificate, however often
the render runs. The title names the course as the certificate prints it, nothing else.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from lms.notices import notice_add, notice_kind

from .models import Certificate

CERTIFICATE_READY = "certificates.ready"


def certificate_ready_notice_add(certificate: Certificate) -> None:
    notice_add(
        recipient_id=certificate.user_id,
        kind=CERTIFICATE_READY,
        link=reverse("certificates:mine"),
        details={"certificate_id": certificate.pk},
        key=f"certificate-ready:{certificate.pk}",
    )


def course_titles(notices) -> dict:
    """Each certificate's course as printed on it: one query."""
    ids = [notice.details.get("certificate_id") for notice in notices]
    return dict(
        Certificate.objects.filter(pk__in=[pk for pk in ids if isinstance(pk, int)]).values_list(
            "pk", "course_title"
        )
    )


@notice_kind(CERTIFICATE_READY, names=course_titles)
def certificate_ready_title(notice, names) -> str:
    course = names.get(notice.details.get("certificate_id"))
    if not course:
        return _("Your certificate is ready")
    return _("Your certificate for %(course)s is ready") % {"course": course}
