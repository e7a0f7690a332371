"""A practice log is never longer than its course's maximum (PracticeSettings.max_minutes, or
the default of 12 hours without a settings row), enforced by PostgreSQL.

The maximum lives in another table, so no CHECK constraint can say it: a trigger checks each
log when it is written or its duration or enrolment changes, as the sign-offs' append-only
trigger does (0002). Existing logs are not rechecked: a course that lowers its maximum later
does not make past logs invalid, and changing their status (a decision) does not fire the
trigger. On SQLite the practice service's own check (`practice_bounds`) is the rule.
"""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION assessments_practicelog_max_minutes() RETURNS trigger
LANGUAGE plpgsql AS
$$
DECLARE
    most integer;
BEGIN
    SELECT COALESCE(
        (SELECT s.max_minutes
           FROM assessments_practicesettings s
           JOIN courses_enrolment e ON e.course_id = s.course_id
          WHERE e.id = NEW.enrolment_id),
        %(default)s
    ) INTO most;
    IF NEW.duration_minutes > most THEN
        RAISE EXCEPTION 'A practice log may last at most %% minutes in its course', most
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'assessments_practicelog_max_minutes';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER assessments_practicelog_max_minutes
BEFORE INSERT OR UPDATE OF duration_minutes, enrolment_id ON assessments_practicelog
FOR EACH ROW EXECUTE FUNCTION assessments_practicelog_max_minutes();
"""

POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS assessments_practicelog_max_minutes ON assessments_practicelog;
DROP FUNCTION IF EXISTS assessments_practicelog_max_minutes();
"""

# The default maximum when a course has no PracticeSettings row (12 hours), as it was when
# this migration was written; PracticeSettings.DEFAULT_MAX_MINUTES says the same.
DEFAULT_MAX_MINUTES = 12 * 60


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # params=None: the SQL goes as it is (plpgsql's RAISE uses % for its own arguments).
        schema_editor.execute(POSTGRES_FORWARD % {"default": DEFAULT_MAX_MINUTES}, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_competencies"),
        ("courses", "0003_certificate_settings"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
