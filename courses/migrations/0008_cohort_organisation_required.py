import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("courses", "0007_first_organisation")]

    operations = [
        migrations.AlterField(
            model_name="cohort",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cohorts",
                to="courses.organisation",
                verbose_name="organisation",
            ),
        ),
    ]
