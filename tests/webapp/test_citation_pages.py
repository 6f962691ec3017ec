"""The citation check page, and the article page's two directions: its text links what
it cites, and it lists the cases, questions and statute articles that cite it."""
import re

from webapp.extensions import services

REPORT = """审计发现，该局存在无预算支出问题，违反了《样例财政法》第二条的规定。
该局拒绝提供资料，依照《中华人民共和国样例审计法》第四条、《样例审计法》第九十条处理。
另依据《样例旧财政法》第一条和《某某不存在法》第三条。"""


def test_check_page_reports_each_reference(citing_app, browser):
    web = browser("staff")
    form = web.text("/citations/check")
    assert "文书日期" in form and "核查引用" in form
    response = web.post("/citations/check", {"text": REPORT, "date": "2023-06-30"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "核查结果" in page and "按 2023-06-30 有效的版本" in page
    kb = services(citing_app)
    audit_law = kb.library.find_statute("样例审计法").id
    assert re.search(rf'<a href="/laws/{audit_law}/articles/4\?version=\d+">《样例审计法》第四条</a>', page)
    for status in ("已链接", "无此条", "已废止", "法规库中无此法规"):
        assert f">{status}</span>" in page, status
    assert "《中华人民共和国样例财政法》中没有第九十条" not in page  # 第九十条 is the audit law's
    assert "中没有第九十条" in page
    # 漏引: the finding is cited with its 定性依据 only.
    assert "漏引" in page and "无预算支出" in page and 'href="/guide/no-budget"' in page
    # The pasted text comes back with each reference marked.
    assert 'class="marked-text"' in page and 'class="cite cite-unresolved"' in page


def test_check_page_refuses_empty_text_and_bad_dates(citing_app, browser):
    web = browser("staff")
    assert web.post("/citations/check", {"text": ""}).status_code == 400
    bad = web.post("/citations/check", {"text": REPORT, "date": "2023-02-30"})
    assert bad.status_code == 400
    none = web.post("/citations/check", {"text": "没有任何引用的文字"}).get_data(as_text=True)
    assert "文字中没有找到法条引用" in none


def test_article_text_links_what_it_cites(citing_app, browser):
    kb = services(citing_app)
    finance, audit_law = kb.library.find_statute("样例财政法").id, kb.library.find_statute("样例审计法").id
    page = browser("staff").text(f"/laws/{finance}/articles/4")
    # 依照审计法第四条 (a declared abbreviation) and 《…样例审计法》第三条、第四条 become links.
    assert len(re.findall(rf'href="/laws/{audit_law}/articles/4\?version=\d+"', page)) == 2
    assert re.search(rf'href="/laws/{audit_law}/articles/3\?version=\d+"', page)
    own = browser("staff").text(f"/laws/{finance}/articles/3")
    assert re.search(rf'<a class="cite" href="/laws/{finance}/articles/2\?version=\d+"[^>]*>本法第二条</a>', own)


def test_article_page_lists_what_cites_it(citing_app, browser, make_case):
    published = make_case("己县拒绝提供资料案", body="违反《中华人民共和国样例审计法》第四条。")
    make_case("庚县草稿案", publish=False, body="依据《样例审计法》第四条。")
    kb = services(citing_app)
    audit_law = kb.library.find_statute("样例审计法").id
    staff_page = browser("staff").text(f"/laws/{audit_law}/articles/4")
    assert "引用本条的内容" in staff_page
    assert f'href="/cases/{published.id}">己县拒绝提供资料案</a>' in staff_page
    assert "庚县草稿案" not in staff_page                         # drafts: editors only
    assert "《样例财政法》第四条" in staff_page                    # another statute's article
    # The 2010 regulation cites 第三条 of the 2006 text (its 以下简称审计法), which became
    # 第四条 in 2021: that version's page lists it, and so does the current 第四条, saying so.
    assert "《样例审计法实施条例》第三条" in staff_page
    assert re.search(r"引用的是 2006 年文本<a [^>]*>第三条</a>，现为第四条", staff_page)
    old = kb.library.versions(audit_law)[0]
    old_page = browser("staff").text(f"/laws/{audit_law}/articles/4?version={old.id}")
    assert "《样例审计法实施条例》第三条" in old_page
    trainer_page = browser("trainer").text(f"/laws/{audit_law}/articles/4")
    assert "庚县草稿案" in trainer_page and ">草稿</span>" in trainer_page
    quiet = browser("staff").text(f"/laws/{audit_law}/articles/6")
    assert "还没有案例、题目或其他法条引用本条" in quiet
