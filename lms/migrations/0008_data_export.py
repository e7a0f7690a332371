"""People's copies of their data (lms.DataExport, lms/data_export.py), and the audit kind
that records each one asked for ("data_exported")."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import lms.models
import lms.private_files


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0007_audit_chain"),
    ]

    operations = [
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
                    ("data_exported", "Data export produced"),
                ],
                editable=False,
                max_length=32,
                verbose_name="kind",
            ),
        ),
        migrations.CreateModel(
            name="DataExport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Being prepared"),
                            ("ready", "Ready"),
                            ("failed", "Could not be prepared"),
                            ("expired", "Expired"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="asked for at"
                    ),
                ),
                ("ready_at", models.DateTimeField(blank=True, null=True, verbose_name="ready at")),
                (
                    "expires_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="expires at"),
                ),
                (
                    "file",
                    models.FileField(
                        blank=True,
                        max_length=200,
                        storage=lms.private_files.private_storage,
                        upload_to=lms.models.data_export_path,
                        verbose_name="file",
                    ),
                ),
                ("size", models.PositiveBigIntegerField(default=0, verbose_name="size in bytes")),
                (
                    "attempts",
                    models.PositiveSmallIntegerField(default=0, verbose_name="failed attempts"),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="data_exports",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="requested by",
                    ),
                ),
            ],
            options={
                "verbose_name": "data export",
                "verbose_name_plural": "data exports",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["person", "-created_at"], name="lms_dataexport_person_idx"
                    ),
                    models.Index(fields=["status", "expires_at"], name="lms_dataexport_expiry_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "pending")),
                        fields=("person",),
                        name="lms_dataexport_one_pending",
                    )
                ],
            },
        ),
    ]
