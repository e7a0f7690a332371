"""Whether issued certificates' completion rules would still hold today: the admin list's flag.

Issue 7: regrades and content changes never alter an issued certificate, but programme admins
should see the certificates whose rules would no longer hold. Running the rules for every row
would cost the list a handful of queries per certificate, so the answer is stored on the
certificate (`rules_hold`, `unmet_rules`, `rules_checked_at`) and the list only reads it.

Storing it is an admin note, never a change to the certificate: only those three fields are
written (`update_fields`), so what it certifies (the pinned fields), its status, its revision
and its PDF stay exactly as issued, and `updated_at` does not move either (the sweep reads it).

The answer is kept current three ways, as the sweep keeps certificates current:

- the enrolment's events: `certificate_evaluate_task`, queued after commit whenever an
  enrolment progresses or an attempt is finalised, rechecks that enrolment's issued
  certificates (`certificates_rules_recheck_for_enrolment`);
- content changes: a course page published, unpublished, moved or deleted, a quiz published
  or unpublished, a quiz regrade that changed scores, or a new code of ethics published ask
  for a recheck of the affected certificates (`certificates_rules_recheck_request` clears
  `rules_checked_at`; the last answer stays shown until the new one is in);
- the periodic job (`manage.py recheck_certificate_rules`, every five minutes) rechecks
  those, and any not checked for CERTIFICATES_RULES_RECHECK_HOURS, at most
  CERTIFICATES_RULES_RECHECK_BATCH per run, oldest first, so a missed event costs minutes.

Log lines carry ids only.
"""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from . import rules
from .models import Certificate

logger = logging.getLogger(__name__)

RULE_FIELDS = ["rules_hold", "unmet_rules", "rules_checked_at"]


def certificate_rules_recheck(*, certificate: Certificate) -> list[rules.RuleResult]:
    """Run the completion rules for an issued certificate's enrolment and cycle, store the
    answer on the certificate, and return every rule's result (in the active language, for
    the detail page). A certificate that is not issued is left alone: returns [].

    Writes only the three flag fields, never the status, the pinned fields or the PDF: the
    certificate stays what it was when issued. The stored reasons are in the site's language
    (LANGUAGE_CODE), so the list reads the same whoever's request or job made the check; the
    rules are cheap functions of the facts gathered once, so running them twice costs nothing.
    """
    if certificate.status != Certificate.Status.ISSUED:
        return []
    facts = rules.rule_facts(certificate.enrolment, cycle=certificate.cycle)
    with translation.override(settings.LANGUAGE_CODE):
        stored = [rule(facts) for rule in rules.RULES]
        unmet = [
            {"name": result.name, "reason": str(result.reason)}
            for result in stored
            if not result.met
        ]
    certificate.rules_hold = not unmet
    certificate.unmet_rules = unmet
    certificate.rules_checked_at = timezone.now()
    certificate.save(update_fields=RULE_FIELDS)
    return [rule(facts) for rule in rules.RULES]


def _issued_with_enrolment():
    return Certificate.objects.filter(status=Certificate.Status.ISSUED).select_related(
        "enrolment__course", "enrolment__user"
    )


def _recheck_each(certificates) -> tuple[int, int]:
    """Recheck each certificate in its own savepoint, so one that fails (logged with its id)
    does not stop the rest; returns how many were checked and how many no longer hold."""
    checked = flagged = 0
    for certificate in certificates:
        try:
            with transaction.atomic():
                certificate_rules_recheck(certificate=certificate)
        except Exception:
            logger.exception("Rules recheck of certificate %s failed", certificate.pk)
            continue
        checked += 1
        flagged += certificate.rules_hold is False
    return checked, flagged


def certificates_rules_recheck_for_enrolment(*, enrolment_id: int) -> int:
    """Recheck the issued certificates of one enrolment (after it progressed or an attempt was
    finalised, either of which can change whether their rules hold); returns how many."""
    checked, _flagged = _recheck_each(_issued_with_enrolment().filter(enrolment_id=enrolment_id))
    return checked


def certificates_rules_recheck_request(
    *, course_ids: Iterable[int] | None = None, enrolment_ids: Iterable[int] | None = None
) -> int:
    """Ask for the issued certificates of these courses or enrolments to be rechecked soon:
    clear `rules_checked_at`, which puts them first in the job's next batch. The last answer
    (`rules_hold`, `unmet_rules`) stays until then. One UPDATE, however many certificates, so
    it is cheap enough for a publish request; `enrolment_ids` may be a subquery. Returns how
    many certificates were marked."""
    match = Q()
    if course_ids is not None:
        match |= Q(course_id__in=course_ids)
    if enrolment_ids is not None:
        match |= Q(enrolment_id__in=enrolment_ids)
    if not match:
        return 0
    return Certificate.objects.filter(
        match, status=Certificate.Status.ISSUED, rules_checked_at__isnull=False
    ).update(rules_checked_at=None)


def certificates_rules_recheck_due(
    *, limit: int | None = None, now: datetime | None = None
) -> dict:
    """The periodic job's body: recheck issued certificates never checked, asked to be checked
    again, or last checked more than CERTIFICATES_RULES_RECHECK_HOURS ago; at most `limit`
    (default CERTIFICATES_RULES_RECHECK_BATCH), the oldest check first and unchecked ones
    before any. Returns how many were checked and how many no longer hold."""
    now = now or timezone.now()
    limit = settings.CERTIFICATES_RULES_RECHECK_BATCH if limit is None else limit
    older_than = now - timedelta(hours=settings.CERTIFICATES_RULES_RECHECK_HOURS)
    due = (
        _issued_with_enrolment()
        .filter(Q(rules_checked_at__isnull=True) | Q(rules_checked_at__lt=older_than))
        .order_by(F("rules_checked_at").asc(nulls_first=True), "pk")[:limit]
    )
    checked, flagged = _recheck_each(list(due))
    if checked:
        logger.info("Rechecked the rules of %s certificate(s); %s no longer hold", checked, flagged)
    return {"checked": checked, "flagged": flagged}
