from django.db import migrations, models


def create_curators_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="curation", model="dailypick")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="curate",
        defaults={"name": "Can curate: review queue, tags, daily picks"},
    )
    group, _ = Group.objects.get_or_create(name="curators")
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("curation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="dailypick",
            options={
                "ordering": ["-featured_on", "position"],
                "permissions": [("curate", "Can curate: review queue, tags, daily picks")],
            },
        ),
        migrations.AddField(
            model_name="dailypick",
            name="published",
            field=models.BooleanField(default=True),
        ),
        migrations.RunPython(create_curators_group, migrations.RunPython.noop),
    ]
