"""The layers point one way: webapp → quizzes → kb → accounts → core, and laws → core.
Nothing below webapp imports the web stack."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"flask", "werkzeug", "apscheduler", "flask_wtf", "webapp"}
ALLOWED_INTERNAL = {
    "core": {"core"},
    "accounts": {"core", "accounts"},
    "laws": {"core", "laws"},
    "kb": {"core", "accounts", "laws", "kb"},
    "quizzes": {"core", "accounts", "laws", "kb", "quizzes"},
}
PACKAGES = {"core", "accounts", "laws", "kb", "quizzes", "webapp"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(ALLOWED_INTERNAL))
def test_domain_packages_do_not_import_the_web_stack(package):
    files = list((ROOT / package).rglob("*.py"))
    assert files
    for file in files:
        imported = imported_modules(file)
        assert not imported & FORBIDDEN, f"{file} imports {imported & FORBIDDEN}"
        internal = imported & PACKAGES
        assert internal <= ALLOWED_INTERNAL[package], f"{file} imports {internal}"


def test_nothing_imports_webapp_from_the_domain():
    for package in ALLOWED_INTERNAL:
        for file in (ROOT / package).rglob("*.py"):
            assert "webapp" not in imported_modules(file)
