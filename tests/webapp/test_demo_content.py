"""The demo's case-library steps: the library is linked, the sample audit cases and the
corpus's court cases loaded, the guide seeded — and running the demo again changes
nothing."""
import shutil

import pytest

from tests.support.web import app_config
from webapp import create_app
from webapp.extensions import services

COURT_CASE = """# 审计资料能否拒绝提供

<!-- INFO END -->

## 基本案情

某单位以商业秘密为由拒绝提供资料，违反《中华人民共和国样例审计法》第四条。
"""


@pytest.fixture
def demo_app(tmp_path, clock, statutes_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(statutes_path, corpus)
    (corpus / "案例" / "行政协议诉讼").mkdir(parents=True)
    (corpus / "案例" / "行政协议诉讼" / "拒绝提供资料.md").write_text(COURT_CASE, encoding="utf-8")
    app = create_app(app_config(tmp_path / "data", clock, CORPUS=str(corpus)))
    yield app
    services(app).close()


def test_demo_loads_cases_and_links_the_library_once(demo_app):
    runner = demo_app.test_cli_runner()
    first = runner.invoke(args=["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "已链接法规之间的引用" in first.output
    assert "示例审计案例：新增 14 个" in first.output and "法院案例：新增 1 个" in first.output
    # The shipped guide cites real statutes this fixture library lacks: reported, not hidden.
    assert "问题定性指引：新增 0 条" in first.output and "未能载入" in first.output
    kb = services(demo_app)
    law = kb.library.find_statute("样例审计法").id
    links = kb.backlinks.backlinks(law, 4, version_id=kb.library.current_version(law).id)
    assert [c.title for c in links.cases] == ["审计资料能否拒绝提供"]
    again = runner.invoke(args=["demo", "--no-serve"])
    assert "法条引用已链接" in again.output
    assert "示例审计案例：新增 0 个，未变化 14 个" in again.output
    assert "法院案例：新增 0 个，未变化 1 个" in again.output
    assert kb.cases.list_cases(None).total == 15
