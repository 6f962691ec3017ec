"""The correspondence of articles between two versions (kb.alignment): each kind of
change on small pairs, and a run of renumbered articles found by text, not number."""
from kb.alignment import (ADDED, AMENDED, DELETED, MERGED, RENUMBERED, SPLIT, UNCHANGED,
                          ArticleText, align_articles)

TEXTS = {
    "scope": "为了加强国家的审计监督，维护国家财政经济秩序，提高财政资金使用效益，制定本法。",
    "organs": "国务院和县级以上地方人民政府设立审计机关，依照法律规定的职权和程序进行审计监督。",
    "report": "审计机关应当将审计结果向本级人民政府报告，并向社会公布审计结果。",
    "evidence": "审计人员应当取得证明材料，并对所取得的证明材料的真实性负责。",
    "fine": "被审计单位拒绝提供资料的，由审计机关责令改正，可以通报批评，给予警告。",
    "conceal": "被审计单位转移、隐匿、篡改、毁弃会计凭证、会计账簿的，由审计机关责令改正。",
    "date": "本法自公布之日起施行。",
    "new": "审计机关应当建立健全审计质量控制制度，对审计工作实行全过程监督管理。",
}


def articles(*names, start=1):
    return [ArticleText(number, 0, TEXTS[name] if name in TEXTS else name)
            for number, name in enumerate(names, start)]


def table(old, new):
    return [(row.old.number if row.old else None, row.new.number if row.new else None, row.change)
            for row in align_articles(old, new)]


def test_unchanged_articles_keep_their_number():
    old = articles("scope", "organs", "date")
    assert table(old, old) == [(1, 1, UNCHANGED), (2, 2, UNCHANGED), (3, 3, UNCHANGED)]


def test_amended_article():
    old = articles("scope", "fine", "date")
    new = articles("scope", TEXTS["fine"].replace("给予警告", "给予警告，并处十万元以下的罚款"), "date")
    assert table(old, new) == [(1, 1, UNCHANGED), (2, 2, AMENDED), (3, 3, UNCHANGED)]


def test_inserted_article_renumbers_a_run_of_articles():
    old = articles("scope", "organs", "report", "evidence", "date")
    new = articles("scope", "new", "organs", "report", "evidence", "date")
    assert table(old, new) == [(1, 1, UNCHANGED), (None, 2, ADDED), (2, 3, RENUMBERED),
                               (3, 4, RENUMBERED), (4, 5, RENUMBERED), (5, 6, RENUMBERED)]


def test_deleted_article_stands_where_it_was():
    old = articles("scope", "organs", "report", "date")
    new = articles("scope", "report", "date")
    assert table(old, new) == [(1, 1, UNCHANGED), (2, None, DELETED), (3, 2, RENUMBERED),
                               (4, 3, RENUMBERED)]


def test_two_articles_merged_into_one():
    old = articles("scope", "fine", "conceal", "date")
    merged = TEXTS["fine"].rstrip("。") + "；" + TEXTS["conceal"]
    new = articles("scope", merged, "date")
    assert table(old, new) == [(1, 1, UNCHANGED), (2, 2, MERGED), (3, 2, MERGED), (4, 3, RENUMBERED)]


def test_one_article_split_in_two():
    old = articles("scope", TEXTS["fine"].rstrip("。") + "；" + TEXTS["conceal"], "date")
    new = articles("scope", "fine", "conceal", "date")
    assert table(old, new) == [(1, 1, UNCHANGED), (2, 2, SPLIT), (2, 3, SPLIT), (3, 4, RENUMBERED)]


def test_moved_article_is_found_elsewhere():
    old = articles("scope", "organs", "report", "evidence", "fine", "date")
    new = articles("scope", "evidence", "organs", "report", "fine", "date")
    rows = table(old, new)
    assert (4, 2, RENUMBERED) in rows and (2, 3, RENUMBERED) in rows
    assert not [r for r in rows if r[2] in (ADDED, DELETED)]


def test_unrelated_texts_are_added_and_deleted():
    assert table(articles("scope"), articles("new")) == [(1, None, DELETED), (None, 1, ADDED)]


def test_suffixed_articles_keep_their_labels():
    old = [ArticleText(3, 0, TEXTS["organs"])]
    new = [ArticleText(3, 0, TEXTS["organs"]), ArticleText(3, 1, TEXTS["new"])]
    rows = align_articles(old, new)
    assert rows[1].to_json() == {"old": None, "new": 3, "change": ADDED, "old_label": None,
                                 "new_label": "第三条之一", "old_suffix": None, "new_suffix": 1,
                                 "similarity": 0.0}
