"""`python -m kb` on the fixture statutes: output, JSON and exit statuses."""
import json
import os
import subprocess
import sys

import pytest

from kb.cli import main


def test_import_check_show(cli_env, statutes_path, capsys):
    assert main(["import", str(statutes_path)]) == 0
    out = capsys.readouterr()
    assert "导入完成" in out.out and "法规 7 部" in out.out
    assert "警告：DLC/某省地方法规/地方性法规/某省/某省样例审计条例.md:21: 条号重复" in out.err
    assert main(["check", str(statutes_path)]) == 0
    assert "有缺失 0 个" in capsys.readouterr().out
    assert main(["show", "样例审计法", "第三条之一", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["article_label"] == "第三条之一" and data["version_date"] == "2021-10-23"
    assert main(["show", "样例审计法", "四", "--date", "2010-05-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["version_date"] == "2006-02-28"
    assert main(["show", "样例审计法", "2"]) == 0
    assert "国务院和县级以上地方人民政府设立审计机关。" in capsys.readouterr().out


def test_nearest_version_is_announced(cli_env, statutes_path, capsys):
    main(["import", str(statutes_path)])
    capsys.readouterr()
    assert main(["show", "样例审计法", "1", "--date", "1990-01-01", "--json"]) == 0
    out = capsys.readouterr()
    shown = json.loads(out.out)
    assert shown["in_force_on_date"] is False and shown["status"] == "尚未施行"
    assert "库中没有 1990-01-01 时有效的版本；现有 2006 年修正文本" in out.err


@pytest.mark.parametrize("argv, status, message", [
    (["import", "/no/such/folder"], 2, "路径不存在"),
    (["check", "/no/such/folder"], 2, "路径不存在"),
    (["show", "样例审计法", "第X条"], 2, "无法识别的条号"),
    (["show", "样例审计法", "1", "--date", "2021-13-01"], 2, "日期格式不正确"),
    (["show", "样例审记法", "1"], 1, "您是不是要找：样例审计法"),
    (["show", "样例审计法", "99"], 1, "没有第九十九条"),
])
def test_bad_input_exit_status(cli_env, statutes_path, capsys, argv, status, message):
    main(["import", str(statutes_path)])
    capsys.readouterr()
    assert main(argv) == status
    assert message in capsys.readouterr().err


def test_empty_folder_is_exit_2(cli_env, tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["import", str(tmp_path / "empty")]) == 2
    assert "没有法规文件" in capsys.readouterr().err


def test_check_fails_when_text_is_missing(cli_env, statutes_path, capsys):
    main(["import", str(statutes_path / "经济法")])
    assert main(["check", str(statutes_path)]) == 1
    assert "缺失：" in capsys.readouterr().out


def test_module_entry_point(cli_env, statutes_path):
    result = subprocess.run([sys.executable, "-m", "kb", "import", str(statutes_path)],
                            capture_output=True, text=True, env={**os.environ}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "法规库现有：法规 7 部" in result.stdout


def test_correspondence_command(cli_env, statutes_path, capsys):
    main(["import", str(statutes_path)])
    capsys.readouterr()
    assert main(["correspondence", "样例审计法", "--from", "2006-02-28", "--to", "2021-10-23", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[4] == {"old": 3, "new": 4, "change": "amended", "old_label": "第三条",
                       "new_label": "第四条", "old_suffix": 0, "new_suffix": 0, "similarity": 0.543}
    assert {"old": None, "new": 3, "change": "added"}.items() <= rows[3].items()
    assert main(["correspondence", "样例审计法"]) == 0
    out = capsys.readouterr().out
    assert "第三条\t→ 第四条\t修改" in out and "修改 4；新增 3" in out
    assert main(["correspondence", "样例审计法", "--from", "2006-02-30", "--to", "2021-10-23"]) == 2
    assert "日期格式不正确" in capsys.readouterr().err
    assert main(["correspondence", "样例审计法", "--from", "2021-10-23"]) == 1
    assert "最新的版本" in capsys.readouterr().err
    assert main(["correspondence", "样例审计法", "--from", "2007-01-01", "--to", "2021-10-23"]) == 1
    assert "没有 2007-01-01 的版本" in capsys.readouterr().err
