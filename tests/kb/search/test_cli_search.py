"""`python -m kb index` and `python -m kb search` on the fixture statutes."""
import json

import pytest

from kb.cli import main


@pytest.fixture
def env(settings, monkeypatch, statutes_path):
    monkeypatch.setenv("KB_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("KB_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["import", str(statutes_path)]) == 0
    return settings


def test_search_before_index_says_how_to_build_it(env, capsys):
    capsys.readouterr()
    assert main(["search", "审计"]) == 1
    assert "python -m kb index" in capsys.readouterr().err


def test_index_then_search_json(env, capsys):
    assert main(["index"]) == 0
    assert "检索索引已建立" in capsys.readouterr().out
    assert main(["search", "样例审计法第四条", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert (hits[0]["law_title"], hits[0]["article_no"], hits[0]["version_date"]) == (
        "中华人民共和国样例审计法", 4, "2021-10-23")
    assert {"short_title", "article_label", "level", "status", "snippet", "score"} <= hits[0].keys()


def test_search_text_output_and_options(env, capsys):
    main(["index"])
    capsys.readouterr()
    assert main(["search", "被审计单位 资料", "--limit", "1", "--law", "样例审计法",
                 "--date", "2010-01-01", "--level", "法律"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. 《中华人民共和国样例审计法》") and "2006-02-28 版" in out
    assert "【被审计单位】" in out and "第 1/" in out


def test_bad_date_exits_2(env, capsys):
    assert main(["search", "审计", "--date", "2021-02-30"]) == 2
    assert "日期格式不正确" in capsys.readouterr().err


def test_bad_limit_is_refused_by_the_parser(env, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["search", "审计", "--limit", "0"])
    assert stop.value.code == 2 and "必须是正整数" in capsys.readouterr().err


def test_unknown_law_filter_is_a_message(env, capsys):
    main(["index"])
    capsys.readouterr()
    assert main(["search", "审计", "--law", "样例审记法", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == []
    assert "没有找到法规“样例审记法”" in captured.err and "样例审计法" in captured.err


def test_import_keeps_a_built_index_up_to_date(env, capsys, tmp_path):
    main(["index"])
    rules = tmp_path / "more" / "部门规章"
    rules.mkdir(parents=True)
    (rules / "样例后来的规定(2023-01-01).md").write_text(
        "# 样例后来的规定\n\n2023年1月1日 发布\n\n<!-- INFO END -->\n\n第一条 本规定规范津贴补贴发放。\n",
        encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(tmp_path / "more")]) == 0
    capsys.readouterr()
    assert main(["search", "样例后来的规定", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["law_title"] == "样例后来的规定"


def test_import_without_an_index_says_how_to_build_it(settings, monkeypatch, statutes_path, capsys):
    monkeypatch.setenv("KB_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("KB_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["import", str(statutes_path)]) == 0
    assert "python -m kb index" in capsys.readouterr().out
