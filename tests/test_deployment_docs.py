"""docs/deployment.md lists every environment variable the settings read."""

import ast

from .conftest import BASE_DIR

READERS = {"os.environ.get", "env_bool", "env_list", "env_required", "env_required_in_production"}


def variables_read_by_settings() -> set[str]:
    tree = ast.parse((BASE_DIR / "papers_site" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in READERS and node.args:
            argument = node.args[0]
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            argument = node.slice
        elif isinstance(node, ast.Compare) and ast.unparse(node.comparators[0]) == "os.environ":
            argument = node.left
        else:
            continue
        if isinstance(argument, ast.Constant):
            names.add(argument.value)
    return names


def test_every_environment_variable_of_the_settings_is_documented():
    docs = (BASE_DIR / "docs" / "deployment.md").read_text()
    names = variables_read_by_settings()

    assert len(names) > 50  # the parser still finds them
    assert {name for name in names if f"`{name}`" not in docs} == set()


def test_the_readme_links_the_deployment_guide():
    assert "(docs/deployment.md)" in (BASE_DIR / "README.md").read_text()
