"""Curation services: every write of the dashboard, the API and the worker, audited."""
