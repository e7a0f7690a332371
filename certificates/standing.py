"""How a certificate stands today, as people read it: valid, expiring soon, expired, revoked,
superseded or being prepared.

Only four statuses are stored (pending, issued, revoked, superseded); "expiring soon" and
"expired" are worked out from the expiry date when read, so nothing has to run at midnight
for the verification page, the trainee's panel and the admin list to agree. "Expiring soon"
is the window in which the renewal opens (CERTIFICATES_RENEWAL_OPENS_DAYS, 60 by default), so
"expiring soon" and "you can renew now" always say the same thing.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Certificate

PENDING = "pending"
VALID = "valid"
EXPIRING_SOON = "expiring_soon"
EXPIRED = "expired"
REVOKED = "revoked"
SUPERSEDED = "superseded"

LABELS = {
    PENDING: _("Being prepared"),
    VALID: _("Valid"),
    EXPIRING_SOON: _("Valid, expiring soon"),
    EXPIRED: _("Expired"),
    REVOKED: _("Revoked"),
    SUPERSEDED: _("Superseded by a renewal"),
}


@dataclass(frozen=True)
class Standing:
    key: str
    days_left: int | None = None

    @property
    def label(self) -> str:
        return str(LABELS[self.key])

    @property
    def is_valid(self) -> bool:
        return self.key in (VALID, EXPIRING_SOON)


def certificate_standing(certificate: Certificate, *, today: date | None = None) -> Standing:
    """The certificate's standing on `today` (the site's date by default)."""
    today = today or timezone.localdate()
    status = certificate.status
    if status == Certificate.Status.PENDING:
        return Standing(PENDING)
    if status == Certificate.Status.REVOKED:
        return Standing(REVOKED)
    if status == Certificate.Status.SUPERSEDED:
        return Standing(SUPERSEDED)
    if certificate.expires_on is None:
        return Standing(VALID)
    days_left = (certificate.expires_on - today).days
    if days_left < 0:
        return Standing(EXPIRED, days_left)
    if days_left <= settings.CERTIFICATES_RENEWAL_OPENS_DAYS:
        return Standing(EXPIRING_SOON, days_left)
    return Standing(VALID, days_left)
