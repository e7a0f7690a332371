"""The audit log becomes a hash chain (lms.audit_chain), filed by organisation, and
append-only in PostgreSQL by trigger.

Events written before this migration are chained here in id order; they are filed under no
organisation (national admins read them; a person's own history page still shows them).
The hash format is copied below rather than imported, so this migration keeps computing
what it computed when it was written.
"""

import hashlib
import json
from datetime import UTC

from django.db import migrations, models

GENESIS = "0" * 64

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION lms_auditevent_append_only() RETURNS trigger
LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'Audit events are append-only'; END $$;
CREATE TRIGGER lms_auditevent_append_only BEFORE UPDATE OR DELETE
ON lms_auditevent FOR EACH ROW EXECUTE FUNCTION lms_auditevent_append_only();
"""

POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS lms_auditevent_append_only ON lms_auditevent;
DROP FUNCTION IF EXISTS lms_auditevent_append_only();
"""


def _hash(event) -> str:
    payload = {
        "actor_id": event.actor_id,
        "data": event.data,
        "kind": event.kind,
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "organisations": event.organisations,
        "previous_hash": event.previous_hash,
        "source": event.source,
        "subject_id": event.subject_id,
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def chain_existing(apps, schema_editor):
    AuditEvent = apps.get_model("lms", "AuditEvent")
    db = schema_editor.connection.alias
    previous = GENESIS
    for event in AuditEvent.objects.using(db).order_by("id").iterator(chunk_size=2000):
        event.previous_hash = previous
        event.hash = _hash(event)
        AuditEvent.objects.using(db).filter(pk=event.pk).update(
            previous_hash=event.previous_hash, hash=event.hash
        )
        previous = event.hash


def postgres_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)


def postgres_guard_remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0006_notices"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="organisations",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                help_text="Ids of the subject's organisations when written, as ,1,2, (empty: none).",
                max_length=255,
                verbose_name="organisations",
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="previous hash"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="subject_id",
            field=models.PositiveBigIntegerField(
                blank=True,
                editable=False,
                help_text="Whose account or record it concerns; empty for the chain's own events.",
                null=True,
                verbose_name="subject id",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("account_created", "Account created"),
                    ("account_deleted", "Account deleted"),
                    ("roles_changed", "Roles changed"),
                    ("superuser_changed", "Administrator access changed"),
                    ("active_changed", "Active flag changed"),
                    ("email_changed", "Email address changed"),
                    ("practice_signed_off", "Practice log decided"),
                    ("competency_signed_off", "Competency signed off"),
                    ("certificate_event", "Certificate event"),
                    ("record_viewed", "Practice record opened"),
                    ("chain_head_recorded", "Audit chain head recorded"),
                ],
                editable=False,
                max_length=32,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(editable=False, max_length=64, unique=True, verbose_name="hash"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["kind", "id"], name="lms_audit_kind_idx"),
        ),
        migrations.RunPython(postgres_guard, postgres_guard_remove),
    ]
