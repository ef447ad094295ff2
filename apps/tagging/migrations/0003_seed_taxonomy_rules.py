"""The starting taxonomy (20 topic tags) and each tag's starting rules.

Existing tags keep their names; a rule already there is left alone.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent.parent / "papers" / "data" / "tag_taxonomy.json"
RULES = Path(__file__).resolve().parent.parent / "data" / "default_rules.json"


def seed(apps, schema_editor):
    Tag = apps.get_model("papers", "Tag")
    TagRule = apps.get_model("tagging", "TagRule")
    tags = {}
    for item in json.loads(DATA.read_text("utf-8")):
        tag, created = Tag.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "description": item["description"]}
        )
        if not created and not tag.description:
            tag.description = item["description"]
            tag.save(update_fields=["description"])
        tags[item["slug"]] = tag
    for slug, rules in json.loads(RULES.read_text("utf-8")).items():
        if slug in tags:
            for kind, pattern, weight in rules:
                TagRule.objects.get_or_create(
                    tag=tags[slug], kind=kind, pattern=pattern, defaults={"weight": weight}
                )


class Migration(migrations.Migration):
    dependencies = [("tagging", "0002_rules_versions"), ("papers", "0008_paper_keyphrases_links")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
