"""Reading and writing the labelled citation sets in bench/data (one reference per line,
so a reviewer can read and diff them)."""
from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def dump(data: dict, path: Path) -> None:
    lines = ["{", f'  "description": {json.dumps(data["description"], ensure_ascii=False)},',
             '  "documents": [']
    docs = data["documents"]
    for i, doc in enumerate(docs):
        head = {k: v for k, v in doc.items() if k != "references"}
        lines.append("    {" + json.dumps(head, ensure_ascii=False)[1:-1] + ', "references": [')
        refs = doc["references"]
        for j, ref in enumerate(refs):
            comma = "," if j < len(refs) - 1 else ""
            lines.append("      " + json.dumps(ref, ensure_ascii=False) + comma)
        lines.append("    ]}" + ("," if i < len(docs) - 1 else ""))
    lines += ["  ]", "}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
