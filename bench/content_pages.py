"""Page timings of the case library, the guide, the citation check and the article page
(its text with references linked, its backlinks) on the whole corpus.

Usage: python -m bench.content_pages [--runs 5] [--data-dir DIR] [--corpus PATH]
The data directory (default bench/out/content-data) is prepared once: the corpus imported
and linked, the court and sample cases loaded, the guide seeded.  Pages are rendered
in-process through Flask's test client (server time only, no network), signed in as a
trainer (who sees drafts and question lists: the most work a page does).  For each kind
of page it prints the median and p95 over every URL × run; for article pages also the
share of the two additions (linked text, backlinks) measured in the same run.
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from pathlib import Path

from sqlalchemy import func, select

from kb.cases.courtcases import import_court_cases
from kb.cases.samples import load_sample_cases
from kb.citations.models import SOURCE_ARTICLE, CitationRecord
from core.progress import progress_bar
from kb.guide.seed import seed_guide
from kb.importer import Importer
from kb.library import article_slug
from kb.models import KIND_ARTICLE, STATUS_CURRENT, StatuteVersion, Unit
from accounts.permissions import system_actor
from quizzes.services import Services, open_services
from core.settings import Settings, sqlite_url
from accounts.user_admin import NewUser

ROOT = Path(__file__).resolve().parent.parent
USERNAME, PASSWORD = "bench-trainer", "Pages-Timed-2026"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
REPORT = ("经审计，该局2022年在年度预算之外列支会议费48.6万元，违反了《中华人民共和国预算法》第十三条的规定。"
          "该局将同一预算项目下的设备采购拆分为四次询价采购，规避公开招标，违反了《中华人民共和国政府采购法》"
          "第二十八条的规定，依据《中华人民共和国政府采购法实施条例》第六十七条第（二）项处理。"
          "该局拒绝提供会计资料，依照《审计法》第四十七条处理。另依据《中华人民共和国合同法》第五十二条。\n") * 8


def prepare(data_dir: Path, corpus: Path) -> Services:
    kb = open_services(Settings(data_dir, sqlite_url(data_dir), corpus))
    if kb.catalogue.is_empty():
        with progress_bar("导入法规") as update:
            Importer(kb.db, update).import_path(corpus)
    if not kb.citations.is_library_linked():
        with progress_bar("链接引用") as update:
            kb.citations.link_library(update)
    load_sample_cases(kb.case_transfer)
    import_court_cases(kb.case_transfer, corpus / "案例", kb.clock.today_local())
    seed_guide(kb.guide)
    user = kb.users.find_user(USERNAME)
    if user is None:
        kb.users.create_user(system_actor("bench"), NewUser(USERNAME, "压测培训", "trainer", None, PASSWORD, False))
    else:
        kb.users.set_password(system_actor("bench"), user.id, PASSWORD)
    return kb


def article_urls(kb: Services, rng: random.Random) -> dict[str, list[str]]:
    with kb.db.session() as session:
        current = session.execute(select(StatuteVersion.statute_id, Unit.article_no, Unit.article_suffix)
                                  .join(Unit, Unit.version_id == StatuteVersion.id)
                                  .where(StatuteVersion.status == STATUS_CURRENT,
                                         Unit.kind == KIND_ARTICLE)).all()
        cited = session.execute(select(CitationRecord.statute_id, CitationRecord.article_no,
                                       CitationRecord.article_suffix)
                                .where(CitationRecord.statute_id.is_not(None))
                                .group_by(CitationRecord.statute_id, CitationRecord.article_no,
                                          CitationRecord.article_suffix)
                                .order_by(func.count(CitationRecord.id).desc()).limit(20)).all()
        citing = session.execute(select(StatuteVersion.statute_id, Unit.article_no, Unit.article_suffix)
                                 .join(Unit, Unit.version_id == StatuteVersion.id)
                                 .where(Unit.id.in_(select(CitationRecord.source_id).where(
                                     CitationRecord.source_kind == SOURCE_ARTICLE)),
                                        StatuteVersion.status == STATUS_CURRENT)).all()
    url = lambda row: f"/laws/{row[0]}/articles/{article_slug(row[1], row[2])}"  # noqa: E731
    return {"article (random)": [url(r) for r in rng.sample(current, 200)],
            "article (most cited)": [url(r) for r in cited],
            "article (citing others)": [url(r) for r in rng.sample(citing, min(100, len(citing)))]}


def page_urls(kb: Services, rng: random.Random) -> dict[str, list[str]]:
    with kb.db.session() as session:
        statutes = sorted(set(session.scalars(select(StatuteVersion.statute_id))))
    cases = [c.id for c in kb.cases.list_cases(None, per_page=200).items]
    guide = [e.slug for e in kb.guide.list_entries()]
    return {**article_urls(kb, rng),
            "statute (民法典, 1260 articles)": [f"/laws/{kb.library.find_statute('民法典').id}"],
            "statute (random)": [f"/laws/{sid}" for sid in rng.sample(statutes, 50)],
            "case list": ["/cases", "/cases?audit_type=司法案例", "/cases?q=招标", "/cases?page=2"],
            "case page": [f"/cases/{cid}" for cid in cases],
            "guide list / search": ["/guide", "/guide?q=化整为零", "/guide?q=津贴补贴"],
            "guide entry": [f"/guide/{slug}" for slug in guide]}


def sign_in(client) -> str:
    token = _CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"csrf_token": token, "username": USERNAME, "password": PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"登录失败：HTTP {response.status_code}")
    return _CSRF.search(client.get("/citations/check").get_data(as_text=True)).group(1)


def timed(call) -> float:
    started = time.perf_counter()
    response = call()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"HTTP {response.status_code}")
    return elapsed


def report(kind: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    print(f"{kind:<34} n={len(samples):<5} median {statistics.median(samples):7.1f} ms   "
          f"p95 {p95:7.1f} ms   max {ordered[-1]:7.1f} ms")


def article_parts(kb: Services, urls: list[str], runs: int) -> tuple[float, float]:
    """Median ms of the linked text and of the backlinks and other versions of these articles."""
    views = []
    for url in urls:
        _, _, law, _, slug = url.split("/")
        number, _, suffix = slug.partition("-")
        views.append(kb.library.get_article(int(law), (int(number), int(suffix or 0))))
    links, backs = [], []
    for _ in range(runs):
        for view in views:
            started = time.perf_counter()
            kb.outgoing.link_article(view, lambda c: "/x")
            links.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            kb.backlinks.backlinks(view.statute.id, view.article_no, article_suffix=view.article_suffix,
                                   version_id=view.version.id)
            kb.correspondence.timeline(view.statute.id, view.version.id,
                                       (view.article_no, view.article_suffix))
            backs.append((time.perf_counter() - started) * 1000)
    return statistics.median(links), statistics.median(backs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data-dir", default=str(ROOT / "bench" / "out" / "content-data"))
    parser.add_argument("--corpus", default=str(Settings.from_env().corpus_path))
    args = parser.parse_args()
    data_dir = Path(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    kb = prepare(data_dir, Path(args.corpus))
    urls = page_urls(kb, random.Random(20260302))
    from webapp import create_app
    app = create_app({"DATA_DIR": str(data_dir), "CORPUS": args.corpus})
    client = app.test_client()
    token = sign_in(client)
    print(f"{args.runs} runs; in-process (Flask test client), signed in as a trainer")
    for kind, group in urls.items():
        for url in group:
            timed(lambda url=url: client.get(url))  # warm: templates, the linker's snapshot, caches
        report(kind, [timed(lambda url=url: client.get(url)) for _ in range(args.runs) for url in group])
    posts = {"citation check (3 KB report)": ("/citations/check", {"text": REPORT, "date": "2023-06-30"}),
             "case preview (3 KB body)": ("/cases/preview", {"body": REPORT, "case_date": "2023-06-30"})}
    for kind, (url, form) in posts.items():
        report(kind, [timed(lambda url=url, form=form: client.post(url, data={**form, "csrf_token": token}))
                      for _ in range(args.runs * 4)])
    for kind in ("article (random)", "article (most cited)"):
        links, backs = article_parts(kb, urls[kind], args.runs)
        print(f"  of which, {kind}: linked text {links:.1f} ms, backlinks and the other versions (correspondence) {backs:.1f} ms (medians)")
    kb.close()


if __name__ == "__main__":
    main()
