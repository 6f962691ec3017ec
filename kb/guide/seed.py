"""Loading the guide's starting entries from its data file (kb/guide/data/findings.toml).

The file is the reviewed source of the entries shipped with the product; seeding creates
the entries a database lacks and leaves entries trainers have edited alone (unless asked
to overwrite them).  `expect` lists in the file are words the cited article must contain:
tests/kb/test_guide_corpus.py checks them against the real statutes.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import KbError, InvalidInput
from kb.guide.service import GuideService
from kb.guide.values import BasisInput, GuideInput
from accounts.permissions import SYSTEM
from core.actor import Actor

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "findings.toml"


@dataclass(frozen=True)
class SeedBasis:
    basis: BasisInput
    expect: tuple[str, ...]


@dataclass(frozen=True)
class SeedEntry:
    data: GuideInput
    characterisation: tuple[SeedBasis, ...]
    sanction: tuple[SeedBasis, ...]


@dataclass
class SeedSummary:
    created: int = 0
    updated: int = 0
    kept: int = 0
    errors: list[str] = field(default_factory=list)


def _basis(raw: dict, where: str) -> SeedBasis:
    try:
        basis = BasisInput(raw["law"], int(raw["article"]), int(raw.get("suffix", 0)),
                           raw.get("paragraph"), raw.get("item"), raw.get("note", ""))
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidInput(f"{where}：依据格式不正确（{error}）") from None
    return SeedBasis(basis, tuple(raw.get("expect", ())))


def read_seed(path: Path = DEFAULT_FILE) -> list[SeedEntry]:
    """Parse the data file; InvalidInput names the entry that is malformed."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise InvalidInput(f"无法读取指南数据文件 {path}：{error}") from None
    entries = []
    for item in raw.get("finding", []):
        where = f"指南条目“{item.get('slug', '?')}”"
        chars = tuple(_basis(b, where) for b in item.get("characterisation", []))
        sanctions = tuple(_basis(b, where) for b in item.get("sanction", []))
        data = GuideInput(item.get("slug", ""), item.get("title", ""), item.get("category", ""),
                          tuple(item.get("keywords", ())), item.get("description", ""),
                          item.get("advice", ""), tuple(b.basis for b in chars),
                          tuple(b.basis for b in sanctions), tuple(item.get("cases", ())))
        entries.append(SeedEntry(data, chars, sanctions))
    return entries


def seed_guide(service: GuideService, path: Path = DEFAULT_FILE, *,
               actor: Actor = SYSTEM, overwrite: bool = False) -> SeedSummary:
    """Create missing entries (and with `overwrite`, replace existing ones)."""
    summary = SeedSummary()
    existing = {e.slug: e for e in service.list_entries()}
    for entry in read_seed(path):
        slug = entry.data.slug
        try:
            if slug not in existing:
                service.create_entry(actor, entry.data)
                summary.created += 1
            elif overwrite:
                service.update_entry(actor, slug, entry.data, existing[slug].revision)
                summary.updated += 1
            else:
                summary.kept += 1
        except KbError as error:
            summary.errors.append(f"{slug}：{error}")
    return summary
