"""The law library in the browser, through the test client."""
import pytest

from webapp.extensions import services


@pytest.fixture
def staff(signed_in):
    return signed_in("staff")


def audit_law_id(app):
    return services(app).library.find_statute("样例审计法").id


def test_browse_by_level_and_branch(loaded_app, staff):
    page = staff.text("/laws")
    assert "法律" in page and "中华人民共和国样例审计法" in page and "共 <strong>7</strong> 部" in page
    laws = staff.text("/laws?level=法律")
    assert "经济法" in laws and "中华人民共和国样例审计法实施条例" not in laws
    economic = staff.text("/laws?level=法律&branch=经济法")
    assert "共 <strong>1</strong> 部" in economic
    assert "没有符合条件的法规" in staff.text("/laws?q=不存在的标题")


def test_statute_page_versions_and_contents(loaded_app, staff):
    law = audit_law_id(loaded_app)
    page = staff.text(f"/laws/{law}")
    assert "第一章 总 则" in page and "第一节 一般规定" in page and "第三条之一" in page
    assert "2006-02-28 版" in page and "已修改" in page and "沿革" in page
    versions = services(loaded_app).library.versions(law)
    old = staff.text(f"/laws/{law}?version={versions[0].id}")
    assert "您正在查看历史版本" in old and "第三条之一" not in old
    dated = staff.text(f"/laws/{law}?date=2010-01-01")
    assert "您正在查看 2010-01-01 时有效的版本" in dated
    assert "公布日期" in page and "2022-01-01" in page and "（来源：题注沿革）" in page
    before = staff.text(f"/laws/{law}?date=1990-01-01")
    assert "库中没有 1990-01-01 时有效的版本；现有 2006 年修正文本于 2006-02-28 公布（施行日期未记录）" in before
    assert "未记录" in before and "尚未施行" in before


def test_document_without_articles_shows_its_text(loaded_app, staff):
    amendment = services(loaded_app).library.find_statute("样例刑法修正案（一）").id
    page = staff.text(f"/laws/{amendment}")
    assert "本文件没有分条" in page


def test_article_page(loaded_app, staff):
    law = audit_law_id(loaded_app)
    page = staff.text(f"/laws/{law}/articles/4")
    assert "审计机关有权要求被审计单位提供下列资料" in page and "（一）财务、会计资料；" in page
    assert "1.电子数据；" in page and "第二章 审计机关权限" in page
    assert f"/laws/{law}/articles/3-1" in page and f"/laws/{law}/articles/5" in page  # neighbours
    assert f"http://localhost/laws/{law}/articles/4" in page  # permalink
    assert "（修改）" in page and "新旧版本对照" in page  # 2006 第四条, matched by text
    for ref in ("四", "第四条"):
        assert "审计机关有权要求" in staff.text(f"/laws/{law}/articles/{ref}")
    old = staff.text(f"/laws/{law}/articles/4?date=2010-05-01")
    assert "被审计单位拒绝提供资料的" in old and "这是 2010-05-01 时有效的版本中的条文" in old
    assert "历史版本中的条文" in staff.text(f"/laws/{law}/articles/4?version={old_version(loaded_app, law)}")


def old_version(app, law):
    return services(app).library.versions(law)[0].id


def test_compare_page_marks_differences(loaded_app, staff):
    law = audit_law_id(loaded_app)
    page = staff.text(f"/laws/{law}/articles/4/compare")
    assert "<del>" in page and "<ins>" in page and "2006-02-28 版" in page
    added = staff.text(f"/laws/{law}/articles/3-1/compare")
    assert "该版本中没有与之对应的条文（新增）" in added
    single = services(loaded_app).library.find_statute("样例民法典").id
    assert "只有一个版本" in staff.text(f"/laws/{single}/articles/1/compare")


@pytest.mark.parametrize("url, status", [
    ("/laws/999999", 404), ("/laws/1/articles/999", 404), ("/laws/1/articles/abc", 400),
    ("/laws/1?date=2021-13-01", 400), ("/laws?page=0", 400), ("/laws?page=x", 400),
    ("/laws?level=天条", 400), ("/laws/99999999999999999999999", 404), ("/no/such/page", 404),
    ("/laws/1?version=999999", 404),
])
def test_bad_addresses_give_chinese_errors(loaded_app, staff, url, status):
    response = staff.get(url)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert ("页面不存在" if status == 404 else "请求有误") in page and 'lang="zh-CN"' in page


def test_favourites_and_notes(loaded_app, staff):
    law = audit_law_id(loaded_app)
    article = f"/laws/{law}/articles/4"
    staff.csrf(article)
    response = staff.post(f"{article}/favourite", {"on": "1", "next": article})
    assert response.status_code == 302 and response.location == article
    assert "★ 已收藏" in staff.text(article)
    staff.post(f"{article}/note", {"body": "<script>alert('x')</script> 定性依据", "next": article})
    page = staff.text(article)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; 定性依据" in page and "<script>alert" not in page
    favourites = staff.text("/me/favourites")
    assert "中华人民共和国样例审计法 第四条" in favourites
    notes = staff.text("/me/notes")
    assert "&lt;script&gt;" in notes and "<script>alert" not in notes
    staff.post(f"{article}/favourite", {"on": "0", "next": "https://evil.example/"})
    assert "还没有收藏的条文" in staff.text("/me/favourites")


def test_notes_are_private(loaded_app, signed_in, accounts, app):
    from tests.support.web import Web
    law = audit_law_id(loaded_app)
    article = f"/laws/{law}/articles/2"
    staff = signed_in("staff")
    staff.csrf(article)
    staff.post(f"{article}/note", {"body": "只有我能看", "next": article})
    other = Web(app.test_client())
    other.login("trainer")
    assert "只有我能看" not in other.text(article)
    assert "还没有笔记" in other.text("/me/notes")


def test_overlong_note_is_a_400(loaded_app, staff):
    law = audit_law_id(loaded_app)
    staff.csrf(f"/laws/{law}/articles/2")
    response = staff.post(f"/laws/{law}/articles/2/note", {"body": "长" * 5001})
    assert response.status_code == 400 and "不超过 5000 字" in response.get_data(as_text=True)


def test_empty_library_guides_admin_and_staff(app, accounts, web):
    web.login("admin")
    page = web.text("/laws")
    assert "法规库中还没有法规" in page and "python -m kb import" in page and "/admin/library/import" in page
    web.post("/logout", token_from="/laws")
    web.login("staff")
    page = web.text("/laws")
    assert "请稍后再来，或联系本单位系统管理员" in page and "/admin/library/import" not in page


def test_statute_list_filters_with_counts(loaded_app, staff):
    page = staff.text("/laws")
    assert "时效性" in page and "制定机关" in page and "现行有效<span class=\"count\">" in page
    local = staff.text("/laws?level=地方性法规")
    assert "地区" in local and "某省" in local
    narrowed = staff.text("/laws?level=地方性法规&region=某省&status=现行有效")
    assert "共 <strong>1</strong> 部" in narrowed and "某省样例审计条例" in narrowed
    assert staff.get("/laws?status=失效").status_code == 400
