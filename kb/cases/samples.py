"""The sample audit cases shipped with the product (kb/cases/samples/*.md): fictional
units, real articles.  Loading them twice changes nothing (they are matched by uid)."""
from __future__ import annotations

from pathlib import Path

from kb.cases.transfer import CaseTransfer, TransferReport
from accounts.permissions import SYSTEM
from core.actor import Actor

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"


def load_sample_cases(transfer: CaseTransfer, *, actor: Actor = SYSTEM,
                      folder: Path = SAMPLES_DIR) -> TransferReport:
    return transfer.import_path(actor, folder)
