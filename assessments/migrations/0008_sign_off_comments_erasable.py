"""Sign-offs stay append-only, with one exception for erasure (issue 18; lms.erasure,
assessments.erasure.sign_off_comments_clear): an UPDATE that blanks `comment` and changes
nothing else is let through, so a supervisor's words about an erased trainee can be deleted
while the decision, the signature and the digest stay. Every other UPDATE and every DELETE is
still refused, on practice and competency sign-offs alike (they share the function)."""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION assessments_signoff_append_only() RETURNS trigger
LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW.comment = ''
       AND (to_jsonb(NEW) - 'comment') = (to_jsonb(OLD) - 'comment') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Sign-offs are append-only';
END
$$;
"""

POSTGRES_BACKWARD = """
CREATE OR REPLACE FUNCTION assessments_signoff_append_only() RETURNS trigger
LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'Sign-offs are append-only'; END $$;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0007_quiz_translations")]

    operations = [migrations.RunPython(forward, backward)]
