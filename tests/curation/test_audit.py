"""The audit log: written by the services, browsable and filterable, never editable."""

import re
from pathlib import Path

import pytest

from apps.curation.audit import audit_record
from apps.curation.models import AuditEntry
from tests.factories import PaperFactory, UserFactory

pytestmark = pytest.mark.django_db
APPS = Path(__file__).resolve().parents[2] / "apps"


@pytest.fixture
def paper(db):
    return PaperFactory()


@pytest.fixture
def entry(editor, paper):
    return audit_record(actor=editor, action="approve", obj=paper, paper=paper,
                        before={"status": "pending"}, after={"status": "published"})  # fmt: skip


def test_the_log_page_lists_and_filters_entries(editor_client, entry, paper, other_editor):
    audit_record(actor=other_editor, action="reject", obj=paper, paper=paper)

    everything = editor_client.get("/curate/audit/").context["entries"]
    approvals = editor_client.get("/curate/audit/?action=approve").context["entries"]
    by_olga = editor_client.get("/curate/audit/?actor=olga").context["entries"]
    by_object = editor_client.get(f"/curate/audit/?object={entry.object_id}").context["entries"]

    assert [e.action for e in everything] == ["reject", "approve"]
    assert [e.action for e in approvals] == ["approve"]
    assert [e.action for e in by_olga] == ["reject"]
    assert len(by_object) == 2
    assert editor_client.get("/curate/audit/?from=soon").status_code == 400


def test_no_view_writes_the_log(editor_client, entry):
    for method in ("post", "put", "patch", "delete"):
        assert getattr(editor_client, method)("/curate/audit/").status_code == 405
    assert AuditEntry.objects.count() == 1


def test_the_admin_shows_entries_read_only(client, entry):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    base = "/admin/curation/auditentry/"

    assert client.get(base).status_code == 200
    assert client.get(f"{base}add/").status_code == 403
    assert client.get(f"{base}{entry.pk}/delete/").status_code == 403
    change = client.post(f"{base}{entry.pk}/change/", {"action": "forged"})
    entry.refresh_from_db()
    assert change.status_code == 403
    assert entry.action == "approve"


def test_only_the_audit_module_creates_entries():
    """No view, serializer or admin writes AuditEntry rows: only apps/curation/audit.py."""
    writes = re.compile(
        r"AuditEntry\.objects\.(create|update|bulk_create|filter\([^)]*\)\.(update|delete))"
    )
    writers = [
        path.relative_to(APPS).as_posix()
        for path in APPS.rglob("*.py")
        if "migrations" not in path.parts and writes.search(path.read_text())
    ]
    assert writers == ["curation/audit.py"]
