"""The layers point one way: webapp → quizzes → kb → accounts → core, and laws → core.
Nothing below webapp imports the web stack."""
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


def test_the_printed_import_graph_follows_the_layers():
    """scripts/import_graph.py (the picture in docs/architecture.md) sees every package and
    only arrows the layers allow."""
    edges = import_graph.package_graph()
    chain = ("webapp", "quizzes", "kb", "accounts", "core")
    assert all((upper, lower) in edges for upper, lower in zip(chain, chain[1:]))
    for source, target in edges:
        assert source == "webapp" or target in ALLOWED_INTERNAL[source], (source, target)
