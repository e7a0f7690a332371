"""Writes only the certificates admin makes: regenerating a course's PDFs after the wording
changed, and saving certificate wording and codes of ethics as versions.

They follow the rules of `certificates.services` (keyword-only arguments, the permission
checked inside, one transaction, work queued on commit, ids only in log lines); they live
beside the admin views because nothing else calls them, and `certificates/services.py` is
long enough already.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.models import Certificate, CertificateEvent, CertificateWording, CodeOfEthics
from certificates.recheck import certificates_rules_recheck_request
from certificates.services import CertificateError, _queue_render, wording_current
from courses.models import CoursePage

logger = logging.getLogger(__name__)


def certificates_regenerate(*, course: CoursePage, by, within: Q | None = None) -> int:
    """Render every issued certificate of a course again with the current wording; returns
    how many renders were queued (one Celery task per certificate, after commit).

    The record pins the wording it is printed with, so each certificate moves to the newest
    wording and its revision goes up: the render task re-renders an issued certificate whose
    PDF is behind its record, and the sweep re-queues one whose message was lost. Only issued
    certificates change: a revoked or superseded one keeps the PDF it had, which is history;
    a pending one is rendered soon anyway, with the wording it was created with. `within`
    narrows to the certificates an admin's organisations hold.
    """
    if by is None or not by.has_perm("certificates.reissue_certificate"):
        raise PermissionDenied
    wording = wording_current()
    now = timezone.now()
    with transaction.atomic():
        certificates = list(
            # Only the certificate rows are locked: `within` may join the (nullable) cohort.
            Certificate.objects.select_for_update(of=("self",))
            .filter(course=course, status=Certificate.Status.ISSUED)
            .filter(within or Q())
            .order_by("pk")
            .only("pk", "wording_version", "revision", "user_id")
        )
        ids = [certificate.pk for certificate in certificates]
        Certificate.objects.filter(pk__in=ids).update(
            wording=wording,
            wording_version=wording.version,
            revision=F("revision") + 1,
            last_queued_at=now,
            updated_at=now,
        )
        events = CertificateEvent.objects.bulk_create(
            CertificateEvent(
                certificate_id=certificate.pk,
                kind=CertificateEvent.Kind.RENDERED,
                by=by,
                at=now,
                details={
                    "queued": True,
                    "wording_version_before": certificate.wording_version,
                    "wording_version_after": wording.version,
                    "revision": certificate.revision + 1,
                },
            )
            for certificate in certificates
        )
        for certificate, event in zip(certificates, events, strict=True):
            event.audit(certificate.user_id)  # bulk_create skips save(), which does this
        for certificate in certificates:
            _queue_render(certificate.pk, f"r{certificate.revision + 1}")
    logger.info("Regenerating %s certificate PDF(s) of course %s", len(ids), course.pk)
    return len(ids)


def wording_in_use(wording: CertificateWording) -> bool:
    return Certificate.objects.filter(wording=wording).exists()


def wording_save(*, wording: CertificateWording, by) -> CertificateWording:
    """Save the wording editors wrote. A new wording, or a change to a version printed on a
    certificate, becomes a new version (one more than the newest), which new certificates use;
    a version nobody's certificate uses yet is corrected in place."""
    if by is None or not by.has_perm("certificates.change_certificatewording"):
        raise PermissionDenied
    with transaction.atomic():
        if wording.pk is not None and wording_in_use(wording):
            wording.pk = None
            wording._state.adding = True
        if wording.pk is None:
            # Two editors saving at once: the unique version refuses the second.
            newest = CertificateWording.objects.aggregate(v=Max("version"))
            wording.version = (newest["v"] or 0) + 1
        wording.full_clean()
        wording.save()
    return wording


def ethics_save(*, ethics: CodeOfEthics, by, publish: bool) -> CodeOfEthics:
    """Save a course's code of ethics: a new one gets the course's next version; a published
    version is never changed (trainees agreed to its words), so only drafts are saved in
    place. `publish` makes it the version trainees must accept from now on."""
    if by is None or not by.has_perm("certificates.change_codeofethics"):
        raise PermissionDenied
    with transaction.atomic():
        if ethics.pk is not None:
            stored = CodeOfEthics.objects.select_for_update().get(pk=ethics.pk)
            if stored.published_at is not None:
                raise CertificateError(
                    _(
                        "Version %(version)s is published and trainees may have agreed to it, "
                        "so it is not changed. Add a new version instead."
                    )
                    % {"version": stored.version}
                )
        else:
            # PostgreSQL refuses FOR UPDATE with an aggregate; the unique (course, version)
            # constraint refuses the second of two saves at once instead.
            newest = CodeOfEthics.objects.filter(course_id=ethics.course_id).aggregate(
                v=Max("version")
            )
            ethics.version = (newest["v"] or 0) + 1
        if publish:
            ethics.published_at = timezone.now()
        ethics.full_clean()
        ethics.save()
        if publish:
            # Holders have not accepted this version: their certificates stand as issued,
            # but the admin's "rules no longer hold" flag should say so soon.
            certificates_rules_recheck_request(course_ids=[ethics.course_id])
    logger.info("Code of ethics %s saved (published: %s)", ethics.pk, publish)
    return ethics
