"""新增法规 in a real browser, desktop and phone: upload a Word file, read the preview,
save as the bureau's own rule, land on the statute's page.  Screenshots: intake-*.png."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.browser import shot, sign_in
from tests.support.statute_files import write_docx

pytestmark = pytest.mark.browser
SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "intake" / "样例市内部审计工作规定.md"


def test_upload_preview_save(page, tmp_path):
    source = tmp_path / f"内部审计工作规定-{page.viewport_name}.docx"
    title = f"样例市内部审计工作规定（{page.viewport_name}）"
    source.write_bytes(write_docx(SAMPLE.read_text(encoding="utf-8").replace(
        "# 样例市内部审计工作规定", f"# {title}", 1)))
    sign_in(page, "admin")
    page.goto(page.base_url + "/admin/library/intake")
    page.get_by_label("法规文件（.docx、.pdf、.html、.txt）").set_input_files(str(source))
    page.get_by_role("button", name="读取并预览").click()
    expect(page.get_by_text("条文 36 条")).to_be_visible()
    page.get_by_label("效力级别").select_option("本单位制度")
    page.get_by_label("施行日期").fill("2023-08-01")         # a date input takes ISO text
    shot(page, "intake-preview")
    page.get_by_role("button", name="保存到法规库").click()
    expect(page.get_by_text(f"已导入《{title}》")).to_be_visible()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    shot(page, "intake-saved")
