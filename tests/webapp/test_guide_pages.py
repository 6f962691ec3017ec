"""The finding guide pages: search, an entry with its articles' text and related cases,
trainers' edits checked against the library, and the conflict of two edits."""
import re

from accounts.permissions import actor_of
from kb.guide.basis_text import parse_basis_lines
from kb.guide.values import GuideInput
from webapp.extensions import services

ENTRY = {"slug": "false-spending", "title": "虚假列支", "category": "预算执行",
         "keywords": "虚列支出、虚假列支", "description": "没有真实业务而列支。",
         "advice": "追查资金去向。",
         "characterisation": "《样例财政法》第二条第二款：不得虚假列支",
         "sanction": "《中华人民共和国样例财政法》第三条第（二）项：虚假列支的"}


def test_search_and_read_an_entry(citing_app, browser, make_case):
    make_case("戊县无预算支出案", body="违反了《样例财政法》第二条的规定。")
    web = browser("staff")
    listing = web.text("/guide")
    assert "无预算支出" in listing and "拒绝提供审计资料" in listing and "共 <strong>2</strong> 个问题" in listing
    found = web.text("/guide?q=未列入预算")
    assert "无预算支出" in found and "拒绝提供审计资料" not in found and "匹配：" in found
    assert "没有匹配“毫不相干”的问题" in web.text("/guide?q=毫不相干")
    assert "拒绝提供审计资料" in web.text("/guide?category=其他")
    page = web.text("/guide/no-budget")
    law = services(citing_app).library.find_statute("样例财政法").id
    assert re.search(rf'href="/laws/{law}/articles/2\?version=\d+">《样例财政法》第二条第一款</a>', page)
    assert "未列入预算的不得支出" in page                      # the article's text
    assert 'class="cited"' in page                              # 第三条第（一）项 highlighted
    assert "戊县无预算支出案" in page and "引用了本问题的定性依据" in page
    assert 'href="/guide/no-budget/edit"' not in page           # staff read, trainers edit
    assert web.get("/guide/no-such-entry").status_code == 404


def test_trainer_adds_and_edits_an_entry(citing_app, browser):
    web = browser("trainer")
    assert web.post("/guide/new", ENTRY).status_code == 302
    page = web.text("/guide/false-spending")
    assert "《样例财政法》第二条第二款" in page and "不得虚假列支" in page
    assert 'href="/guide/false-spending/edit"' in page
    form = web.text("/guide/false-spending/edit")
    assert "《样例财政法》第二条第二款：不得虚假列支</textarea>" in form
    edited = web.post("/guide/false-spending/edit", {**ENTRY, "title": "虚列支出", "revision": "1"})
    assert edited.status_code == 302 and "虚列支出" in web.text("/guide/false-spending")


def test_bad_entries_are_refused_with_reasons(citing_app, browser):
    web = browser("trainer")
    unreadable = web.post("/guide/new", {**ENTRY, "sanction": "第三条\n随便写写"})
    assert unreadable.status_code == 400 and "无法识别的法规依据：第1行“第三条”、第2行“随便写写”" in \
        unreadable.get_data(as_text=True)
    missing = web.post("/guide/new", {**ENTRY, "sanction": "《样例财政法》第九十条"})
    assert missing.status_code == 400 and "法规库中找不到以下依据：《样例财政法》第九十条" in \
        missing.get_data(as_text=True)
    reserved = web.post("/guide/new", {**ENTRY, "slug": "new"})
    assert reserved.status_code == 400 and "保留字" in reserved.get_data(as_text=True)
    assert web.post("/guide/new", {**ENTRY, "slug": "no-budget"}).status_code == 409


def test_conflicting_guide_edit_keeps_the_form(citing_app, browser, accounts):
    web = browser("trainer")
    web.post("/guide/new", ENTRY)
    kb = services(citing_app)
    entry = kb.guide.get_entry("false-spending")
    theirs = GuideInput(entry.slug, entry.title, entry.category, entry.keywords, "别人改的表现",
                        entry.advice, parse_basis_lines(ENTRY["characterisation"]),
                        parse_basis_lines(ENTRY["sanction"]))
    kb.guide.update_entry(actor_of(accounts["admin"]), "false-spending", theirs, 1)
    response = web.post("/guide/false-spending/edit", {**ENTRY, "advice": "我的提示", "revision": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "保存冲突" in page
    assert "我的提示</textarea>" in page and "别人改的表现" in page
    assert re.search(r'name="revision" type="hidden" value="2"', page)


def test_delete_an_entry(citing_app, browser):
    web = browser("trainer")
    assert "无法恢复" in web.text("/guide/no-budget/delete")
    assert web.post("/guide/no-budget/delete", {"revision": "5"}).status_code == 409
    assert web.post("/guide/no-budget/delete", {"revision": "1"}).status_code == 302
    assert web.get("/guide/no-budget").status_code == 404
