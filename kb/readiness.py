"""Whether this app server is ready for traffic (`GET /readyz`, the load balancer's check):
the database answers, its schema is at the code's migration head, and this server's search
index is built.  Each check names what is not ready in Chinese; none raises."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from core.db import Database
from kb.search import SearchService

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Readiness:
    ready: bool
    # check name → "ok" or why not ("database", "migrations", "search_index").
    checks: dict[str, str]


class ReadinessCheck:
    def __init__(self, db: Database, search: SearchService):
        self.db = db
        self.search = search

    def check(self) -> Readiness:
        checks = {"database": "ok", "migrations": "ok", "search_index": "ok"}
        try:
            current, head = self.db.pending_migrations()
            if current != head:
                checks["migrations"] = f"数据库结构版本 {current}，程序需要 {head}：请先升级数据库"
        except SQLAlchemyError as error:
            log.warning("readiness: database unreachable: %s", error.__class__.__name__)
            checks["database"] = f"数据库无法连接（{error.__class__.__name__}）"
            checks["migrations"] = "未检查：数据库无法连接"
        status = self.search.index_status()
        if not status.ready:
            checks["search_index"] = status.message
        return Readiness(all(v == "ok" for v in checks.values()), checks)
