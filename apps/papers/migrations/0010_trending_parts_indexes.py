"""Indexes for the API's trending order read in two parts (PaperQuerySet.trending_parts):
a window's votes by time, and the published papers by votes then id.

Built CONCURRENTLY: on a full archive a plain CREATE INDEX would hold up ingest
and votes for the minutes it takes."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("papers", "0009_paper_doi_lower_idx"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="paper",
            index=models.Index(
                models.F("vote_count").desc(),
                models.F("id").asc(),
                condition=models.Q(status="published"),
                name="paper_published_votes_id_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="vote",
            index=models.Index(fields=["created_at"], name="vote_created_idx"),
        ),
    ]
