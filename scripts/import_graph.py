"""Print the import graph between the project's packages (docs/architecture.md shows it).

    python scripts/import_graph.py            # edges with the number of importing modules
    python scripts/import_graph.py --mermaid  # the same graph as a Mermaid flowchart

Only imports at module level and inside functions count; relative imports stay inside a
package.  tests/test_layers.py checks the same graph against the allowed layers."""
from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("webapp", "quizzes", "kb", "accounts", "laws", "core")


def imported_packages(path: Path) -> set[str]:
    """The top-level names a module imports (absolute imports only)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def package_graph(root: Path = ROOT) -> Counter:
    """(importer, imported) → number of modules of `importer` that import `imported`."""
    edges: Counter = Counter()
    for package in PACKAGES:
        for file in (root / package).rglob("*.py"):
            for target in imported_packages(file) & set(PACKAGES) - {package}:
                edges[package, target] += 1
    return edges


@click.command(help=__doc__.splitlines()[0])
@click.option("--mermaid", is_flag=True, help="print a Mermaid flowchart")
def main(mermaid: bool) -> None:
    edges = package_graph()
    if mermaid:
        click.echo("flowchart TD")
        for (source, target), count in sorted(edges.items()):
            click.echo(f"    {source} -->|{count}| {target}")
        return
    for (source, target), count in sorted(edges.items(), key=lambda e: PACKAGES.index(e[0][0])):
        click.echo(f"{source:>9} → {target:<9} {count:>4} modules")


if __name__ == "__main__":
    main()
