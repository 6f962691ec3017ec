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
# The one composition root sits at the top of the domain; the command line of `python -m kb`
# opens the domain through it like every other entry point (and reaches nothing else above kb).
COMPOSITION_ROOT = "quizzes.services"
ENTRY_POINTS = {"kb/cli.py"}


def imported_modules(path: Path, full: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name if full else alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module if full else node.module.split(".")[0])
    return names


def layer_imports(path: Path) -> set[str]:
    """The packages a module imports, leaving out the composition root for an entry point."""
    if path.relative_to(ROOT).as_posix() in ENTRY_POINTS:
        return {name.split(".")[0] for name in imported_modules(path, full=True) - {COMPOSITION_ROOT}}
    return imported_modules(path)


@pytest.mark.parametrize("package", sorted(ALLOWED_INTERNAL))
def test_domain_packages_do_not_import_the_web_stack(package):
    files = list((ROOT / package).rglob("*.py"))
    assert files
    for file in files:
        imported = layer_imports(file)
        assert not imported & FORBIDDEN, f"{file} imports {imported & FORBIDDEN}"
        internal = imported & PACKAGES
        assert internal <= ALLOWED_INTERNAL[package], f"{file} imports {internal}"


def test_nothing_imports_webapp_from_the_domain():
    for package in ALLOWED_INTERNAL:
        for file in (ROOT / package).rglob("*.py"):
            assert "webapp" not in imported_modules(file)


def test_only_named_entry_points_reach_the_composition_root():
    for package in ("core", "accounts", "laws", "kb"):
        for file in (ROOT / package).rglob("*.py"):
            if COMPOSITION_ROOT in imported_modules(file, full=True):
                assert file.relative_to(ROOT).as_posix() in ENTRY_POINTS, file
