"""The audit log as a hash chain: each event's hash covers its content and the hash of the
event before it, so a changed, removed or inserted row shows where it happened.

- `seal(event)` is called by `AuditEvent.save()` for every new event, whoever writes it: it
  takes the chain's lock (a PostgreSQL advisory lock held to the end of the transaction; on
  SQLite, writers are already serialised by `BEGIN IMMEDIATE`), reads the last event's hash
  and computes the new one. Two requests appending at once therefore queue; the chain never
  forks (the unique `hash` column backs this up).
- `verify()` walks the chain in id order and names the first event that does not match:
  its content was changed (the hash no longer matches) or an event before it was removed or
  inserted (its previous_hash no longer matches). Removing events from the end cannot be
  seen from inside; that is what the recorded heads are for.
- `head_record()` is the daily job: it appends an event holding the id and hash of the
  chain's head and emails both to AUDIT_HEAD_EMAIL, so someone outside the installation
  holds a value the chain must still reach (`manage.py audit_verify --expect-head ID:HASH`).

The content hashed is canonical JSON of the event's fields (not its id, which the database
assigns on insert), timestamps in UTC with microseconds. Events hold ids, kinds and digests,
never names or anything a person wrote, so erasing a person leaves every event as it was.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, router, transaction
from django.utils import timezone

GENESIS = "0" * 64
# pg_advisory_xact_lock key for appending to the chain ("audit" in ASCII).
LOCK_KEY = 0x6175646974


def normalised(data: dict | None) -> dict:
    """`data` as the database will give it back (JSON types only), so the hash computed
    before saving is the hash computed when reading."""
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def content_hash(event) -> str:
    occurred_at = event.occurred_at
    if timezone.is_naive(occurred_at):  # USE_TZ is on; a naive time here is already UTC
        occurred_at = occurred_at.replace(tzinfo=UTC)
    payload = {
        "actor_id": event.actor_id,
        "data": event.data,
        "kind": event.kind,
        "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "organisations": event.organisations,
        "previous_hash": event.previous_hash,
        "source": event.source,
        "subject_id": event.subject_id,
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _lock(using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def seal(event, using: str | None = None) -> None:
    """Give a new event its place in the chain. Must run inside the transaction that saves
    it (AuditEvent.save opens one), so the lock is held until the event is committed."""
    from .models import AuditEvent

    using = using or router.db_for_write(AuditEvent)
    assert transaction.get_connection(using).in_atomic_block, "seal() needs a transaction"
    _lock(using)
    event.data = normalised(event.data)
    event.occurred_at = timezone.now() if event.occurred_at is None else event.occurred_at
    event.previous_hash = (
        AuditEvent.objects.using(using).order_by("-id").values_list("hash", flat=True).first()
        or GENESIS
    )
    event.hash = content_hash(event)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    head_id: int | None
    head_hash: str
    bad_id: int | None = None
    reason: str = ""


def verify(*, expect_head: tuple[int, str] | None = None, chunk_size: int = 2000) -> Verdict:
    """Walk the whole chain; the first event that does not match ends the walk."""
    from .models import AuditEvent

    previous = GENESIS
    checked = 0
    head_id = None
    claims: dict[int, str] = {}
    if expect_head:
        claims[expect_head[0]] = expect_head[1]
    seen: dict[int, str] = {}
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=chunk_size):
        if event.previous_hash != previous:
            return Verdict(
                False,
                checked,
                head_id,
                previous,
                event.id,
                "its previous hash is not the hash of the event before it: an event before "
                "it was removed, inserted or changed along with its hash",
            )
        if content_hash(event) != event.hash:
            return Verdict(
                False,
                checked,
                head_id,
                previous,
                event.id,
                "its content no longer matches its hash: it was changed",
            )
        if event.kind == AuditEvent.Kind.HEAD:
            claimed_id, claimed_hash = event.data.get("head_id"), event.data.get("head_hash")
            if claimed_id is not None:
                claims.setdefault(int(claimed_id), str(claimed_hash))
        if event.id in claims:
            seen[event.id] = event.hash
        previous = event.hash
        head_id = event.id
        checked += 1
    for claimed_id, claimed_hash in sorted(claims.items()):
        if seen.get(claimed_id) != claimed_hash:
            return Verdict(
                False,
                checked,
                head_id,
                previous,
                claimed_id,
                "a recorded head is no longer in the chain with the hash recorded for it: "
                "events were removed or the chain was rewritten",
            )
    return Verdict(True, checked, head_id, previous)


def head_record(*, today=None):
    """The daily job: append an event recording the chain's current head (once a day) and
    email it to AUDIT_HEAD_EMAIL when that is set. Returns the new event, or None when
    today's head is recorded already."""
    from .models import AuditEvent
    from .outbox import outbox_enqueue

    today = today or timezone.localdate()
    with transaction.atomic():
        _lock(router.db_for_write(AuditEvent))
        recorded = AuditEvent.objects.filter(
            kind=AuditEvent.Kind.HEAD, data__day=today.isoformat()
        ).exists()
        if recorded:
            return None
        head = AuditEvent.objects.order_by("-id").values("id", "hash").first()
        event = AuditEvent(
            kind=AuditEvent.Kind.HEAD,
            subject_id=None,
            actor_id=None,
            source=AuditEvent.Source.SYSTEM,
            data={
                "day": today.isoformat(),
                "head_id": head["id"] if head else None,
                "head_hash": head["hash"] if head else GENESIS,
            },
        )
        event.save()
        if getattr(settings, "AUDIT_HEAD_EMAIL", ""):
            from .tasks import audit_head_email

            outbox_enqueue(
                audit_head_email, key=f"audit_head:{today.isoformat()}", event_id=event.pk
            )
    return event
