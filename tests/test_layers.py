"""The layers point one way: webapp → quizzes → kb → accounts → core, and laws → core.
Nothing below webapp imports the web stack."""
import ast
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" / "import_graph.py")
import_graph = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(import_graph)
imported_modules = import_graph.imported_packages

FORBIDDEN = {"flask", "werkzeug", "apscheduler", "flask_wtf", "webapp"}
ALLOWED_INTERNAL = {
    "core": {"core"},
    "accounts": {"core", "accounts"},
    "laws": {"core", "laws"},
    "kb": {"core", "accounts", "laws", "kb"},
    "quizzes": {"core", "accounts", "laws", "kb", "quizzes"},
}
PACKAGES = set(import_graph.PACKAGES)
# The one composition root sits at the top of the domain; the command line of `python -m kb`
# opens the domain through it like every other entry point, and reaches nothing else above kb.
COMPOSITION_ROOT = "quizzes.services"
# The command-line package of `python -m kb` (kb/cli/).
ENTRY_POINT = "kb/cli/"


def imported_module_names(path: Path) -> set[str]:
    """The full names of the modules a module imports (absolute imports only)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def layer_imports(path: Path) -> set[str]:
    """The packages a module imports, leaving out the composition root for an entry point."""
    if path.relative_to(ROOT).as_posix().startswith(ENTRY_POINT):
        return {name.split(".")[0] for name in imported_module_names(path) - {COMPOSITION_ROOT}}
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


def test_the_printed_import_graph_follows_the_layers():
    """scripts/import_graph.py (the picture in docs/architecture.md) sees every package and
    only arrows the layers allow."""
    edges = import_graph.package_graph()
    chain = ("webapp", "quizzes", "kb", "accounts", "core")
    assert all((upper, lower) in edges for upper, lower in zip(chain, chain[1:]))
    for source, target in edges:
        if (source, target) == ("kb", "quizzes"):
            continue  # the command line's entry point: test_only_named_entry_points_…
        assert source == "webapp" or target in ALLOWED_INTERNAL[source], (source, target)


def test_only_named_entry_points_reach_the_composition_root():
    for package in ("core", "accounts", "laws", "kb"):
        for file in (ROOT / package).rglob("*.py"):
            if "quizzes" in imported_modules(file):
                assert file.relative_to(ROOT).as_posix().startswith(ENTRY_POINT), file
                assert {n for n in imported_module_names(file) if n.startswith("quizzes")} == {COMPOSITION_ROOT}
