"""Reading files from disk: bad inputs, classification, part merging."""
import pytest

from laws.corpus import CorpusError, classify, display_path, find_sources, load_documents, parse_file


def write(tmp_path, rel, data: bytes):
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


GOOD = "# 中华人民共和国好法\n\n2020年1月1日 通过\n\n<!-- INFO END -->\n\n第一条 好的内容。\n"


def test_empty_file_is_skipped_with_warning(tmp_path):
    doc, warnings = parse_file(write(tmp_path, "经济法/空.md", b"  \n\n"))
    assert doc is None
    assert "文件为空" in warnings[0].message


def test_binary_file_is_skipped(tmp_path):
    doc, warnings = parse_file(write(tmp_path, "经济法/图.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR"))
    assert doc is None
    assert "二进制" in warnings[0].message


def test_gb18030_file_is_imported_with_warning(tmp_path):
    doc, _ = parse_file(write(tmp_path, "经济法/旧编码法.md", GOOD.encode("gb18030")))
    assert doc.title == "中华人民共和国好法"
    assert [a.text for a in doc.articles] == ["好的内容。"]
    warning = next(w for w in doc.warnings if "UTF-8" in w.message)
    assert warning.line == 1 and warning.path == "经济法/旧编码法.md"


def test_undecodable_file_names_the_line(tmp_path):
    data = "# 标题\n\n第一条 内容。\n".encode() + b"\n\xff\xfe\xfa\xfb garbage \xff\n"
    doc, warnings = parse_file(write(tmp_path, "经济法/坏.md", data))
    assert doc is None
    assert warnings[0].line == 5
    assert "已跳过" in warnings[0].message


def test_missing_path_and_empty_folder_are_errors(tmp_path):
    with pytest.raises(CorpusError, match="路径不存在"):
        find_sources(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    assert find_sources(tmp_path / "empty") == []


def test_cases_and_readme_are_not_statutes(tmp_path):
    write(tmp_path, "c/README.md", b"# readme")
    write(tmp_path, "c/案例/x/case.md", GOOD.encode())
    write(tmp_path, "c/经济法/好法.md", GOOD.encode())
    assert [p.name for p in find_sources(tmp_path / "c")] == ["好法.md"]


def test_classification_from_nearest_folder(tmp_path):
    assert classify(tmp_path / "DLC/北京地方法规/地方性法规/北京/x.md").region == "北京"
    assert classify(tmp_path / "部门规章/公安部/x.md").authority == "公安部"
    kind = classify(tmp_path / "downloads/x.md", "中华人民共和国某某法")
    assert (kind.level, kind.inferred) == ("法律", True)
    assert display_path(tmp_path / "corpus/经济法/审计法.md") == "经济法/审计法.md"


def test_single_part_file_brings_its_siblings(statutes_path):
    loaded = list(load_documents(statutes_path / "民法典" / "物权编.md"))
    assert len(loaded) == 1
    assert loaded[0].document.part_titles == ["总则", "物权编"]


def test_unchanged_files_are_not_parsed(statutes_path):
    loaded = list(load_documents(statutes_path, unchanged=lambda shown, data: True))
    assert all(item.unchanged and item.document is None for item in loaded)
    assert sum(item.files for item in loaded) == 9
