"""The apps depend one way (pyproject.toml [tool.importlinter]); `make lint` checks it."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps

from tests.conftest import BASE_DIR

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"], cwd=root, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def checkout_copy(tmp_path: Path) -> Path:
    shutil.copytree(
        BASE_DIR / "apps", tmp_path / "apps", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(BASE_DIR / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_contracts_hold():
    result = lint_imports(BASE_DIR)

    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_a_lower_app_importing_a_higher_one_even_lazily_breaks_them(checkout_copy):
    (checkout_copy / "apps" / "papers" / "reversed.py").write_text(
        "def lazily():\n    from apps.curation.models import DailyPick\n\n    return DailyPick\n"
    )

    result = lint_imports(checkout_copy)

    assert result.returncode != 0
    assert "apps.papers.reversed -> apps.curation.models" in result.stdout


def test_an_ingest_service_importing_its_tasks_breaks_them(checkout_copy):
    services = checkout_copy / "apps" / "ingest" / "services.py"
    services.write_text(services.read_text() + "\nfrom .tasks import merge_search_indexes\n")

    result = lint_imports(checkout_copy)

    assert result.returncode != 0
    assert "apps.ingest.services is not allowed to import apps.ingest.tasks" in result.stdout


def test_no_sql_string_names_another_apps_table():
    """Raw SQL reaches another app's table through its model (Model._meta.db_table)."""
    owners = {model._meta.db_table: model._meta.app_label for model in apps.get_models()}
    names = "|".join(map(re.escape, owners))
    table = re.compile(rf"\b(?:{names})\b")
    trespasses = []
    for path in (BASE_DIR / "apps").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        app = path.relative_to(BASE_DIR / "apps").parts[0]
        for name in table.findall(path.read_text()):
            if owners[name] != app:
                trespasses.append(f"{path.relative_to(BASE_DIR)}: {name}")
    assert trespasses == []
