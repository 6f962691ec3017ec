"""Timings of issue G's correspondence and reading on the whole corpus.

Usage: python -m bench.legal_time_bench [--runs 30] [--data-dir DIR] [--corpus PATH]

1. Every correspondence table of the corpus (each pair of consecutive dated versions of
   every statute), computed from the stored texts with an empty cache: total seconds,
   and the median and slowest pair.
2. Pages through Flask's test client (server time only), warm, signed in as staff: the
   whole-text page of 民法典 (1,260 articles), the 新旧对照表 pages of 会计法 and 公司法, an
   old-version article page; median and p95.
3. The .docx of 民法典: median of a few downloads.
The data directory (default bench/out/legal-time-data) is imported once and reused.
"""
from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from sqlalchemy import func, select

from core.progress import progress_bar
from kb.correspondence import CorrespondenceService
from kb.importer import Importer
from kb.models import StatuteVersion
from accounts.permissions import system_actor
from quizzes.services import Services, open_services
from core.settings import Settings, sqlite_url
from accounts.user_admin import NewUser

ROOT = Path(__file__).resolve().parent.parent
USERNAME, PASSWORD = "bench-reader", "Legal-Time-2026"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def prepare(data_dir: Path, corpus: Path) -> Services:
    kb = open_services(Settings(data_dir, sqlite_url(data_dir), corpus))
    if kb.catalogue.is_empty():
        with progress_bar("导入法规") as update:
            Importer(kb.db, update).import_path(corpus)
    user = kb.users.find_user(USERNAME)
    if user is None:
        kb.users.create_user(system_actor("bench"), NewUser(USERNAME, "计时", "staff", None, PASSWORD, False))
    else:
        kb.users.set_password(system_actor("bench"), user.id, PASSWORD)
    return kb


def all_tables(kb: Services) -> None:
    with kb.db.session() as session:
        statutes = session.scalars(select(StatuteVersion.statute_id).group_by(StatuteVersion.statute_id)
                                   .having(func.count(StatuteVersion.id) > 1)).all()
    fresh = CorrespondenceService(kb.library, kb.backlinks)  # an empty cache
    started = time.perf_counter()
    pairs = []
    for statute_id in statutes:
        for old, new in fresh.pairs(statute_id):
            begun = time.perf_counter()
            rows = fresh.table(statute_id, old.id, new.id).rows
            pairs.append(((time.perf_counter() - begun) * 1000, statute_id, len(rows)))
    total = time.perf_counter() - started
    slowest = max(pairs)
    title = kb.library.get_statute(slowest[1]).title
    print(f"every correspondence table: {len(pairs)} pairs of {len(statutes)} statutes in {total:.1f} s; "
          f"per pair median {statistics.median(p[0] for p in pairs):.1f} ms, "
          f"slowest {slowest[0]:.0f} ms ({title}, {slowest[2]} rows)")


def sign_in(client) -> None:
    token = _CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"csrf_token": token, "username": USERNAME, "password": PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"登录失败：HTTP {response.status_code}")


def timed(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return elapsed


def report(kind: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    print(f"{kind:<40} n={len(samples):<4} median {statistics.median(samples):7.1f} ms   "
          f"p95 {p95:7.1f} ms   max {ordered[-1]:7.1f} ms")


def page_urls(kb: Services) -> dict[str, str]:
    civil = kb.library.find_statute("民法典").id
    accounting = kb.library.find_statute("会计法").id
    company = kb.library.find_statute("公司法").id
    old_accounting = kb.library.versions(accounting)[0].id
    return {"statute page, whole text (民法典)": f"/laws/{civil}",
            "新旧对照表 (会计法 2017→2024)": f"/laws/{accounting}/correspondence",
            "新旧对照表 (公司法 2018→2023)": f"/laws/{company}/correspondence",
            "article, old version (会计法 2017 §42)": f"/laws/{accounting}/articles/42?version={old_accounting}",
            "compare, matched (会计法 §40)": f"/laws/{accounting}/articles/40/compare"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--data-dir", default=str(ROOT / "bench" / "out" / "legal-time-data"))
    parser.add_argument("--corpus", default=str(Settings.from_env().corpus_path))
    args = parser.parse_args()
    data_dir = Path(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    kb = prepare(data_dir, Path(args.corpus))
    all_tables(kb)
    from webapp import create_app
    app = create_app({"DATA_DIR": str(data_dir), "CORPUS": args.corpus})
    client = app.test_client()
    sign_in(client)
    print(f"pages: {args.runs} runs each after 3 warm-up requests; in-process (Flask test client)")
    cold = {}
    for kind, url in page_urls(kb).items():
        cold[kind] = timed(client, url)  # the first request renders what later ones reuse
        for _ in range(2):
            timed(client, url)
        report(kind, [timed(client, url) for _ in range(args.runs)])
    print("first (cold) request: " + "; ".join(f"{kind} {ms:.0f} ms" for kind, ms in cold.items()))
    civil = kb.library.find_statute("民法典").id
    downloads = [timed(client, f"/laws/{civil}/download.docx") for _ in range(3)]
    size = len(client.get(f"/laws/{civil}/download.docx").data)
    print(f"民法典 .docx: median {statistics.median(downloads) / 1000:.2f} s ({size / 1024:.0f} KB)")
    kb.close()


if __name__ == "__main__":
    main()
