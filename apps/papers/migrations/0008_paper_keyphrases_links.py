import django.contrib.postgres.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("papers", "0007_tagfollow"),
    ]

    operations = [
        migrations.AddField(
            model_name="paper",
            name="keyphrases",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=60),
                blank=True,
                db_default=[],
                default=list,
                size=None,
            ),
        ),
        migrations.AddField(
            model_name="paper",
            name="resource_links",
            field=models.JSONField(blank=True, db_default=[], default=list),
        ),
    ]
