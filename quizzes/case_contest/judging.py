"""Judging: once submissions close, each judge scores every entry per criterion (0…the
criterion's weight) with a comment, and may revise it until the results are published.
A judge never scores an entry of their own team (回避); when judging is blind the judge's
list and the entry pages show no authors."""
from __future__ import annotations

from sqlalchemy import select

from accounts.permissions import require_manager
from core.actor import Actor
from core.clock import Clock, from_db, to_db
from core.errors import Conflict, NotFound, PermissionDenied
from core.transactions import read_session, write_session
from quizzes.case_contest.models import (ENTRY_SUBMITTED, CaseContest, ContestReview,
                                         ContestScore)
from quizzes.case_contest.queries import (author_ids, find_contest, find_entry, is_judge_of,
                                          people, phase_of, submitted_entries)
from quizzes.case_contest.values import (PHASE_JUDGING, PHASE_PUBLISHED, CriterionView,
                                         JudgeTask, ReviewInput, ReviewView)

TASK_TODO, TASK_DONE, TASK_RECUSED = "todo", "done", "recused"
TASK_NAMES = {TASK_TODO: "待评分", TASK_DONE: "已评分", TASK_RECUSED: "回避（本人参与）"}


class ContestJudging:
    def __init__(self, sessions, clock: Clock):
        self.sessions = sessions
        self.clock = clock

    def tasks(self, judge: Actor, contest_id: int) -> list[JudgeTask]:
        """The judge's list: every submitted entry, scored, to score, or recused."""
        with read_session(self.sessions) as session:
            contest = find_contest(session, contest_id)
            self._require_judge(session, contest, judge)
            entries = submitted_entries(session, contest.id)
            totals = dict(session.execute(select(ContestReview.entry_id, ContestReview.total).where(
                ContestReview.judge_id == judge.id,
                ContestReview.entry_id.in_([e.id for e in entries]))).all()) if entries else {}
            hide = contest.blind and phase_of(contest, self.clock.now()) != PHASE_PUBLISHED
            names = people(session, [a for e in entries for a in author_ids(e)])
            return [JudgeTask(e.id, e.title, e.audit_type,
                              "" if hide else "、".join(names[a].name for a in author_ids(e)
                                                        if a in names),
                              _state(judge, e, totals), totals.get(e.id)) for e in entries]

    def criteria(self, viewer: Actor, contest_id: int) -> tuple[CriterionView, ...]:
        with read_session(self.sessions) as session:
            contest = find_contest(session, contest_id)
            return tuple(CriterionView(c.id, c.name, c.weight) for c in contest.criteria)

    def review_of(self, judge: Actor, entry_id: int) -> ReviewView | None:
        """The judge's own scores of an entry, or None before scoring it."""
        with read_session(self.sessions) as session:
            entry = find_entry(session, entry_id)
            self._require_judge(session, session.get(CaseContest, entry.contest_id), judge)
            row = _review(session, entry.id, judge.id)
            return _review_view(session, row) if row else None

    def reviews_of_entry(self, viewer: Actor, entry_id: int) -> list[ReviewView]:
        """Every judge's scores and comment on an entry, for trainers."""
        require_manager(viewer, "查看评委的评分")
        with read_session(self.sessions) as session:
            rows = session.scalars(select(ContestReview).where(ContestReview.entry_id == entry_id)
                                   .order_by(ContestReview.id))
            return [_review_view(session, row) for row in rows]

    def score(self, judge: Actor, entry_id: int, data: ReviewInput) -> ReviewView:
        """Save (or revise) the judge's scores of an entry."""
        with write_session(self.sessions) as session:
            entry = find_entry(session, entry_id)
            contest = find_contest(session, entry.contest_id, lock=True)
            self._require_judge(session, contest, judge)
            self._require_judging(contest)
            if entry.status != ENTRY_SUBMITTED:
                raise NotFound("该案例已被作者撤回，不在评审之列")
            if judge.id in author_ids(entry):
                raise PermissionDenied("您是该案例的作者之一，应当回避，不能为本队的案例评分")
            data = data.clean(tuple(CriterionView(c.id, c.name, c.weight)
                                    for c in contest.criteria))
            row = _review(session, entry.id, judge.id) or ContestReview(
                entry_id=entry.id, judge_id=judge.id)
            row.total, row.comment = sum(data.points.values()), data.comment
            row.scored_at = to_db(self.clock.now())
            kept = {s.criterion_id: s for s in row.scores}
            row.scores = [kept.get(cid) or ContestScore(criterion_id=cid) for cid in data.points]
            for score in row.scores:
                score.points = data.points[score.criterion_id]
            session.add(row)
            session.flush()
            return _review_view(session, row)

    @staticmethod
    def _require_judge(session, contest: CaseContest, judge: Actor) -> None:
        if not is_judge_of(session, contest.id, judge.id):
            raise PermissionDenied("您不是本次评比的评委，不能评分")

    def _require_judging(self, contest: CaseContest) -> None:
        phase = phase_of(contest, self.clock.now())
        if phase == PHASE_PUBLISHED:
            raise Conflict("评比结果已公布，评分不能再修改")
        if phase != PHASE_JUDGING:
            raise Conflict("案例征集尚未截止，截止后才能开始评分")


def _state(judge: Actor, entry, totals: dict) -> str:
    if judge.id in author_ids(entry):
        return TASK_RECUSED
    return TASK_DONE if entry.id in totals else TASK_TODO


def _review(session, entry_id: int, judge_id: int | None) -> ContestReview | None:
    return session.scalars(select(ContestReview).where(
        ContestReview.entry_id == entry_id, ContestReview.judge_id == judge_id)).first()


def _review_view(session, row: ContestReview) -> ReviewView:
    judge = people(session, [row.judge_id])[row.judge_id]
    return ReviewView(row.entry_id, judge, {s.criterion_id: s.points for s in row.scores},
                      row.total, row.comment, from_db(row.scored_at))
