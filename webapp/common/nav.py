"""The navigation bar: one list of entries, each shown only when its route exists and
the user's role allows it.  A feature adds its page by adding its entry here; entries
of features not yet installed simply stay hidden until their blueprint is."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request

from accounts.user import ROLE_ADMIN, ROLE_STAFF, ROLE_TRAINER, UserInfo

MAIN, ADMIN = "main", "admin"


@dataclass(frozen=True)
class NavEntry:
    label: str
    endpoint: str
    role: str
    group: str = MAIN
    # Requests to endpoints under this prefix highlight the entry.
    prefix: str = ""
    # Also shown to designated 阅卷人 whatever their role.
    graders: bool = False

    @property
    def active_prefix(self) -> str:
        return self.prefix or self.endpoint.rpartition(".")[0] + "."


NAV = (
    NavEntry("法规库", "library.index", ROLE_STAFF),
    NavEntry("法规更新", "updates.index", ROLE_STAFF),
    NavEntry("检索", "search.index", ROLE_STAFF),
    NavEntry("案例库", "cases.index", ROLE_STAFF),
    NavEntry("问题定性指引", "guide.index", ROLE_STAFF),
    NavEntry("引用核查", "citations.check", ROLE_STAFF),
    NavEntry("我的收藏", "me.favourites", ROLE_STAFF, prefix="me.favourites"),
    NavEntry("我的笔记", "me.notes", ROLE_STAFF, prefix="me.notes"),
    NavEntry("练兵", "rounds.index", ROLE_STAFF, prefix="rounds."),
    NavEntry("自测", "training.practice", ROLE_STAFF, prefix="training.practice"),
    NavEntry("错题本", "training.wrong_book", ROLE_STAFF, prefix="training.wrong_book"),
    NavEntry("我的成绩", "training.results", ROLE_STAFF, prefix="training.results"),
    NavEntry("案例评比", "case_contests.index", ROLE_STAFF, prefix="case_contests."),
    NavEntry("法治讲座", "lectures.index", ROLE_STAFF, prefix="lectures."),
    NavEntry("学法记录", "record.mine", ROLE_STAFF, prefix="record."),
    NavEntry("题库", "bank.index", ROLE_TRAINER, prefix="bank."),
    NavEntry("轮次管理", "round_admin.manage", ROLE_TRAINER, prefix="round_"),
    NavEntry("阅卷", "marking.index", ROLE_TRAINER, prefix="marking.", graders=True),
    NavEntry("以案释法", "law_packs.index", ROLE_TRAINER, prefix="law_packs."),
    NavEntry("用户管理", "admin.users.index", ROLE_ADMIN, ADMIN),
    NavEntry("科室管理", "admin.departments.index", ROLE_ADMIN, ADMIN),
    NavEntry("法规导入", "admin.imports.index", ROLE_ADMIN, ADMIN, prefix="admin.imports.index"),
    NavEntry("后台任务", "admin.imports.jobs", ROLE_ADMIN, ADMIN, prefix="admin.imports.job"),
    NavEntry("法规库缺口", "admin.coverage.index", ROLE_ADMIN, ADMIN),
    NavEntry("推送计划", "admin.schedule.index", ROLE_ADMIN, ADMIN),
    NavEntry("通知管理", "admin.notices.index", ROLE_ADMIN, ADMIN),
    NavEntry("审计日志", "admin.audit.index", ROLE_ADMIN, ADMIN),
)


def nav_entries(user: UserInfo | None, group: str) -> list[NavEntry]:
    if user is None or user.must_change_password:
        return []
    return [entry for entry in NAV
            if entry.group == group and entry.endpoint in current_app.view_functions
            and (user.has_role(entry.role) or (entry.graders and user.is_grader))]


def is_active(entry: NavEntry) -> bool:
    return (request.endpoint or "").startswith(entry.active_prefix)
