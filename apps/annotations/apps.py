from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "apps.annotations"

    def ready(self) -> None:
        from apps.papers.signals import papers_revised

        from .hooks import reanchor_revised_papers

        # Every upsert path (ingest runs, the demo listing, commands) re-anchors notes
        # on a paper's new version in the same transaction that stores it.
        papers_revised.connect(reanchor_revised_papers, dispatch_uid="annotations.reanchor")
