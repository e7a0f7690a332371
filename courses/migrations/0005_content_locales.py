"""A Wagtail locale for every content language (settings.WAGTAIL_CONTENT_LANGUAGES, which
follows LANGUAGES): Hindi at first. Wagtail's own migration made the default one."""

from django.conf import settings
from django.db import migrations


def locales_create(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES):
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_content_version"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(locales_create, migrations.RunPython.noop)]
