from django.db import migrations, models


class Migration(migrations.Migration):
    """Drop the full b-trees on title_key, keeping the partial unique index.

    Lookups by title_key go through paper_unique_title_key_without_arxiv_id;
    Django's own AlterField would drop that constraint's index too.
    """

    dependencies = [
        ("papers", "0002_search_votes_listing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="paper",
                    name="title_key",
                    field=models.CharField(editable=False, max_length=500),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=[
                        'DROP INDEX IF EXISTS "papers_paper_title_key_c8504feb"',
                        'DROP INDEX IF EXISTS "papers_paper_title_key_c8504feb_like"',
                    ],
                    reverse_sql=[
                        'CREATE INDEX "papers_paper_title_key_c8504feb" '
                        'ON "papers_paper" ("title_key")',
                        'CREATE INDEX "papers_paper_title_key_c8504feb_like" '
                        'ON "papers_paper" ("title_key" varchar_pattern_ops)',
                    ],
                ),
            ],
        ),
    ]
