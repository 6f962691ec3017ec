"""Issue H (performance): an uploaded file is converted once per intake — the preview in
one process and the save in another (two gunicorn workers) share the converted text kept
in the data directory — and the version saved is searchable at once."""
import datetime as dt
import json
import os
import stat
from pathlib import Path

import pytest

import kb.intake_sources as intake_sources
from accounts.permissions import actor_of
from core.errors import InvalidInput
from kb.intake import IntakeMetadata
from kb.search import SearchFilters
from quizzes.services import open_services
from tests.support.statute_files import write_pdf

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
AUDIT_LAW_2021 = FIXTURES / "statutes" / "经济法" / "样例审计法(2021-10-23).md"
MARK = "本条为转换缓存测试新增的文字"
METADATA = IntakeMetadata(level="法律", new_version_of="样例审计法", promulgated=dt.date(2026, 6, 1),
                          effective=dt.date(2027, 1, 1))


@pytest.fixture
def conversions(monkeypatch):
    """The files really converted (the real convert_statute, counted)."""
    seen = []
    real = intake_sources.convert_statute

    def convert(data, filename):
        seen.append(filename)
        return real(data, filename)

    monkeypatch.setattr(intake_sources, "convert_statute", convert)
    return seen


@pytest.fixture
def other_worker(loaded_kb, settings, clock):
    """The same data directory opened again, as a second gunicorn worker has it."""
    services = open_services(settings, clock=clock)
    yield services
    services.close()


def amended_pdf() -> bytes:
    return write_pdf(AUDIT_LAW_2021.read_text(encoding="utf-8").replace("第一条 ", f"第一条 {MARK}。", 1))


def test_a_save_on_another_worker_reuses_the_previews_conversion(loaded_kb, other_worker, make_user,
                                                                  conversions):
    admin = actor_of(make_user("boss", role="admin"))
    loaded_kb.search.rebuild()
    data = amended_pdf()
    previewed = loaded_kb.intake.read(data, "审计法修正.pdf")
    result = other_worker.intake.save(admin, data, "审计法修正.pdf", METADATA)
    assert conversions == ["审计法修正.pdf"]
    assert result.outcome == "new" and result.articles == len(previewed.articles)
    saved = other_worker.library.versions(result.statute_id)
    assert any(v.version_date == dt.date(2026, 6, 1) for v in saved)
    # Searchable at once, from either worker.
    for services in (loaded_kb, other_worker):
        hits = services.search.search(MARK, SearchFilters(law="样例审计法")).hits
        assert any(h.version_date == dt.date(2026, 6, 1) for h in hits)


def test_the_kept_text_is_private_plain_data(loaded_kb):
    data = amended_pdf()
    loaded_kb.intake.read(data, "审计法修正.pdf")
    folder = loaded_kb.settings.data_dir / "intake-sources"
    entry, = folder.iterdir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and stat.S_IMODE(entry.stat().st_mode) == 0o600
    kept = json.loads(entry.read_text(encoding="utf-8"))
    assert MARK in kept["text"] and kept["text"].startswith("# ")


def test_a_damaged_entry_is_converted_again(loaded_kb, other_worker, conversions):
    data = amended_pdf()
    first = loaded_kb.intake.read(data, "审计法修正.pdf")
    entry, = (loaded_kb.settings.data_dir / "intake-sources").iterdir()
    entry.write_text('{"text": "# 截断', encoding="utf-8")  # a write cut short
    again = other_worker.intake.read(data, "审计法修正.pdf")
    assert len(conversions) == 2 and len(again.articles) == len(first.articles)


def test_the_name_is_part_of_the_key_and_failures_are_not_kept(loaded_kb, conversions):
    data = amended_pdf()
    loaded_kb.intake.read(data, "审计法修正.pdf")
    loaded_kb.intake.read(data, "另一个名字.pdf")
    assert conversions == ["审计法修正.pdf", "另一个名字.pdf"]
    for _ in range(2):
        with pytest.raises(InvalidInput, match="不完整"):
            loaded_kb.intake.read(data[:len(data) // 2], "截断.pdf")
    assert conversions[2:] == ["截断.pdf", "截断.pdf"]
    assert len(list((loaded_kb.settings.data_dir / "intake-sources").iterdir())) == 2


def test_entries_older_than_a_day_are_dropped(loaded_kb, clock):
    loaded_kb.intake.read(amended_pdf(), "审计法修正.pdf")
    folder = loaded_kb.settings.data_dir / "intake-sources"
    old, = folder.iterdir()
    stale = (clock.now() - dt.timedelta(hours=intake_sources.KEEP_HOURS + 1)).timestamp()
    os.utime(old, (stale, stale))
    loaded_kb.intake.read(AUDIT_LAW_2021.read_bytes(), "样例审计法.md")
    assert old.name not in {p.name for p in folder.iterdir()}
    assert len(list(folder.iterdir())) == 1
