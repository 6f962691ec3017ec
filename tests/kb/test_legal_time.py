"""Legal time (issue G): 公布/施行 dates and their sources, status on a date, the version
in force, repeals, and administrators' corrections with their bad inputs."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from core.errors import InvalidInput
from kb.cli import main
from kb.importer import Importer
from kb.legal_time.data import DATA_DIR, load_data
from kb.legal_time.models import LegalTimeCorrection
from kb.legal_time.rules import ABSENT, IN_FORCE, NOT_YET, REPEALED, Repeal, in_force_on, version_status
from kb.models import STATUS_AMENDED, STATUS_CURRENT, STATUS_PENDING, STATUS_REPEALED
from core.actor import Actor
from accounts.security_log import EventQuery

D = dt.date
ADMIN = Actor(1, username="admin", ip="10.0.0.1")


@dataclass(frozen=True)
class V:
    version_date: dt.date
    effective_date: dt.date | None
    promulgated: dt.date | None = None
    events: tuple = ()


AMENDED = ({"date": "1994-08-31", "kind": "通过"}, {"date": "2021-10-23", "kind": "修正"})


# -- the rules -------------------------------------------------------------------------
def test_between_promulgation_and_effect_the_new_text_is_pending_and_the_old_in_force():
    old, new = V(D(2017, 11, 4), None), V(D(2024, 6, 28), D(2024, 7, 1), events=AMENDED)
    versions = [old, new]
    found = in_force_on(versions, D(2024, 6, 30), None, older_exists=True)
    assert found.state == IN_FORCE and found.version is old
    assert version_status(versions, new, D(2024, 6, 30), None) == STATUS_PENDING
    assert version_status(versions, old, D(2024, 6, 30), None) == STATUS_CURRENT
    assert version_status(versions, old, D(2024, 7, 1), None) == STATUS_AMENDED
    assert in_force_on(versions, D(2024, 7, 1), None, True).version is new


def test_a_date_under_a_text_the_library_lacks_is_said_plainly():
    only = V(D(2021, 10, 23), D(2022, 1, 1), events=AMENDED)
    found = in_force_on([only], D(2021, 12, 1), None, older_exists=True)
    assert (found.state, found.shown) == (ABSENT, only)
    assert found.message == "库中没有 2021-12-01 时有效的版本；现有 2021 年修正文本自 2022-01-01 起施行"


def test_before_an_original_text_took_effect_the_statute_was_not_yet_in_force():
    code = V(D(2020, 5, 28), D(2021, 1, 1))
    found = in_force_on([code], D(2020, 12, 31), None, older_exists=False)
    assert found.state == NOT_YET and "尚未施行" in found.message


def test_after_its_repeal_no_version_is_in_force():
    text = V(D(1999, 12, 29), D(1999, 12, 29))
    repeal = Repeal(D(2021, 1, 1), "最高人民法院关于废止部分司法解释及相关规范性文件的决定")
    assert in_force_on([text], D(2021, 1, 1), repeal, False).state == REPEALED
    assert in_force_on([text], D(2020, 12, 31), repeal, False).state == IN_FORCE
    assert version_status([text], text, D(2021, 1, 1), repeal.on) == STATUS_REPEALED


# -- the shipped data ------------------------------------------------------------------
def test_every_shipped_fact_names_its_source():
    data = load_data()
    assert data.amendments and data.repeals
    assert all("决定" in a.decision and a.clause.startswith("本决定自") for a in data.amendments.values())
    assert all(r.by and r.source for r in data.repeals.values())


def test_an_entry_without_its_source_is_refused(tmp_path):
    shutil.copy(DATA_DIR / "repeals.toml", tmp_path / "repeals.toml")
    (tmp_path / "effective_dates.toml").write_text(
        '[[amendment]]\nstatute = "某法"\nversion = 2021-10-23\neffective = 2022-01-01\n'
        'decision = ""\nclause = ""\n', encoding="utf-8")
    with pytest.raises(ValueError):
        load_data(tmp_path)


# -- the fixture library ---------------------------------------------------------------
def test_versions_carry_dates_and_their_source(loaded_kb):
    lib = loaded_kb.library
    old, new = lib.versions(lib.find_statute("样例审计法").id)
    assert (old.promulgated, old.effective_date, old.effective_source) == (D(2006, 2, 28), None, "none")
    assert (new.effective_date, new.effective_source) == (D(2022, 1, 1), "header")


def test_show_answers_with_legal_time(loaded_kb):
    before = loaded_kb.library.get_article("样例审计法", 1, D(2021, 12, 1)).to_json()
    assert before["version_date"] == "2006-02-28" and before["in_force_on_date"] is True
    assert before["status"] == STATUS_CURRENT and before["effective_source"] == "none"
    pending = loaded_kb.library.get_article("样例审计法", 1, D(2021, 12, 1),
                                             version_id=_version_id(loaded_kb, D(2021, 10, 23)))
    assert pending.version.status == STATUS_PENDING and pending.in_force_on_date is False
    today = loaded_kb.library.get_article("样例审计法", 1).to_json()
    assert today["in_force_on_date"] is None and today["status"] == STATUS_CURRENT
    assert today["effective"] == "2022-01-01" and today["repealed_on"] is None


def _version_id(kb, version_date):
    statute = kb.library.find_statute("样例审计法").id
    return next(v.id for v in kb.library.versions(statute) if v.version_date == version_date)


# -- corrections -----------------------------------------------------------------------
def _count(kb) -> int:
    with kb.db.session() as session:
        return session.scalar(select(func.count(LegalTimeCorrection.id)))


@pytest.mark.parametrize("promulgated, effective, message", [
    (None, D(2006, 1, 1), "早于公布日期"),
    (D(2006, 3, 1), D(2006, 2, 28), "早于公布日期"),
    (None, D(2200, 1, 1), "太远"),
    (D(1900, 1, 1), None, "早于 1949-10-01"),
    (None, None, "至少填写"),
])
def test_bad_dates_are_refused_and_nothing_is_saved(loaded_kb, promulgated, effective, message):
    statute = loaded_kb.library.find_statute("样例审计法").id
    with pytest.raises(InvalidInput, match=message):
        loaded_kb.legal_time.correct_dates(ADMIN, statute, _version_id(loaded_kb, D(2006, 2, 28)),
                                           promulgated, effective, "某决定")
    assert _count(loaded_kb) == 0
    assert loaded_kb.library.versions(statute)[0].effective_date is None


def test_bad_repeals_and_unknown_statutes_are_refused(loaded_kb):
    admin = loaded_kb.legal_time
    statute = loaded_kb.library.find_statute("样例审计法").id
    with pytest.raises(InvalidInput, match="早于该法规的公布日期"):
        admin.correct_repeal(ADMIN, statute, D(2000, 1, 1), "某决定", "某决定")
    with pytest.raises(InvalidInput, match="没有编号为 999999 的法规"):
        admin.correct_repeal(ADMIN, 999999, D(2023, 1, 1), "某决定", "某决定")
    with pytest.raises(InvalidInput, match="没有编号为 999999 的法规"):
        admin.correct_dates(ADMIN, 999999, 1, None, D(2023, 1, 1), "某决定")
    with pytest.raises(InvalidInput, match="依据"):
        admin.correct_repeal(ADMIN, statute, D(2023, 1, 1), "某决定", "  ")
    with pytest.raises(InvalidInput, match="太远"):
        admin.correct_repeal(ADMIN, statute, D(2999, 1, 1), "某决定", "某决定")
    assert _count(loaded_kb) == 0
    assert loaded_kb.library.get_statute(statute).repealed_on is None


def test_a_correction_is_applied_logged_and_survives_a_reimport(kb, statutes_path, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(statutes_path, corpus)
    Importer(kb.db).import_path(corpus)
    statute = kb.library.find_statute("样例审计法").id
    old = _version_id(kb, D(2006, 2, 28))
    kb.legal_time.correct_dates(ADMIN, statute, old, None, D(2006, 6, 1), "第十届全国人大常委会修改决定")
    kb.legal_time.correct_repeal(ADMIN, statute, D(2025, 1, 1), "某新法", "某新法第九十条")
    version = kb.library.versions(statute)[0]
    assert (version.effective_date, version.effective_source) == (D(2006, 6, 1), "admin")
    assert kb.library.get_statute(statute).repealed_by == "某新法"
    events = kb.security_log.page(EventQuery(action="legal_time_corrected")).items
    assert len(events) == 2 and "2006-06-01" in events[-1].detail + events[0].detail
    changed = next(corpus.rglob("样例审计法(2006-02-28).md"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    summary = Importer(kb.db).import_path(corpus)
    assert summary.updated_versions == 1
    assert kb.library.versions(statute)[0].effective_date == D(2006, 6, 1)
    assert kb.library.statute_status(statute, D(2025, 1, 1)) == STATUS_REPEALED
    assert [c.field for c in kb.legal_time.history(statute)] == ["repeal", "effective"]


def test_an_undated_text_cites_the_version_in_force_today(loaded_kb, clock):
    """Quiz explanations have no date: their references follow today's version."""
    clock.set(dt.datetime(2021, 12, 1, 1, 0, tzinfo=dt.timezone.utc))
    (c,) = loaded_kb.linker.cite("《样例审计法》第一条")
    assert c.version_date == D(2006, 2, 28) and c.statute_status == STATUS_CURRENT
    clock.set(dt.datetime(2022, 1, 1, 1, 0, tzinfo=dt.timezone.utc))
    (c,) = loaded_kb.linker.cite("《样例审计法》第一条")
    assert c.version_date == D(2021, 10, 23)


def test_cite_json_carries_status_and_successor(loaded_kb, statutes_path, capsys, monkeypatch):

    monkeypatch.setenv("KB_DATA_DIR", str(loaded_kb.settings.data_dir))
    monkeypatch.setenv("KB_DATABASE_URL", loaded_kb.settings.database_url)
    assert main(["cite", "依照《样例审计法》第一条", "--date", "2021-12-01", "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["statute_status"] == "现行有效" and entry["successor"] is None
    assert main(["show", "样例审计法", "1", "--date", "明天"]) == 2
    assert "日期格式不正确" in capsys.readouterr().err


def test_a_regulation_passed_then_promulgated_is_one_text():
    from kb.legal_time.rules import has_older_versions
    original = ({"date": "2014-12-31", "kind": "通过"}, {"date": "2015-01-30", "kind": "公布"})
    assert not has_older_versions(original, D(2015, 1, 30))
    revised = ({"date": "1997-10-21", "kind": "公布"}, {"date": "2010-02-02", "kind": "通过"},
               {"date": "2010-02-11", "kind": "公布"})
    assert has_older_versions(revised, D(2010, 2, 11))
