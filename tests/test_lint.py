"""The tree passes ruff (rules and exceptions in ruff.toml), so CI lints with the tests; and
lint-style checks of the tree that ruff cannot express."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_tree_passes_ruff():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"ruff check . found problems:\n{result.stdout}{result.stderr}"


# One form technique (issue L): every posted value is read through a WTForms form.  Only
# the forms module, where Flask-WTF binds the request to a form, may name request.form.
FORM_PLUMBING = {"webapp/common/forms.py"}
RAW_FORM = re.compile(r"\brequest\.(form|values)\b")


def test_only_the_form_plumbing_reads_request_form():
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in sorted((ROOT / "webapp").rglob("*"))
             if path.suffix in (".py", ".html") and path.relative_to(ROOT).as_posix() not in FORM_PLUMBING
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if RAW_FORM.search(line)]
    assert not found, "read posted values through a form (webapp/<area>/forms.py):\n" + "\n".join(found)
