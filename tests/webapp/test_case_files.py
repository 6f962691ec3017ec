"""Export and import of case files in the browser: a zip of Markdown files, never
duplicates on re-import, and a report naming each file skipped and why."""
import io
import zipfile

from webapp.extensions import services

GOOD = """---
uid: imported-001
title: 丁县水利局虚列支出案
audit_type: 新的审计类型
tags: 虚列支出
date: 2022-06-30
status: published
---

## 定性依据

违反《中华人民共和国样例审计法》第四条。
"""
BAD_HEADER = """---
title 缺少冒号
---

正文
"""


def zip_of(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def upload(web, data: bytes, name: str, **fields):
    web.token = web.token or web.csrf("/cases/import")
    return web.client.post("/cases/import", data={"csrf_token": web.token, **fields,
                                                  "archive": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")


def test_import_reports_skipped_files_and_never_duplicates(citing_app, browser):
    web = browser("trainer")
    archive = zip_of({"cases/good.md": GOOD, "cases/bad.md": BAD_HEADER, "cases/读我.txt": "不是案例"})
    page = upload(web, archive, "来自乙局.zip").get_data(as_text=True)
    assert "导入结果" in page and "<strong>1</strong> 新增" in page
    assert "cases/bad.md" in page and "文件头第2行格式不正确" in page
    assert "新增审计类型：新的审计类型" in page
    again = upload(web, archive, "来自乙局.zip").get_data(as_text=True)
    assert "<strong>0</strong> 新增" in again and "<strong>1</strong> 未变化" in again
    changed = upload(web, zip_of({"good.md": GOOD.replace("虚列支出案", "虚列支出案（修订）")}), "b.zip")
    assert "已存在而未覆盖的案例编号：imported-001" in changed.get_data(as_text=True)
    updated = upload(web, zip_of({"good.md": GOOD.replace("虚列支出案", "虚列支出案（修订）")}), "b.zip",
                     update_existing="y")
    assert "<strong>1</strong> 更新" in updated.get_data(as_text=True)
    single = upload(web, GOOD.replace("imported-001", "imported-002").encode(), "单个案例.md")
    assert "<strong>1</strong> 新增" in single.get_data(as_text=True)
    cases = services(citing_app).cases.list_cases(None, text="丁县水利局")
    assert cases.total == 2


def test_import_refuses_other_files(citing_app, browser):
    web = browser("trainer")
    response = upload(web, b"x", "cases.txt")
    assert response.status_code == 400 and "只支持 .md 或 .zip 文件" in response.get_data(as_text=True)
    broken = upload(web, b"\xff\xfe not utf-8", "broken.md")
    assert "文件不是 UTF-8 编码" in broken.get_data(as_text=True)


def test_export_zip_round_trips(citing_app, browser, make_case):
    make_case("已发布的案例")
    make_case("草稿案例", publish=False)
    web = browser("trainer")
    page = web.text("/cases/export")
    assert "导出已发布的案例（1）" in page and "连同草稿一起导出（2）" in page
    response = web.get("/cases/export.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment")
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert len(names) == 1 and names[0].startswith("cases/") and names[0].endswith(".md")
    everything = web.get("/cases/export.zip?drafts=1").data
    assert len(zipfile.ZipFile(io.BytesIO(everything)).namelist()) == 2
    report = upload(web, everything, "export.zip").get_data(as_text=True)
    assert "<strong>2</strong> 未变化" in report
