"""The legal-time facts shipped with the product (kb/data/*.toml), read with tomllib.

effective_dates.toml: 施行日期 of amendments the consolidated texts do not state, each
naming its amending decision.  repeals.toml: repeals the corpus does not state, each
naming the repealing document.  Keys are `kb.citations.names.normalise_name` of titles.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb.citations.names import normalise_name

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class AmendmentDate:
    statute: str
    version: dt.date
    effective: dt.date
    decision: str
    clause: str


@dataclass(frozen=True)
class RepealEntry:
    statute: str
    repealed_on: dt.date
    by: str
    source: str


@dataclass(frozen=True)
class LegalTimeData:
    amendments: dict[tuple[str, dt.date], AmendmentDate]
    repeals: dict[str, RepealEntry]


def _read(path: Path, table: str) -> list[dict]:
    with path.open("rb") as handle:
        return tomllib.load(handle).get(table, [])


@lru_cache(maxsize=4)
def load_data(folder: Path = DATA_DIR) -> LegalTimeData:
    """Both files, checked: every entry names its source and its dates are dates."""
    amendments, repeals = {}, {}
    for entry in _read(folder / "effective_dates.toml", "amendment"):
        item = AmendmentDate(entry["statute"], entry["version"], entry["effective"],
                             entry["decision"], entry["clause"])
        if not (isinstance(item.version, dt.date) and isinstance(item.effective, dt.date)
                and item.decision and item.effective >= item.version):
            raise ValueError(f"effective_dates.toml: bad entry for {item.statute}")
        amendments[(normalise_name(item.statute), item.version)] = item
    for entry in _read(folder / "repeals.toml", "repeal"):
        item = RepealEntry(entry["statute"], entry["repealed_on"], entry["by"], entry["source"])
        if not (isinstance(item.repealed_on, dt.date) and item.by and item.source):
            raise ValueError(f"repeals.toml: bad entry for {item.statute}")
        repeals[normalise_name(item.statute)] = item
    return LegalTimeData(amendments, repeals)
