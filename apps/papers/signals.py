"""Hooks for the apps above papers (papers never imports them)."""

from django.dispatch import Signal

# Sent by paper_upsert_many inside each batch's transaction, with `paper_ids`: the
# papers a newer version just updated (title, abstract or any other field). Receivers
# run in that transaction, so what they write commits (or rolls back) with the batch;
# apps.annotations re-anchors its notes on the new text.
papers_revised = Signal()
