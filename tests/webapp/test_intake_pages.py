"""法规导入 › 新增法规: upload or paste, the parsed structure, the metadata, save; a new
version of a statute held; bad files and bad metadata explained, nothing saved."""
import io
import re
from pathlib import Path

import pytest

from tests.support.statute_files import write_docx, write_txt
from webapp.extensions import services

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "intake" / "样例市内部审计工作规定.md"


@pytest.fixture
def admin(signed_in):
    web = signed_in("admin")
    web.csrf("/admin/library/intake")
    return web


def token_of(page: str) -> str:
    return page.split('name="token" type="hidden" value="')[1].split('"')[0]


def preview(admin, data: bytes, name: str):
    return admin.post("/admin/library/intake", {"file": (io.BytesIO(data), name)},
                      content_type="multipart/form-data")


def test_upload_preview_save(admin, loaded_app):
    response = preview(admin, write_docx(SAMPLE.read_text(encoding="utf-8")), "规定.docx")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "条文 36 条" in page and "第一章 总 则" in page
    form = {"token": token_of(page), "mode": "new", "title": "样例市内部审计工作规定", "level": "本单位制度",
            "issuer": "样例市人民政府", "promulgated": "2024-05-01", "effective": "2024-04-01"}
    refused = admin.post("/admin/library/intake/save", form)
    assert refused.status_code == 400 and "早于公布日期" in refused.get_data(as_text=True)
    saved = admin.post("/admin/library/intake/save", {**form, "effective": "2024-06-01"})
    assert saved.status_code == 302
    statute = services(loaded_app).library.find_statute("样例市内部审计工作规定")
    assert saved.location.endswith(f"/laws/{statute.id}") and statute.level == "本单位制度"
    assert "已导入《样例市内部审计工作规定》" in admin.text(saved.location)
    again = admin.post("/admin/library/intake/save", {**form, "effective": "2024-06-01"})
    assert again.status_code == 302 and again.location.endswith("/admin/library/intake")
    assert "已过期或已保存" in admin.text(again.location)


def test_a_matching_title_is_offered_as_a_new_version(admin):
    markdown = (Path(__file__).resolve().parent.parent / "fixtures" / "statutes" / "经济法" /
                "样例审计法(2021-10-23).md").read_text(encoding="utf-8")
    text = write_txt(markdown, encoding="utf-8").decode("utf-8")       # as copied from a web page
    page = admin.post("/admin/library/intake", {"text": text}).get_data(as_text=True)
    assert "法规库中已有《中华人民共和国样例审计法》" in page
    assert re.search(r'<input checked[^>]*value="version"', page)
    form = {"token": token_of(page), "mode": "new", "title": "中华人民共和国样例审计法", "level": "法律"}
    refused = admin.post("/admin/library/intake/save", form)
    assert refused.status_code == 400 and "如果这是它的新版本" in refused.get_data(as_text=True)


@pytest.mark.parametrize("data, name, message", [
    (b"PK\x03\x04 not a document", "规定.docx", "不是 Word 文档"),
    ("关于召开会议的通知\n\n各科室：定于下周召开。".encode("gbk"), "通知.txt", "没有找到条文"),
    (b"", "空.txt", "文件“空.txt”是空的"),
])
def test_bad_files_are_explained(admin, data, name, message):
    response = preview(admin, data, name)
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_nothing_given(admin):
    response = admin.post("/admin/library/intake", {"text": "  "})
    assert response.status_code == 400 and "请选择一个文件，或粘贴法规全文" in response.get_data(as_text=True)


def test_pasted_html_is_shown_as_text_and_staff_are_refused(admin, browser):
    text = "<b>样例规定</b>\n\n第一条 <script>alert(1)</script>本规定自公布之日起施行。"
    page = admin.post("/admin/library/intake", {"text": text}).get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert browser("trainer").get("/admin/library/intake").status_code == 403
    assert admin.post("/admin/library/intake/save", {"token": "../../etc/passwd"}).status_code == 302
