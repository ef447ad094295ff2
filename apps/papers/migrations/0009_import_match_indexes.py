"""Indexes for a BibTeX import's matches: DOI (case-blind) and title key.

Built CONCURRENTLY: on a full archive a plain CREATE INDEX would hold up ingest
and votes for the minutes it takes."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models
from django.db.models.functions import Lower


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("papers", "0008_paper_keyphrases_links"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="paper",
            index=models.Index(
                Lower("doi"), condition=~models.Q(doi=""), name="paper_doi_lower_idx"
            ),
        ),
        AddIndexConcurrently(
            model_name="paper",
            index=models.Index(fields=["title_key"], name="paper_title_key_idx"),
        ),
    ]
