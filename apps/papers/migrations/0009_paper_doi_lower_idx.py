"""An index for a BibTeX import's DOI matches (case-blind; papers with a DOI only).

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
    ]
