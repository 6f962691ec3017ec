"""The whole-text page, the .docx download, the 新旧对照表 page and its API, through the
test client on the fixture statutes."""
import io
import re

import docx
import pytest

from webapp.extensions import services


@pytest.fixture
def staff(signed_in):
    return signed_in("staff")


def audit_law_id(app):
    return services(app).library.find_statute("样例审计法").id


def test_statute_page_shows_the_whole_text_with_anchors(loaded_app, staff):
    law = audit_law_id(loaded_app)
    page = staff.text(f"/laws/{law}")
    assert '<article class="law-article" id="a4">' in page and 'id="a3-1"' in page
    assert '<li id="a4-p1-i2">（二）与财政收支有关的业务、管理资料，包括：' in page
    assert 'id="a4-p2"' in page and "被审计单位不得拒绝、拖延、谎报。" in page
    assert re.search(r'<a href="#h\d+">第一节 一般规定</a>', page)           # every level
    assert 'data-cite="《中华人民共和国样例审计法》第四条"' in page
    assert f'href="/laws/{law}/articles/4"' in page
    old = services(loaded_app).library.versions(law)[0]
    pinned = staff.text(f"/laws/{law}?version={old.id}")
    assert f'href="/laws/{law}/articles/4?version={old.id}"' in pinned and 'id="a3-1"' not in pinned
    assert "新旧对照表" in page and f"/laws/{law}/correspondence" in page


def test_download_the_statute_or_picked_articles(loaded_app, staff):
    law = audit_law_id(loaded_app)
    whole = staff.get(f"/laws/{law}/download.docx")
    assert whole.status_code == 200 and whole.mimetype.endswith("wordprocessingml.document")
    assert "filename*=UTF-8''%E6%A0%B7" in whole.headers["Content-Disposition"]
    lines = [p.text for p in docx.Document(io.BytesIO(whole.data)).paragraphs]
    assert lines[0] == "中华人民共和国样例审计法" and "第六条　本法自2022年1月1日起施行。" in lines
    picked = staff.get(f"/laws/{law}/download.docx?a=2&a=3-1")
    lines = [p.text for p in docx.Document(io.BytesIO(picked.data)).paragraphs]
    assert "节选：第二条、第三条之一" in lines and not [t for t in lines if t.startswith("第四条")]
    bad = staff.get(f"/laws/{law}/download.docx?a=abc")
    assert bad.status_code == 400 and "条号格式" in bad.get_data(as_text=True)


def test_correspondence_page(loaded_app, staff):
    law = audit_law_id(loaded_app)
    page = staff.text(f"/laws/{law}/correspondence")
    assert "新旧对照表" in page and "修改 4" in page and "新增 3" in page
    row = re.search(r'<section class="corr-row change-amended"[^>]*>(?:(?!</section>).)*>第三条<'
                    r'(?:(?!</section>).)*>第四条<(?:(?!</section>).)*</section>', page, re.S)
    assert row and "<del>" in row.group(0) and "<ins>" in row.group(0)
    single = services(loaded_app).library.find_statute("样例审计法实施条例").id
    assert staff.get(f"/laws/{single}/correspondence").status_code == 404


def test_compare_page_uses_the_matched_article(loaded_app, staff):
    law = audit_law_id(loaded_app)
    page = staff.text(f"/laws/{law}/articles/4/compare")
    assert "第三条</a>" in page and "按新旧对照表匹配条文（修改）" in page
    old = services(loaded_app).library.versions(law)[0]
    article = staff.text(f"/laws/{law}/articles/3?version={old.id}")
    assert "2006 年文本第三条，现为" in article and f'href="/laws/{law}/articles/4">第四条</a>（修改）' in article
    assert f'value="http://localhost/laws/{law}/articles/4"' in article     # current permalink


def test_correspondence_api(loaded_app, accounts):
    client = loaded_app.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "staff", "password": "Correct-Horse-9"}).json
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token['token']}"
    law = audit_law_id(loaded_app)
    data = client.get(f"/api/v1/laws/{law}/correspondence?from=2006-02-28&to=2021-10-23").json
    assert data["old_version"]["version_date"] == "2006-02-28"
    assert {"old": 3, "new": 4, "change": "amended"}.items() <= data["rows"][4].items()
    assert client.get(f"/api/v1/laws/{law}/correspondence?from=2006-02-28").json == data
    latest = client.get(f"/api/v1/laws/{law}/correspondence?from=2021-10-23")
    assert latest.status_code == 404 and "最新的版本" in latest.json["error"]["message"]
    assert client.get(f"/api/v1/laws/{law}/correspondence?from=2006-2-28").status_code == 400
    assert client.get(f"/api/v1/laws/{law}/correspondence?from=2001-01-01&to=2021-10-23").status_code == 404
