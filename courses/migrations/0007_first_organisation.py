"""Existing installations upgrade into one organisation (issue 17).

If there is anything to place (cohorts or people), the first organisation is created and
named after the installation (SITE_NAME); every cohort joins it, every
programme admin becomes one of its admins, and every other account a member, so each
programme admin keeps seeing whom they saw before the upgrade. A new database gets its
first organisation from `setup_site` instead.
"""

from django.conf import settings
from django.db import migrations


def _first_name():
    return (getattr(settings, "WAGTAIL_SITE_NAME", "") or "").strip() or "Our organisation"


def first_organisation(apps, schema_editor):
    Organisation = apps.get_model("courses", "Organisation")
    Cohort = apps.get_model("courses", "Cohort")
    User = apps.get_model("lms", "User")
    if not (Cohort.objects.exists() or User.objects.exists()):
        return
    organisation = Organisation.objects.order_by("pk").first()
    if organisation is None:
        organisation = Organisation.objects.create(name=_first_name())
    Cohort.objects.filter(organisation__isnull=True).update(organisation=organisation)
    admins = User.objects.filter(groups__name="Programme admin").distinct()
    organisation.admins.add(*admins)
    members = User.objects.exclude(groups__name="Programme admin").exclude(is_superuser=True)
    organisation.members.add(*members)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_organisations"),
        ("lms", "0001_initial"),
    ]

    operations = [migrations.RunPython(first_organisation, migrations.RunPython.noop)]
