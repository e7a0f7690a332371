# Certificate PDFs move from the media storage (MEDIA_ROOT/certificates/, which a web server
# may serve at /media/) to the private storage (PRIVATE_MEDIA_ROOT or the bucket's private/
# prefix), keeping their names, so the rows stay as they are. `manage.py move_private_files`
# does the same again, e.g. after restoring an old backup of the media folder.

import certificates.models
import lms.private_files
from django.db import migrations, models


def move_to_private(apps, schema_editor):
    from certificates.files import move_to_private

    move_to_private()


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0004_signatory_line_practice_supervisor'),
    ]

    operations = [
        migrations.AlterField(
            model_name='certificate',
            name='pdf',
            field=models.FileField(blank=True, max_length=200, storage=lms.private_files.private_storage, upload_to=certificates.models.certificate_pdf_path),
        ),
        # Reversing leaves the files where they are: the older code would not find them in
        # the private storage, so copy them back by hand if you ever downgrade.
        migrations.RunPython(move_to_private, migrations.RunPython.noop, elidable=True),
    ]
