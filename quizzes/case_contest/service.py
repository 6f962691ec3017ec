"""The contest itself: a trainer opens it (title, window, weighted criteria, judges, blind
or not), follows the judges' progress, sets the awards and publishes the results — the
winners then join the case library as published cases marked 优秀案例, in the same
transaction as the results.  Every trainer action is in the security log."""
from __future__ import annotations

from typing import Callable, Mapping

from sqlalchemy import select

from accounts.permissions import is_manager, require_manager
from accounts.security_log import add_event
from core.actor import Actor
from core.clock import Clock, to_db, to_local
from core.errors import Conflict, InvalidInput, PermissionDenied
from core.transactions import read_session, write_session
from kb.cases.service import CaseService
from kb.cases.values import CaseInput
from quizzes.notify.notifier import Announcement, Notifier
from quizzes.case_contest.models import CaseContest, ContestCriterion, ContestJudge, ContestReview
from quizzes.case_contest.queries import (author_ids, case_input, contest_view, find_contest,
                                          judge_ids, people, phase_of, submitted_entries,
                                          summary_of, users_named)
from quizzes.case_contest.scoring import award_order, entry_score, ranks
from quizzes.case_contest.values import (AWARDS, EXCELLENT_TAG, PHASE_JUDGING, PHASE_PUBLISHED,
                                         PHASE_SUBMITTING, PHASE_UPCOMING, ContestInput,
                                         ContestSummary, ContestView, JudgeProgress, Results,
                                         Standing)


class CaseContests:
    def __init__(self, sessions, clock: Clock, cases: CaseService, notifier: Notifier | None = None,
                 contest_url: Callable[[int], str] = lambda contest_id: f"/contests/{contest_id}"):
        self.sessions = sessions
        self.clock = clock
        # Winners are written into the case library by the case service, in our transaction.
        self.cases = cases
        # Tells every author the outcome once the results are published.
        self.notifier = notifier
        self.contest_url = contest_url

    # -- the trainer's settings ------------------------------------------------------
    def open_contest(self, actor: Actor, data: ContestInput) -> int:
        require_manager(actor, "发起案例评比")
        data = data.clean()
        with write_session(self.sessions) as session:
            judges = users_named(session, data.judges, "评委")
            contest = CaseContest(created_by=actor.id, created_at=to_db(self.clock.now()))
            self._apply(session, contest, data, judges)
            session.add(contest)
            session.flush()
            add_event(session, self.clock, actor, "contest_opened", data.title,
                      _settings_detail(data))
            return contest.id

    def update_contest(self, actor: Actor, contest_id: int, data: ContestInput) -> None:
        """Change the settings; the criteria and the panel are fixed once a judge has scored."""
        require_manager(actor, "修改案例评比")
        data = data.clean()
        with write_session(self.sessions) as session:
            contest = find_contest(session, contest_id, lock=True)
            if phase_of(contest, self.clock.now()) == PHASE_PUBLISHED:
                raise Conflict("评比结果已公布，不能再修改")
            judges = users_named(session, data.judges, "评委")
            if _has_reviews(session, contest.id) and _scoring_changed(contest, data, judges):
                raise Conflict("评委已开始评分，评分标准和评委不能再修改")
            self._apply(session, contest, data, judges)
            add_event(session, self.clock, actor, "contest_updated", data.title,
                      _settings_detail(data))

    @staticmethod
    def _apply(session, contest: CaseContest, data: ContestInput, judges: list[int]) -> None:
        contest.title, contest.description, contest.blind = data.title, data.description, data.blind
        contest.opens_at, contest.closes_at = to_db(data.opens_at), to_db(data.closes_at)
        if [(c.name, c.weight) for c in contest.criteria] != list(data.criteria):
            contest.criteria = [ContestCriterion(position=i, name=name, weight=weight)
                                for i, (name, weight) in enumerate(data.criteria)]
        if judge_ids(contest) != judges:
            contest.judges = []
            session.flush()
            contest.judges = [ContestJudge(user_id=uid, position=i) for i, uid in enumerate(judges)]
        session.flush()

    def settings_of(self, actor: Actor, contest_id: int) -> ContestInput:
        """The settings as the edit form shows them (judges by 工号)."""
        require_manager(actor, "修改案例评比")
        with read_session(self.sessions) as session:
            contest = find_contest(session, contest_id)
            names = people(session, judge_ids(contest))
            view = contest_view(session, contest, self.clock.now(), actor, True)
            return ContestInput(contest.title, view.summary.opens_at, view.summary.closes_at,
                                tuple((c.name, c.weight) for c in contest.criteria),
                                tuple(names[i].username for i in judge_ids(contest) if i in names),
                                contest.blind, contest.description)

    # -- reading -----------------------------------------------------------------------
    def list_contests(self, viewer: Actor) -> list[ContestSummary]:
        """Every contest, newest first; staff do not see one before its window opens."""
        now = self.clock.now()
        with read_session(self.sessions) as session:
            rows = session.scalars(select(CaseContest).order_by(CaseContest.opens_at.desc(),
                                                                CaseContest.id.desc()))
            summaries = [summary_of(session, row, now) for row in rows]
        return [s for s in summaries if is_manager(viewer) or s.phase != PHASE_UPCOMING]

    def get_contest(self, viewer: Actor, contest_id: int) -> ContestView:
        with read_session(self.sessions) as session:
            contest = find_contest(session, contest_id)
            view = contest_view(session, contest, self.clock.now(), viewer, is_manager(viewer))
        if view.summary.phase == PHASE_UPCOMING and not (view.is_manager or view.is_judge):
            raise PermissionDenied("该评比尚未开始征集")
        return view

    def results(self, viewer: Actor, contest_id: int) -> Results:
        """Every entry's judges' totals, score, rank and award, and each judge's progress.
        Trainers see them all along; everyone else, once published, the winners and the
        score and rank of their own entry."""
        with read_session(self.sessions) as session:
            contest = find_contest(session, contest_id)
            view = contest_view(session, contest, self.clock.now(), viewer, is_manager(viewer))
            standings, progress = _standings(session, contest)
        if view.is_manager:
            return Results(view, standings, progress)
        if view.summary.phase != PHASE_PUBLISHED:
            raise PermissionDenied("评比结果尚未公布")
        return Results(view, tuple(s for s in standings
                                   if s.award or viewer.id in {a.id for a in s.authors}))

    def visible_results(self, viewer: Actor, contest_id: int) -> Results | None:
        """The results as `viewer` may see them now, or None before they are published."""
        try:
            return self.results(viewer, contest_id)
        except PermissionDenied:
            return None

    # -- awards and publishing -------------------------------------------------------------
    def set_awards(self, actor: Actor, contest_id: int, awards: Mapping[int, str]) -> None:
        """The trainer's awards per entry id ("" for none), once the submissions have closed."""
        require_manager(actor, "评定奖项")
        bad = sorted({a for a in awards.values() if a and a not in AWARDS})
        if bad:
            raise InvalidInput(f"奖项只能是：{'、'.join(AWARDS)}，不能是“{'、'.join(bad)}”")
        with write_session(self.sessions) as session:
            contest = find_contest(session, contest_id, lock=True)
            _require_judging(contest, self.clock, "评定奖项")
            entries = {e.id: e for e in submitted_entries(session, contest.id)}
            unknown = set(awards) - set(entries)
            if unknown:
                raise InvalidInput("所选案例不属于本次评比的有效参评案例，请刷新页面后重试")
            for entry_id, award in awards.items():
                entries[entry_id].award = award
            summary = "；".join(f"{entries[i].title}：{a or '无'}" for i, a in sorted(awards.items()))
            add_event(session, self.clock, actor, "contest_awards_set", contest.title, summary)

    def publish(self, actor: Actor, contest_id: int) -> list[int]:
        """Publish the results: every winner becomes a published case marked 优秀案例 with its
        authors credited, all in one transaction.  Returns the new cases' ids."""
        require_manager(actor, "公布评比结果")
        with write_session(self.sessions) as session:
            contest = find_contest(session, contest_id, lock=True)
            _require_judging(contest, self.clock, "公布结果")
            standings, progress = _standings(session, contest)
            _check_publishable(standings, progress)
            entries = {e.id: e for e in submitted_entries(session, contest.id)}
            case_ids = []
            for standing in sorted((s for s in standings if s.award),
                                   key=lambda s: (award_order(s.award), s.rank or 0)):
                entry = entries[standing.entry_id]
                entry.case_id = self.cases.add_case_in(
                    session, actor, _winner_case(contest.title, standing, case_input(entry)),
                    publish=True, note=f"{contest.title}{standing.award}")
                case_ids.append(entry.case_id)
            contest.published_at, contest.published_by = to_db(self.clock.now()), actor.id
            add_event(session, self.clock, actor, "contest_published", contest.title,
                      f"获奖案例 {len(case_ids)} 个，已加入案例库（优秀案例）")
        for case_id in case_ids:
            self.cases.announce_saved(case_id)
        if self.notifier is not None:
            self.notifier.announce(self._outcome_notice(contest_id))
        return case_ids

    def _outcome_notice(self, contest_id: int) -> Announcement:
        """One inbox notice per author (event key per contest: written once, however often
        it is tried): their award, or that the results are out."""
        with read_session(self.sessions) as session:
            contest = find_contest(session, contest_id)
            personal = {}
            for entry in submitted_entries(session, contest.id):
                outcome = (f"获{entry.award}，已作为“优秀案例”收入案例库" if entry.award
                           else "未获奖，获奖名单见评比页面")
                for author in author_ids(entry):
                    personal[author] = (f"案例评比结果：《{entry.title}》{entry.award or '未获奖'}",
                                        f"“{contest.title}”结果已公布：您参与的案例《{entry.title}》{outcome}。")
            title = contest.title
        return Announcement(key=f"case-contest:{contest_id}:published", title=f"案例评比结果已公布：{title}",
                            body=f"“{title}”结果已公布。", link=self.contest_url(contest_id),
                            user_ids=tuple(personal), personal=personal)


def _standings(session, contest: CaseContest) -> tuple[tuple[Standing, ...],
                                                       tuple[JudgeProgress, ...]]:
    entries = submitted_entries(session, contest.id)
    judges = judge_ids(contest)
    reviews: dict[int, dict[int, int]] = {}
    if entries:
        for row in session.scalars(select(ContestReview).where(
                ContestReview.entry_id.in_([e.id for e in entries]))):
            reviews.setdefault(row.entry_id, {})[row.judge_id] = row.total
    names = people(session, [a for e in entries for a in author_ids(e)] + judges)
    rows, done, due = [], dict.fromkeys(judges, 0), dict.fromkeys(judges, 0)
    for entry in entries:
        eligible = [j for j in judges if j not in author_ids(entry)]
        scored = reviews.get(entry.id, {})
        totals = tuple(scored[j] for j in eligible if j in scored)
        for judge in eligible:
            due[judge] += 1
            done[judge] += judge in scored
        score, trimmed = entry_score(totals)
        rows.append(Standing(entry.id, entry.title, entry.audit_type,
                             tuple(names[a] for a in author_ids(entry) if a in names), totals,
                             score, trimmed, len(totals) == len(eligible), None, entry.award,
                             entry.case_id))
    ranked = [Standing(**{**s.__dict__, "rank": r}) for s, r in
              zip(rows, ranks([s.score for s in rows]))]
    ranked.sort(key=lambda s: (s.rank is None, s.rank or 0, s.entry_id))
    progress = tuple(JudgeProgress(names[j], done[j], due[j]) for j in judges if j in names)
    return tuple(ranked), progress


def _check_publishable(standings, progress) -> None:
    if not standings:
        raise Conflict("本次评比没有有效的参评案例，无法公布结果")
    behind = [f"{p.judge.name}（已评 {p.done}/{p.due}）" for p in progress if not p.is_complete]
    if behind:
        raise Conflict("还有评委没有完成评分，不能公布结果：" + "、".join(behind))
    if not any(s.award for s in standings):
        raise Conflict("请先评定奖项再公布结果")


def _winner_case(title: str, standing: Standing, case: CaseInput) -> CaseInput:
    """The winner as a library case: marked 优秀案例, its award and authors in 来源."""
    credit = f"{title}{standing.award}（作者：{standing.author_names}）"
    tags = (EXCELLENT_TAG,) + tuple(t for t in case.tags if t != EXCELLENT_TAG)
    return CaseInput(case.title, case.audit_type, case.body, tags[:20], case.case_date,
                     credit[:300], case.summary)


def _require_judging(contest: CaseContest, clock: Clock, what: str) -> None:
    phase = phase_of(contest, clock.now())
    if phase == PHASE_PUBLISHED:
        raise Conflict(f"评比结果已公布，不能再{what}")
    if phase in (PHASE_UPCOMING, PHASE_SUBMITTING):
        raise Conflict(f"案例征集尚未截止，截止后才能{what}")
    assert phase == PHASE_JUDGING


def _has_reviews(session, contest_id: int) -> bool:
    entry_ids = [e.id for e in submitted_entries(session, contest_id)]
    return bool(entry_ids) and session.scalar(
        select(ContestReview.id).where(ContestReview.entry_id.in_(entry_ids)).limit(1)) is not None


def _scoring_changed(contest: CaseContest, data: ContestInput, judges: list[int]) -> bool:
    return ([(c.name, c.weight) for c in contest.criteria] != list(data.criteria)
            or sorted(judge_ids(contest)) != sorted(judges))


def _settings_detail(data: ContestInput) -> str:
    criteria = "、".join(f"{name}{weight}分" for name, weight in data.criteria)
    opens, closes = to_local(data.opens_at), to_local(data.closes_at)
    return (f"征集 {opens:%Y-%m-%d %H:%M} 至 {closes:%Y-%m-%d %H:%M}；"
            f"评分标准：{criteria}；评委：{'、'.join(data.judges)}；"
            f"{'匿名评审' if data.blind else '实名评审'}")

