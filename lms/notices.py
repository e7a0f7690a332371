"""Notices inside the site: what happened that a person should know about (a decision on
their practice log, a graded essay, a certificate ready, work waiting for a supervisor),
listed at /notices/ with a count in the site's header.

Where they come from. An app calls `notice_add` inside the transaction of the event, next to
the `outbox_enqueue` of that event's email: the notice commits or rolls back with the
decision, so a dead broker or worker never loses one, and `key` makes an event that is
recorded twice one notice. Work waiting for a supervisor is *rolled up*: one unread notice
per person and kind, counted up by each new item ("3 practice logs were sent for your
review"), so a busy day is one notice, not thirty.

What they hold. The kind, ids, dates and counts (`details`), and a path on this site to open;
never anything a person wrote (reflections, practice notes, essays, feedback). The title is
built when the notice is shown, in the reader's language, by the function its app registered
for the kind with `@notice_kind` in its `notices` module (found like the outbox's handlers).

The count. `User.notices_unread` comes with the user row every request loads, so the header
costs no query; it changes only here, with atomic updates in the transaction that adds or
reads a notice. Opening the list counts again and corrects it, should it ever be off.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from .models import Notice

LINK_MAX_LENGTH = Notice._meta.get_field("link").max_length


# --- Kinds ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeKind:
    name: str
    # (notice, names) -> the title, in the active language
    title: Callable
    # [notices of this kind] -> whatever `title` needs from the database (e.g. {id: name}),
    # asked once per kind per page
    names: Callable | None = None


_kinds: dict[str, NoticeKind] = {}


def notice_kind(name: str, *, names: Callable | None = None):
    """Register a function `title(notice, names) -> str` as the title of notices of `name`.
    It runs in the reader's language; it builds the title from the notice's kind and details
    (and what `names` read), never from a person's words."""

    def register(func):
        _kinds[name] = NoticeKind(name=name, title=func, names=names)
        return func

    return register


def _kind(name: str) -> NoticeKind | None:
    if name not in _kinds:
        autodiscover_modules("notices")
    return _kinds.get(name)


def link_is_local(link) -> bool:
    """Whether `link` is a path on this site (never another host, scheme or a `//` path)."""
    return (
        isinstance(link, str)
        and 1 < len(link) <= LINK_MAX_LENGTH
        and link.startswith("/")
        and not link.startswith("//")
        and "\\" not in link
        and link.isprintable()
        and url_has_allowed_host_and_scheme(link, allowed_hosts=set())
    )


# --- Writes ---------------------------------------------------------------------------------


def _count_up(recipient_id: int) -> None:
    get_user_model().objects.filter(pk=recipient_id).update(notices_unread=F("notices_unread") + 1)


def notice_add(
    *,
    recipient_id: int,
    kind: str,
    link: str,
    details: dict | None = None,
    key: str | None = None,
    roll_up: bool = False,
    count: int = 1,
) -> Notice | None:
    """Record a notice for a person in the current transaction; the new notice, or None when
    the event already has one (`key`) or an unread rolled-up notice of this kind was counted
    up instead (`roll_up`).

    `details` holds ids, dates, counts and choices, never text a person wrote; `link` is a
    path on this site; `count` is how many items a rolled-up notice gains.
    """
    if not link_is_local(link):
        raise ValueError("A notice links to a path on this site.")
    details = details or {}
    now = timezone.now()
    with transaction.atomic():
        if roll_up:
            unread = Notice.objects.filter(
                recipient_id=recipient_id, kind=kind, rolled_up=True, read_at__isnull=True
            )
            for _attempt in range(2):
                # The newest item brings the notice back to the top of the list.
                if unread.update(count=F("count") + count, created_at=now, link=link):
                    return None
                try:
                    with transaction.atomic():  # a savepoint: a race leaves the caller usable
                        notice = Notice.objects.create(
                            recipient_id=recipient_id,
                            kind=kind,
                            link=link,
                            details=details,
                            rolled_up=True,
                            count=count,
                            created_at=now,
                        )
                except IntegrityError:
                    continue  # added a moment ago by another transaction: count it up
                break
            else:
                return None
        else:
            try:
                with transaction.atomic():
                    notice = Notice.objects.create(
                        recipient_id=recipient_id,
                        kind=kind,
                        link=link,
                        details=details,
                        key=key[:200] if key else None,
                        created_at=now,
                    )
            except IntegrityError:
                if key and Notice.objects.filter(key=key[:200]).exists():
                    return None
                raise
        _count_up(recipient_id)
    return notice


def _read(user, notices) -> int:
    """Mark `notices` (a queryset) of `user` read, and count them down; how many were unread."""
    with transaction.atomic():
        marked = notices.filter(recipient_id=user.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        if marked:
            get_user_model().objects.filter(pk=user.pk).update(
                notices_unread=Greatest(F("notices_unread") - marked, 0)
            )
    user.notices_unread = max(0, (user.notices_unread or 0) - marked)
    return marked


def notice_open(*, user, notice_id: int) -> str:
    """Mark one of `user`'s notices read and return the path it opens. Someone else's notice
    (or none) raises Notice.DoesNotExist, so an id tells nothing."""
    notice = Notice.objects.filter(pk=notice_id, recipient_id=user.pk).only("link", "read_at")
    found = notice.first()
    if found is None:
        raise Notice.DoesNotExist
    if found.read_at is None:
        _read(user, notice)
    return found.link if link_is_local(found.link) else reverse("notices")


def notices_read_all(*, user) -> int:
    """Mark every notice of `user` read; how many were unread."""
    return _read(user, Notice.objects.all())


def notices_unread_recount(user) -> int:
    """Count `user`'s unread notices and correct the stored count if it is off (one query,
    and a write only then)."""
    actual = Notice.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
    if actual != user.notices_unread:
        get_user_model().objects.filter(pk=user.pk).update(notices_unread=actual)
        user.notices_unread = actual
    return actual


# --- Reads ----------------------------------------------------------------------------------


def notices_for(user):
    """`user`'s notices, newest first."""
    return Notice.objects.filter(recipient_id=user.pk).order_by("-created_at", "-pk")


@dataclass
class NoticeItem:
    notice: Notice
    title: str

    @property
    def unread(self) -> bool:
        return self.notice.read_at is None


def notices_describe(notices) -> list[NoticeItem]:
    """Each notice with its title in the active language (one lookup per kind that needs
    names). A kind no app registers any more gets a plain title rather than an error."""
    notices = list(notices)
    by_kind: dict[str, list[Notice]] = {}
    for notice in notices:
        by_kind.setdefault(notice.kind, []).append(notice)
    names = {}
    for name, group in by_kind.items():
        kind = _kind(name)
        if kind is not None and kind.names is not None:
            names[name] = kind.names(group)
    items = []
    for notice in notices:
        kind = _kind(notice.kind)
        title = kind.title(notice, names.get(notice.kind, {})) if kind else ""
        items.append(NoticeItem(notice=notice, title=title or _("You have a new notice.")))
    return items
