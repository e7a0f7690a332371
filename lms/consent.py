"""The privacy notice and people's agreement to it (issue 18, part 1): which version is in
force, agreeing (at sign-up, on an invitation, or when asked again), withdrawing (which asks
for erasure), publishing a version, and the gate that asks a signed-in person again when a
new version comes into force.

The version in force is the published one with the highest number. Whether a signed-in person
must be asked is their row's `privacy_notice_version` (loaded on every request anyway) against
that number, which is cached: the gate costs no query once the cache is warm. A cache that is
down or broken costs a query, never the page. Publishing forgets the cached number at once
and again on commit; the cache also expires after CACHE_SECONDS, so a process with its own
local-memory cache (no Redis) notices a new version within minutes. A person is asked when
their version is lower than the one in force, never when it is higher, so a process that has
not yet noticed a new version never sends someone who just agreed to it back to agree.

Agreements and withdrawals are rows (`lms.Consent`) and audit entries holding ids only.
"""

import logging
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .language import supported
from .models import AuditEvent, Consent, ErasureRequest, PrivacyNotice, PrivacyNoticeText

logger = logging.getLogger(__name__)

CACHE_KEY = "lms:privacy-notice:in-force"
CACHE_SECONDS = 300
PUBLISH_PERMISSION = "lms.publish_privacynotice"


class ConsentError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Reading ---------------------------------------------------------------------------------


def _cache_get():
    try:
        return cache.get(CACHE_KEY)
    except Exception:  # a cache that fails must never fail the page: ask the database
        logger.warning("Could not read the privacy notice version from the cache.", exc_info=True)
        return None


def privacy_notice_cache_forget() -> None:
    """Forget the cached version in force: the next request reads the database."""
    try:
        cache.delete(CACHE_KEY)
    except Exception:
        logger.warning("Could not forget the cached privacy notice version.", exc_info=True)


def privacy_notice_version_in_force() -> int | None:
    """The number of the version in force, or None while none is published: cached."""
    cached = _cache_get()
    if cached is not None:
        return cached or None
    published = PrivacyNotice.objects.filter(published_at__isnull=False)
    version = published.aggregate(newest=Max("version"))["newest"]
    try:
        cache.set(CACHE_KEY, version or 0, CACHE_SECONDS)
    except Exception:
        logger.warning("Could not cache the privacy notice version.", exc_info=True)
    return version


def _published():
    return PrivacyNotice.objects.filter(published_at__isnull=False).prefetch_related(
        Prefetch("texts", queryset=PrivacyNoticeText.objects.order_by("language"))
    )


def privacy_notice_in_force() -> PrivacyNotice | None:
    """The version in force with its texts (two queries), or None. Read from the database,
    not the cache: what a person reads and agrees to is always the newest."""
    return _published().order_by("-version").first()


def privacy_notice_published(version: int) -> PrivacyNotice | None:
    """A published version by its number, with its texts; None for a draft or no such one."""
    return _published().filter(version=version).first()


def privacy_notice_text(notice: PrivacyNotice, language: str | None) -> PrivacyNoticeText | None:
    """The notice's words in `language`, else in the installation's language, else any."""
    texts = list(notice.texts.all())
    for wanted in (language, settings.LANGUAGE_CODE):
        for text in texts:
            if text.language == wanted:
                return text
    return texts[0] if texts else None


def consent_needed(user) -> bool:
    """Whether a signed-in person must (again) agree to the version in force."""
    in_force = privacy_notice_version_in_force()
    return in_force is not None and (user.privacy_notice_version or 0) < in_force


@dataclass(frozen=True)
class PrivacyStatus:
    """What the profile says about a person's agreement: their latest consent (standing or
    withdrawn) and the number of the version in force."""

    consent: Consent | None
    in_force: int | None

    @property
    def standing(self) -> bool:
        return self.consent is not None and self.consent.withdrawn_at is None

    @property
    def outdated(self) -> bool:
        """They agreed to a version that is no longer the one in force."""
        return (
            self.standing
            and self.in_force is not None
            and (self.consent.notice.version or 0) < self.in_force
        )

    @property
    def language_name(self) -> str:
        if self.consent is None:
            return ""
        return dict(settings.LANGUAGES).get(self.consent.language, self.consent.language)


def privacy_status_for(person) -> PrivacyStatus:
    """One query (the latest consent with its version), plus the cached version in force."""
    consent = (
        Consent.objects.filter(person=person)
        .select_related("notice")
        .order_by("-agreed_at", "-pk")
        .first()
    )
    return PrivacyStatus(consent=consent, in_force=privacy_notice_version_in_force())


def consents_for(person) -> list[Consent]:
    """Every consent of the person, oldest first, with its version and texts."""
    return list(
        Consent.objects.filter(person=person)
        .select_related("notice")
        .prefetch_related("notice__texts")
        .order_by("agreed_at", "pk")
    )


# --- Agreeing and withdrawing ----------------------------------------------------------------


def consent_agree(*, person, notice: PrivacyNotice, language: str) -> tuple[Consent, bool]:
    """Record that `person` agreed to the published `notice`, shown in `language`. Returns
    (consent, created): a second click or tab agrees once. Called inside the transaction that
    creates the account at sign-up or on an invitation, so neither exists without the other.
    Written in the audit log (ids only)."""
    from .audit import audit_record

    if notice.published_at is None or notice.version is None:
        raise ConsentError(_("This version of the privacy notice is not published."))
    language = supported(language) or settings.LANGUAGE_CODE
    User = get_user_model()
    with transaction.atomic():
        standing = Consent.objects.filter(person=person, notice=notice, withdrawn_at__isnull=True)
        consent, created = standing.first(), False
        if consent is None:
            try:
                with transaction.atomic():
                    consent = Consent.objects.create(
                        person=person, notice=notice, language=language, agreed_at=timezone.now()
                    )
                created = True
            except IntegrityError:  # another tab's agreement committed first
                consent = standing.first()
                if consent is None:
                    raise
        # Agreeing to an older version (a page left open) never lowers the one agreed to.
        User.objects.filter(pk=person.pk).exclude(
            privacy_notice_version__gte=notice.version
        ).update(privacy_notice_version=notice.version)
        person.privacy_notice_version = max(person.privacy_notice_version or 0, notice.version)
        if created:
            audit_record(
                kind=AuditEvent.Kind.CONSENT_AGREED,
                subject_id=person.pk,
                actor_id=person.pk,
                data={"consent_id": consent.pk, "notice_id": notice.pk, "version": notice.version},
            )
    return consent, created


def consent_agree_in_force(*, person, language: str | None = None) -> Consent | None:
    """Agree for `person` to the version in force, if there is one: the demo's accounts and
    the load test's trainees, which nobody signs up for by hand."""
    notice = privacy_notice_in_force()
    if notice is None:
        return None
    consent, _created = consent_agree(
        person=person, notice=notice, language=language or person.preferred_language
    )
    return consent


def consent_withdraw(*, person) -> ErasureRequest | None:
    """Withdraw every standing consent of `person` and ask for their data to be erased after
    the cooling-off period (lms.erasure), in one transaction, written in the audit log.
    Returns the erasure request, or None when nothing stood to withdraw (already withdrawn,
    a second click). Raises lms.erasure.ErasureRefused, having recorded nothing, for an
    account that cannot be erased (staff)."""
    from .audit import audit_record
    from .erasure import erasure_request

    User = get_user_model()
    with transaction.atomic():
        # Holds a second click or tab until this one commits; it then finds nothing standing.
        User.objects.select_for_update().filter(pk=person.pk).first()
        standing = list(
            Consent.objects.filter(person=person, withdrawn_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not standing:
            return None
        erasure, _created = erasure_request(
            person=person, requested_by=person, reason=ErasureRequest.Reason.CONSENT
        )
        Consent.objects.filter(pk__in=standing).update(withdrawn_at=timezone.now())
        User.objects.filter(pk=person.pk).update(privacy_notice_version=None)
        person.privacy_notice_version = None
        audit_record(
            kind=AuditEvent.Kind.CONSENT_WITHDRAWN,
            subject_id=person.pk,
            actor_id=person.pk,
            data={"consent_ids": standing, "erasure_id": erasure.pk},
        )
    return erasure


# --- Publishing (the admin) ------------------------------------------------------------------


def can_publish(user) -> bool:
    return user is not None and user.is_active and user.has_perm(PUBLISH_PERMISSION)


def privacy_notice_save(*, notice: PrivacyNotice, by, publish: bool) -> PrivacyNotice:
    """Save a draft (new or changed) with its texts, and with `publish` make it the version
    in force: it gets the next number and is never changed again. A published version is
    refused: people agreed to its words, so a correction is a new version."""
    permission = "lms.change_privacynotice" if notice.pk else "lms.add_privacynotice"
    if by is None or not by.has_perm(permission) or (publish and not can_publish(by)):
        raise PermissionDenied
    with transaction.atomic():
        if notice.pk is not None:
            stored = PrivacyNotice.objects.select_for_update().get(pk=notice.pk)
            if stored.published_at is not None:
                raise ConsentError(
                    _(
                        "Version %(version)s is published and people may have agreed to it, so "
                        "it is not changed. Add a new version instead."
                    )
                    % {"version": stored.version}
                )
        else:
            notice.created_by = by
        if publish:
            if not any(text.language == settings.LANGUAGE_CODE for text in notice.texts.all()):
                raise ConsentError(_("A version is published with its text in English at least."))
            # The unique version refuses the second of two publications at once.
            newest = PrivacyNotice.objects.aggregate(v=Max("version"))["v"]
            notice.version = (newest or 0) + 1
            notice.published_at = timezone.now()
            notice.published_by = by
        notice.full_clean()
        notice.save()
        if publish:
            privacy_notice_cache_forget()
            transaction.on_commit(privacy_notice_cache_forget)
    logger.info("Privacy notice %s saved (published: %s)", notice.pk, publish)
    return notice


# --- The gate --------------------------------------------------------------------------------


def _exempt_prefixes() -> tuple[str, ...]:
    """What a person who has not agreed may still open: the notice and the agreement page,
    their account (signing out, password and email, the profile with their copy of their
    data and their erasure request), the public checks and the plumbing."""
    prefixes = [
        reverse("privacy_notice"),
        "/accounts/",
        "/verify/",
        "/health/",
        reverse("set_language"),
        reverse("javascript_catalog"),
        "/favicon.ico",
        "/robots.txt",
    ]
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        if url and url.startswith("/") and url != "/":
            prefixes.append(url)
    return tuple(prefixes)


def agree_url(next_url: str = "") -> str:
    url = reverse("privacy_agree")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def safe_next(request, value: str | None) -> str | None:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return None


class PrivacyConsentMiddleware:
    """Sends a signed-in person who has not agreed to the version in force to the agreement
    page, then back (`?next=`). After AuthenticationMiddleware; pages in `_exempt_prefixes`
    are left alone. A script's request (JSON) gets a 403 with a message to show; a form
    posted to a gated page goes to the agreement page and then back to the page it was on."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt = None

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if self._exempt is None:
                self._exempt = _exempt_prefixes()
            if not request.path.startswith(self._exempt) and consent_needed(user):
                return _ask(request)
        return self.get_response(request)


def _ask(request):
    if "application/json" in request.headers.get("Accept", ""):
        message = _("Please read and agree to the updated privacy notice: reload the page.")
        return JsonResponse({"error": message}, status=403)
    if request.method in ("GET", "HEAD"):
        return HttpResponseRedirect(agree_url(request.get_full_path()))
    # Back to the page the form was on, when it is on this site.
    referer = safe_next(request, request.headers.get("Referer"))
    if referer:
        bits = urlsplit(referer)
        referer = bits.path + (f"?{bits.query}" if bits.query else "")
    response = HttpResponseRedirect(agree_url(referer or ""))
    response.status_code = 303
    return response
