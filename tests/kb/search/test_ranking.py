"""Priors and maintenance on documents from a provider of our own: the same words rank by
level and version status; a group is replaced or deleted as a unit (as cases will be)."""
import datetime as dt

import pytest

from kb.search import SearchFilters, SearchService
from kb.search.documents import KIND_STATUTE, DocumentMeta, IndexDocument

TEXT = "采购人不得将应当以公开招标方式采购的货物化整为零"


class Provider:
    """Statutes as documents: (id, title, level, [(version, status, dates, articles)])."""
    prefix = "fake:"

    def __init__(self, statutes):
        self.statutes = statutes

    def groups(self):
        return [f"fake:{s[0]}" for s in self.statutes]

    def count(self):
        return sum(1 + len(v[3]) for s in self.statutes for v in s[3])

    def documents(self, groups):
        for law_id, title, level, versions in self.statutes:
            if f"fake:{law_id}" in groups:
                yield from self._documents(law_id, title, level, versions)

    @staticmethod
    def _documents(law_id, title, level, versions):
        group = f"fake:{law_id}"
        for version_id, status, (start, end), articles in versions:
            meta = DocumentMeta(law_id=law_id, law_title=title, short_title=title, level=level,
                                status=status, version_id=version_id, version_date=start,
                                valid_from=start, valid_to=end)
            yield IndexDocument(KIND_STATUTE, f"v:{version_id}", group, title, "",
                                meta=DocumentMeta(**{**meta.__dict__, "extra": {"names": [title]}}))
            for number, text in enumerate(articles, 1):
                yield IndexDocument("article", f"a:{version_id}:{number}", group, "", text,
                                    meta=DocumentMeta(**{**meta.__dict__, "article_no": number,
                                                         "label": f"第{number}条"}))


D = dt.date
STATUTES = [
    (1, "某省甲条例", "地方性法规", [(11, "现行有效", (D(2015, 1, 1), None), [TEXT])]),
    (2, "中华人民共和国甲法", "法律", [(21, "现行有效", (D(2014, 1, 1), None), [TEXT])]),
    (3, "中华人民共和国乙法", "法律", [
        (31, "已修改", (D(2000, 1, 1), D(2009, 12, 31)), ["审计机关依法独立行使审计监督权"]),
        (32, "现行有效", (D(2010, 1, 1), None), ["审计机关依法独立行使审计监督权"])]),
]


@pytest.fixture
def service(kb, tmp_path):
    provider = Provider(list(STATUTES))
    service = SearchService(tmp_path / "index", kb.db.session, providers=[provider])
    service.rebuild()
    service.provider = provider
    return service


def titles(response):
    return [(h.law_title, h.version_id) for h in response.hits]


def test_national_law_above_local_regulation_for_the_same_words(service):
    assert [t for t, _ in titles(service.search("化整为零"))] == ["中华人民共和国甲法", "某省甲条例"]


def test_current_version_above_superseded_and_dates(service):
    assert titles(service.search("独立行使审计监督权")) == [("中华人民共和国乙法", 32)]
    everything = service.search("独立行使审计监督权", SearchFilters(status="all"))
    assert titles(everything) == [("中华人民共和国乙法", 32), ("中华人民共和国乙法", 31)]
    in_2005 = service.search("独立行使审计监督权", SearchFilters(on_date=D(2005, 6, 1)))
    assert titles(in_2005) == [("中华人民共和国乙法", 31)]
    assert service.search("化整为零", SearchFilters(on_date=D(2014, 6, 1))).total == 1


def test_a_group_is_replaced_and_deleted_as_a_unit(service):
    service.provider.statutes[1] = (2, "中华人民共和国甲法", "法律",
                                    [(21, "现行有效", (D(2014, 1, 1), None), ["全新的条文内容"])])
    assert service.update_group("fake:2") == 2
    assert [t for t, _ in titles(service.search("化整为零"))] == ["某省甲条例"]
    assert service.search("全新的条文内容").hits[0].law_title == "中华人民共和国甲法"
    service.delete_group("fake:1")
    assert service.search("化整为零").hits == []
    assert "某省甲条例" not in {h.law_title for h in service.search("某省甲条例").hits}
