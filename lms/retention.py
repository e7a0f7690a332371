"""How long the site keeps what it no longer needs (issue 18, part 4): the registry of
retention rules every app fills, lms's own rules, and `retention_apply`, which the daily
`apply_retention` job runs.

`lms` imports no app, so each app registers its rules from its AppConfig.ready(), as export
sections and erasure steps are registered (lms/data_export.py, lms/erasure.py): a name, an
order and `apply(now=..., dry_run=...) -> {what: count}`, which removes what is past its
period, or with `dry_run` only counts it. Each rule runs in its own transaction (the
inactive-accounts rule in one per person instead: a warning holds the audit chain's lock
until it commits); one that fails is logged (its name and the error's type, never data) and
the others still run. An app whose rows must keep an account (certificates: the register
names the holder) registers an account keeper, an expression on the user model that is true
for the accounts to keep.

lms's rules, each setting in days (0: never), documented in settings/base.py:

- sessions: expired ones, and those last saved more than RETENTION_SESSION_DAYS ago. The
  database backend stores no creation time; every session here expires SESSION_COOKIE_AGE
  after its last save (allauth's "remember me" keeps that age, and a browser-length session
  still stores it), so `expire_date - SESSION_COOKIE_AGE` is when it was last saved;
- read notices, RETENTION_READ_NOTICE_DAYS after they were read (unread ones stay, so the
  header's count, which counts unread ones only, does not change);
- finished data exports (expired or failed), RETENTION_EXPORT_DAYS after they ended: the
  expiry for an expired one, the request for a failed one (it fails within a day);
- inactive accounts (`accounts_apply`): warned by email (`inactivity_warned_at`, an audit
  entry, an outbox email), then erased by lms.erasure RETENTION_WARNING_DAYS later unless
  they signed in, which clears the warning.

What is removed here stays in the backups until they age out (deploy/BACKUP.md).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import roles
from .language import in_language_of
from .models import AuditEvent, DataExport, ErasureRequest, Notice
from .timezones import user_zone

logger = logging.getLogger(__name__)

WARNING_EMAIL_HANDLER = "lms.retention_warning_email"


# --- The registry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionRule:
    name: str
    order: int
    apply: Callable  # (*, now, dry_run) -> {what: count}
    # False for a rule that commits item by item itself (inactive accounts: each warning
    # holds the audit chain's lock until its commit, and each erasure is a transaction).
    atomic: bool = True


@dataclass(frozen=True)
class AccountKeeper:
    name: str
    keeps: Callable  # () -> a boolean expression on the user model: true = keep the account


_rules: dict[str, RetentionRule] = {}
_keepers: dict[str, AccountKeeper] = {}


def register_retention_rule(*, name: str, order: int, apply: Callable, atomic: bool = True) -> None:
    """Add (or replace: a second ready() changes nothing) one retention rule."""
    _rules[name] = RetentionRule(name=name, order=order, apply=apply, atomic=atomic)


def retention_rules() -> list[RetentionRule]:
    return sorted(_rules.values(), key=lambda rule: (rule.order, rule.name))


def register_account_keeper(*, name: str, keeps: Callable) -> None:
    """Keep every account for which `keeps()` (e.g. an Exists of the app's rows) is true
    from the inactive-accounts rule, however long it has been unused."""
    _keepers[name] = AccountKeeper(name=name, keeps=keeps)


def _days(name: str, default: int) -> int:
    return max(0, int(getattr(settings, name, default) or 0))


def retention_apply(now=None, *, dry_run: bool = False) -> dict[str, dict[str, int] | None]:
    """Run every rule (or, with `dry_run`, count what each would remove and change nothing).
    Returns {rule: counts}, None for a rule that failed: its transaction rolled back, the
    failure is logged with the error's type only, and the other rules ran."""
    now = now or timezone.now()
    results: dict[str, dict[str, int] | None] = {}
    for rule in retention_rules():
        try:
            if rule.atomic:
                with transaction.atomic():
                    counts = rule.apply(now=now, dry_run=dry_run)
            else:
                counts = rule.apply(now=now, dry_run=dry_run)
        except Exception as error:
            # Never the message or traceback: either may hold an address or a name.
            logger.error("Retention rule %s failed: %s", rule.name, type(error).__name__)
            results[rule.name] = None
        else:
            results[rule.name] = dict(counts or {})
    return results


def _removed(queryset, dry_run: bool) -> int:
    if dry_run:
        return queryset.count()
    return queryset.delete()[1].get(queryset.model._meta.label, 0)


# --- Sessions, read notices, finished exports -----------------------------------------------


def _session_model():
    """The session table, or None when SESSION_ENGINE keeps no rows (cache, signed cookies):
    those expire by themselves."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    get_model_class = getattr(store, "get_model_class", None)
    return get_model_class() if get_model_class is not None else None


def sessions_prune(*, now, dry_run: bool = False) -> dict[str, int]:
    """Expired sessions (as Django's clearsessions does every day) and those last saved
    RETENTION_SESSION_DAYS ago or earlier, though not expired yet."""
    model = _session_model()
    if model is None:
        return {"sessions": 0}
    old = Q(expire_date__lte=now)
    days = _days("RETENTION_SESSION_DAYS", 14)
    if days:
        age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
        old |= Q(expire_date__lte=now - timedelta(days=days) + age)
    return {"sessions": _removed(model.objects.filter(old), dry_run)}


def notices_prune(*, now, dry_run: bool = False) -> dict[str, int]:
    """Notices read more than RETENTION_READ_NOTICE_DAYS ago."""
    days = _days("RETENTION_READ_NOTICE_DAYS", 180)
    if not days:
        return {"read_notices": 0}
    old = Notice.objects.filter(read_at__lt=now - timedelta(days=days))
    return {"read_notices": _removed(old, dry_run)}


def exports_prune(*, now, dry_run: bool = False) -> dict[str, int]:
    """Rows of exports that expired or failed more than RETENTION_EXPORT_DAYS ago. The daily
    expire_data_exports job deleted their files already; a file still named is deleted after
    the commit, as a last resort."""
    days = _days("RETENTION_EXPORT_DAYS", 90)
    if not days:
        return {"finished_exports": 0}
    old = (
        DataExport.objects.filter(status__in=[DataExport.Status.EXPIRED, DataExport.Status.FAILED])
        .alias(ended=Coalesce("expires_at", "created_at"))
        .filter(ended__lt=now - timedelta(days=days))
    )
    if dry_run:
        return {"finished_exports": old.count()}
    names = [name for name in old.exclude(file="").values_list("file", flat=True) if name]
    count = _removed(old, dry_run)
    if names:
        storage = DataExport._meta.get_field("file").storage
        transaction.on_commit(lambda: _files_delete(storage, names))
    return {"finished_exports": count}


def _files_delete(storage, names) -> None:
    for name in names:
        try:
            storage.delete(name)
        except Exception as error:
            # data_exports_expire's sweep removes files no export names on a later run.
            logger.warning("Could not delete a finished export's file: %s", type(error).__name__)


# --- Inactive accounts ----------------------------------------------------------------------


def inactive_days() -> int:
    return _days("RETENTION_INACTIVE_DAYS", 730)


def warning_days() -> int:
    """At least a day: the person is always told before anything is erased."""
    return max(1, _days("RETENTION_WARNING_DAYS", 30))


def _batch() -> int:
    return max(1, int(getattr(settings, "RETENTION_ACCOUNTS_BATCH", 200)))


def _not_signed_in_since(cutoff) -> Q:
    return Q(last_login__isnull=True) | Q(last_login__lt=cutoff)


def inactive_accounts(now):
    """Accounts the rule may erase: nobody signed in (or, never signed in, the account was
    made) more than RETENTION_INACTIVE_DAYS ago; active (an account an admin deactivated is
    an admin's decision, and could not be signed in to keep it); no staff flag, no
    administrator flag and no group but Trainee (others' records are signed in a staff
    member's name: lms.erasure refuses them too, by the same test); not erased; no pending
    erasure request (it runs by itself); and no row an app keeps the account for (a
    certificate of any status: the register names its holder). One query, however many
    people there are."""
    user_model = get_user_model()
    cutoff = now - timedelta(days=inactive_days())
    people = user_model.objects.filter(
        _not_signed_in_since(cutoff),
        is_active=True,
        is_staff=False,
        is_superuser=False,
        erased_at__isnull=True,
        date_joined__lt=cutoff,
    ).exclude(
        Exists(
            user_model.groups.through.objects.filter(user_id=OuterRef("pk")).exclude(
                group__name=roles.TRAINEE
            )
        )
    )
    people = people.exclude(
        Exists(
            ErasureRequest.objects.filter(
                person_id=OuterRef("pk"), status=ErasureRequest.Status.PENDING
            )
        )
    )
    for keeper in _keepers.values():
        people = people.exclude(keeper.keeps())
    return people


def _not_warned() -> Q:
    """Never warned, or warned before their last sign-in (a warning the sign-in did not clear,
    should one ever be missed, counts as none: the new period gets its own)."""
    return Q(inactivity_warned_at__isnull=True) | Q(last_login__gte=F("inactivity_warned_at"))


def _due_for_erasure(now):
    """Inactive accounts warned RETENTION_WARNING_DAYS ago or earlier that have not signed
    in since the warning (signing in clears it; the last sign-in is checked as well)."""
    return inactive_accounts(now).filter(
        Q(last_login__isnull=True) | Q(last_login__lt=F("inactivity_warned_at")),
        inactivity_warned_at__lte=now - timedelta(days=warning_days()),
    )


def accounts_apply(*, now, dry_run: bool = False) -> dict[str, int]:
    """Warn the inactive accounts not warned yet, and erase those warned long enough ago; at
    most RETENTION_ACCOUNTS_BATCH of each per run, the longest-warned first."""
    counts = {"warned": 0, "erased": 0, "refused": 0, "failed": 0}
    if not inactive_days():
        return counts
    batch = _batch()
    due = list(_due_for_erasure(now).order_by("inactivity_warned_at", "pk")[:batch])
    for person in due:
        counts[_erase(person, now=now, dry_run=dry_run)] += 1
    to_warn = inactive_accounts(now).filter(_not_warned())
    for person_id in to_warn.order_by("pk").values_list("pk", flat=True)[:batch]:
        if dry_run or _warn(person_id, now=now):
            counts["warned"] += 1
    return counts


def _warn(person_id: int, *, now) -> bool:
    """Mark the person warned, record it and queue the email, in one transaction: a second
    run finds them warned and sends nothing. A constant number of queries per person."""
    from .audit import audit_record
    from .outbox import outbox_enqueue

    cutoff = now - timedelta(days=inactive_days())
    with transaction.atomic():
        # A compare-and-set: someone who signed in a moment ago is not warned.
        marked = (
            get_user_model()
            .objects.filter(_not_signed_in_since(cutoff), _not_warned(), pk=person_id)
            .filter(erased_at__isnull=True)
            .update(inactivity_warned_at=now)
        )
        if not marked:
            return False
        audit_record(
            kind=AuditEvent.Kind.RETENTION_WARNED,
            subject_id=person_id,
            actor_id=None,
            data={"inactive_days": inactive_days(), "warning_days": warning_days()},
        )
        outbox_enqueue(
            WARNING_EMAIL_HANDLER,
            key=f"retention-warning:{person_id}:{int(now.timestamp())}",
            person_id=person_id,
        )
    return True


def _erase(person, *, now, dry_run: bool) -> str:
    """Erase one warned person (lms.erasure, its own transaction); "erased", "refused" (no
    longer due once locked, or an account lms.erasure will not erase) or "failed" (logged:
    the id and the error's type)."""
    from .erasure import ErasureRefused, erasure_refusal, erasure_run

    if dry_run:
        return "refused" if erasure_refusal(person) else "erased"
    try:
        with transaction.atomic():
            # Again under the row's lock: someone who signed in since the list was read, or
            # was given a role or a certificate, is left alone.
            person = _due_for_erasure(now).select_for_update().filter(pk=person.pk).first()
            if person is None:
                return "refused"
            erasure_run(person=person, reason=ErasureRequest.Reason.RETENTION)
    except ErasureRefused:
        return "refused"
    except Exception as error:
        logger.error("Retention could not erase account %s: %s", person.pk, type(error).__name__)
        return "failed"
    return "erased"


def _signed_in(sender, request, user, **kwargs) -> None:
    """Signing in keeps the account: the warning is cleared (one UPDATE, only when warned)."""
    if getattr(user, "inactivity_warned_at", None) is None:
        return
    type(user).objects.filter(pk=user.pk).update(inactivity_warned_at=None)
    user.inactivity_warned_at = None


# --- The warning email ----------------------------------------------------------------------


def retention_warning_email(*, person_id: int) -> bool:
    """Tell a warned person when their account will be erased and that signing in keeps it.
    Holds none of their data, not even their name: a date and a link to sign in. False when
    there is nobody to tell (signed in since, erased, deactivated, or no address)."""
    from django.core.mail import EmailMessage

    from .site_url import absolute_url

    person = (
        get_user_model()
        .objects.filter(
            pk=person_id,
            inactivity_warned_at__isnull=False,
            erased_at__isnull=True,
            is_active=True,
        )
        .first()
    )
    if person is None or not person.email:
        return False
    zone = user_zone(person)
    erase_after = person.inactivity_warned_at + timedelta(days=warning_days())
    with in_language_of(person):
        values = {
            "date": formats.date_format(timezone.localtime(erase_after, zone)),
            "link": absolute_url(reverse("account_login")),
            "site": settings.LMS_SITE_NAME,
        }
        rule = ngettext(
            "Accounts nobody has signed in to for %(days)s day, and that hold no certificate, "
            "are erased.",
            "Accounts nobody has signed in to for %(days)s days, and that hold no certificate, "
            "are erased.",
            inactive_days(),
        ) % {"days": inactive_days()}
        body = _(
            "Hello,\n\n"
            "Nobody has signed in to your account on %(site)s for a long time. %(rule)s\n\n"
            "Your account will be erased on or soon after %(date)s. To keep it, sign in "
            "before then:\n"
            "%(link)s\n\n"
            "If you would like a copy of your data first, sign in and ask for one on your "
            "profile page. If you no longer need the account, you need do nothing.\n\n"
            "This email holds none of your data.\n\n"
            "%(site)s"
        ) % {**values, "rule": rule}
        subject = _("Sign in before %(date)s to keep your account") % values
    EmailMessage(subject, body, to=[person.email]).send()
    return True


# --- lms's own rules ------------------------------------------------------------------------


def register_core_retention() -> None:
    """lms's rules, and signing in clearing a warning (from lms's AppConfig.ready())."""
    register_retention_rule(name="sessions", order=100, apply=sessions_prune)
    register_retention_rule(name="read_notices", order=200, apply=notices_prune)
    register_retention_rule(name="finished_exports", order=300, apply=exports_prune)
    register_retention_rule(name="inactive_accounts", order=900, apply=accounts_apply, atomic=False)
    user_logged_in.connect(_signed_in, dispatch_uid="lms.retention.signed_in")
