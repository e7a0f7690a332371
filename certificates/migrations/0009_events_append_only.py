"""Certificate events are append-only in PostgreSQL too (the model refuses on any database):
the history an auditor reads, chained into lms's audit log as each is written."""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION certificates_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'Certificate events are append-only'; END $$;
CREATE TRIGGER certificates_event_append_only BEFORE UPDATE OR DELETE
ON certificates_certificateevent FOR EACH ROW EXECUTE FUNCTION certificates_event_append_only();
"""

POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS certificates_event_append_only ON certificates_certificateevent;
DROP FUNCTION IF EXISTS certificates_event_append_only();
"""


def postgres_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)


def postgres_guard_remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0008_progress_snapshot"),
    ]

    operations = [
        migrations.RunPython(postgres_guard, postgres_guard_remove),
    ]
