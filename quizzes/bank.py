"""题库: creating and editing questions (every edit a new revision), the review workflow
draft → reviewed → published (→ archived), and listing the bank for trainers.

Role rules: trainers and admins write, review, publish and archive.  A trainer may not
review a revision they wrote themselves (four eyes); an admin may.  Publishing needs a
reviewed revision.  Rounds that are not yet closed switch to a newly published revision;
attempts keep the revision they were started with.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from accounts.security_log import add_event
from accounts.user import User
from core.clock import Clock, from_db, to_db
from core.errors import Conflict, InvalidInput, KbError, NotFound, PermissionDenied
from accounts.permissions import is_admin, require_manager
from core.actor import Actor
from kb.cases.models import Case
from quizzes.articles import ArticleResolver, Citation
from quizzes.citations import QuestionCitations
from quizzes.content import TYPE_NAMES, Content, content_of, parse_content, revision_fields
from quizzes.facets import BankFacets, revision_facets
from quizzes.models import Question, QuestionReport, QuestionRevision, Round, RoundQuestion
from quizzes.transactions import SessionFactory, read_session, write_session

DRAFT, REVIEWED, PUBLISHED, ARCHIVED = "draft", "reviewed", "published", "archived"
STATUS_NAMES = {DRAFT: "草稿", REVIEWED: "已审核", PUBLISHED: "已发布", ARCHIVED: "已停用"}
ORIGINS = ("manual", "imported", "generated", "sample")
PAGE_SIZE = 50


@dataclass(frozen=True)
class QuestionDetail:
    """A question as trainers see it: the latest revision, with its answer."""
    id: int
    status: str
    revision_no: int
    published_no: int | None
    origin: str
    author_id: int | None
    author_name: str
    reviewed_by_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    content: Content
    citations: tuple[Citation, ...]
    open_reports: int = 0

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]

    @property
    def type_name(self) -> str:
        return TYPE_NAMES[self.content.qtype]


@dataclass(frozen=True)
class RevisionInfo:
    number: int
    author_id: int | None
    created_at: dt.datetime
    note: str
    content: Content


@dataclass(frozen=True)
class QuestionFilter:
    status: str | None = None
    qtype: str | None = None
    origin: str | None = None
    tag: str | None = None
    statute_id: int | None = None
    text: str | None = None
    # Only these questions (a round's paper, a composition preview); empty: no limit.
    ids: tuple[int, ...] = ()
    page: int = 1
    page_size: int = PAGE_SIZE


@dataclass(frozen=True)
class QuestionPage:
    items: tuple[QuestionDetail, ...]
    total: int
    page: int
    page_size: int


@dataclass
class BatchResult:
    """Outcome of a batch review/publish: what changed and why the rest did not."""
    done: list[int] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)


def latest_revision(session: Session, question: Question) -> QuestionRevision:
    return session.scalars(select(QuestionRevision).where(
        QuestionRevision.question_id == question.id,
        QuestionRevision.number == question.latest_no)).one()


def published_revision(session: Session, question: Question) -> QuestionRevision | None:
    if question.published_no is None or question.status == ARCHIVED:
        return None
    return session.scalars(select(QuestionRevision).where(
        QuestionRevision.question_id == question.id,
        QuestionRevision.number == question.published_no)).one()


def add_question(session: Session, content: Content, author_id: int | None, now: dt.datetime, *,
                 origin: str = "manual", source_key: str | None = None,
                 status: str = DRAFT) -> Question:
    """Store a new question with its first revision (the caller validated `content`)."""
    question = Question(status=status, latest_no=1, qtype=content.qtype, origin=origin,
                        source_key=source_key, fingerprint=content.fingerprint(),
                        author_id=author_id, created_at=to_db(now), updated_at=to_db(now),
                        published_no=1 if status == PUBLISHED else None)
    session.add(question)
    session.flush()
    session.add(QuestionRevision(question_id=question.id, number=1, author_id=author_id,
                                 created_at=to_db(now), **revision_fields(content)))
    session.flush()
    return question


def find_duplicate(session: Session, content: Content) -> int | None:
    return session.scalar(select(Question.id).where(
        Question.fingerprint == content.fingerprint()).limit(1))


class QuestionBank:
    def __init__(self, sessions: SessionFactory, clock: Clock, resolver: ArticleResolver,
                 citations: QuestionCitations):
        self.sessions = sessions
        self.clock = clock
        self.resolver = resolver
        self.citations = citations

    def parse(self, data: Mapping, previous: Content | None = None) -> Content:
        """Validate question data (articles checked against the library, the case against
        the case library)."""
        if not isinstance(data, Mapping):
            raise InvalidInput("试题数据格式不正确")
        content = parse_content(data, self.resolver.resolve(data.get("articles")), previous,
                                self.resolver.resolve)
        if content.case_id is not None:
            with read_session(self.sessions) as session:
                if session.get(Case, content.case_id) is None:
                    raise InvalidInput(f"案例 {content.case_id} 不存在")
        return content

    def store_new(self, session: Session, content: Content, author_id: int | None, **options) -> Question:
        """add_question plus the question's citations (found beforehand by the caller
        through `self.citations.find`, passed as `citations=`)."""
        citations = options.pop("citations")
        question = add_question(session, content, author_id, self.clock.now(), **options)
        self.citations.record(session, question.id, citations)
        return question

    def create_question(self, actor: Actor, data: Mapping) -> QuestionDetail:
        content = self.parse(data)
        citations = self.citations.find(content)
        with write_session(self.sessions) as session:
            require_manager(actor, "编写试题")
            question = self.store_new(session, content, actor.id, citations=citations)
            return self._detail(session, question)

    def update_question(self, actor: Actor, question_id: int, data: Mapping,
                        note: str = "") -> QuestionDetail:
        """A new revision; the question goes back to draft and needs review again."""
        with read_session(self.sessions) as session:
            previous = content_of(latest_revision(session, self._get(session, question_id)))
        content = self.parse(data, previous)
        citations = self.citations.find(content)
        with write_session(self.sessions) as session:
            require_manager(actor, "修改试题")
            question = self._get(session, question_id)
            if content.qtype != question.qtype:
                raise InvalidInput("不能修改已有试题的题型，请新建试题")
            now = to_db(self.clock.now())
            question.latest_no += 1
            session.add(QuestionRevision(question_id=question.id, number=question.latest_no,
                                         author_id=actor.id, created_at=now, note=note[:200],
                                         **revision_fields(content)))
            question.status, question.reviewed_by_id, question.reviewed_at = DRAFT, None, None
            question.fingerprint, question.updated_at = content.fingerprint(), now
            self.citations.record(session, question.id, citations)
            session.flush()
            return self._detail(session, question)

    def get_question(self, actor: Actor, question_id: int) -> QuestionDetail:
        with read_session(self.sessions) as session:
            require_manager(actor, "查看题库")
            return self._detail(session, self._get(session, question_id))

    def revisions(self, actor: Actor, question_id: int) -> list[RevisionInfo]:
        with read_session(self.sessions) as session:
            require_manager(actor, "查看题库")
            question = self._get(session, question_id)
            return [RevisionInfo(r.number, r.author_id, from_db(r.created_at), r.note, content_of(r))
                    for r in question.revisions]

    def list_questions(self, actor: Actor, query: QuestionFilter = QuestionFilter()) -> QuestionPage:
        with read_session(self.sessions) as session:
            require_manager(actor, "查看题库")
            rows = session.execute(self._list_statement(query)).all()
            matching = [(q, r) for q, r in rows if _matches(r, query)]
            page, size = max(query.page, 1), min(max(query.page_size, 1), 200)
            chosen = matching[(page - 1) * size: page * size]
            reports = self._open_reports(session, [q.id for q, _ in chosen])
            items = tuple(self._detail(session, q, r, reports.get(q.id, 0)) for q, r in chosen)
            return QuestionPage(items, len(matching), page, size)

    @staticmethod
    def _list_statement(query: QuestionFilter):
        statement = (select(Question, QuestionRevision)
                     .join(QuestionRevision, (QuestionRevision.question_id == Question.id)
                           & (QuestionRevision.number == Question.latest_no))
                     .order_by(Question.id.desc()))
        if query.status:
            statement = statement.where(Question.status == query.status)
        if query.qtype:
            statement = statement.where(Question.qtype == query.qtype)
        if query.origin:
            statement = statement.where(Question.origin == query.origin)
        if query.text:
            statement = statement.where(QuestionRevision.stem.contains(query.text.strip()))
        if query.ids:
            statement = statement.where(Question.id.in_(list(query.ids)))
        return statement

    def facets(self, actor: Actor) -> BankFacets:
        """Statutes and topics of the bank's questions in use (not archived), for filters."""
        with read_session(self.sessions) as session:
            require_manager(actor, "查看题库")
            return revision_facets(session, Question.latest_no, (DRAFT, REVIEWED, PUBLISHED),
                                   self.resolver.statute_name)

    def review(self, actor: Actor, question_ids: Iterable[int]) -> BatchResult:
        return self._transition(actor, question_ids, self._review_one, "审核试题", "question_reviewed")

    def publish(self, actor: Actor, question_ids: Iterable[int]) -> BatchResult:
        return self._transition(actor, question_ids, self._publish_one, "发布试题", "question_published")

    def return_to_draft(self, actor: Actor, question_ids: Iterable[int]) -> BatchResult:
        return self._transition(actor, question_ids, self._draft_one, "退回试题", "question_returned")

    def archive(self, actor: Actor, question_ids: Iterable[int]) -> BatchResult:
        """停用: no longer served to new rounds or self-practice; history stays intact."""
        return self._transition(actor, question_ids, self._archive_one, "停用试题", "question_archived")

    def _transition(self, actor: Actor, question_ids, step, what: str, action: str) -> BatchResult:
        """Each question in its own transaction, with its audit-log entry."""
        result = BatchResult()
        for question_id in dict.fromkeys(question_ids):
            try:
                with write_session(self.sessions) as session:
                    require_manager(actor, what)
                    question = self._get(session, question_id)
                    step(session, actor, question)
                    add_event(session, self.clock, actor, action, f"试题 #{question.id}",
                              f"第 {question.latest_no} 版")
                result.done.append(question_id)
            except PermissionDenied:
                raise
            except KbError as error:
                result.refused.append((question_id, str(error)))
        return result

    def _review_one(self, session: Session, actor: Actor, question: Question) -> None:
        if question.status != DRAFT:
            raise Conflict(f"试题 {question.id} 当前为“{STATUS_NAMES[question.status]}”，只有草稿可以审核")
        if is_own_writing(question, latest_revision(session, question), actor):
            raise Conflict(f"试题 {question.id} 的当前版本由您编写，需由其他培训管理员审核")
        question.status, question.reviewed_by_id = REVIEWED, actor.id
        question.reviewed_at = to_db(self.clock.now())

    def _publish_one(self, session: Session, actor: Actor, question: Question) -> None:
        if question.status != REVIEWED:
            raise Conflict(f"试题 {question.id} 尚未审核，审核后才能发布")
        question.status, question.published_no = PUBLISHED, question.latest_no
        question.updated_at = to_db(self.clock.now())
        self._follow_in_open_rounds(session, latest_revision(session, question))

    @staticmethod
    def _follow_in_open_rounds(session: Session, revision: QuestionRevision) -> None:
        open_rounds = select(Round.id).where(Round.status.in_(("draft", "scheduled", "open")))
        session.execute(update(RoundQuestion).where(
            RoundQuestion.question_id == revision.question_id,
            RoundQuestion.round_id.in_(open_rounds)).values(revision_id=revision.id))

    def _draft_one(self, session: Session, actor: Actor, question: Question) -> None:
        if question.status not in (REVIEWED, ARCHIVED):
            raise Conflict(f"试题 {question.id} 当前为“{STATUS_NAMES[question.status]}”，无需退回")
        question.status, question.reviewed_by_id, question.reviewed_at = DRAFT, None, None

    def _archive_one(self, session: Session, actor: Actor, question: Question) -> None:
        if question.status == ARCHIVED:
            raise Conflict(f"试题 {question.id} 已停用")
        question.status = ARCHIVED

    @staticmethod
    def _get(session: Session, question_id: int) -> Question:
        question = session.get(Question, question_id) if isinstance(question_id, int) else None
        if question is None:
            raise NotFound(f"没有找到试题 {question_id}")
        return question

    @staticmethod
    def _open_reports(session: Session, ids: list[int]) -> dict[int, int]:
        if not ids:
            return {}
        return dict(session.execute(select(QuestionReport.question_id, func.count())
                                    .where(QuestionReport.question_id.in_(ids),
                                           QuestionReport.status == "open")
                                    .group_by(QuestionReport.question_id)).all())

    def _detail(self, session: Session, question: Question, revision: QuestionRevision | None = None,
                open_reports: int | None = None) -> QuestionDetail:
        revision = revision or latest_revision(session, question)
        content = content_of(revision)
        author = session.get(User, question.author_id) if question.author_id else None
        if open_reports is None:
            open_reports = self._open_reports(session, [question.id]).get(question.id, 0)
        return QuestionDetail(question.id, question.status, question.latest_no,
                              question.published_no, question.origin, question.author_id,
                              author.display_name if author else "", question.reviewed_by_id,
                              from_db(question.created_at), from_db(question.updated_at), content,
                              tuple(self.resolver.describe(content.articles)), open_reports)


def is_own_writing(question: Question, revision: QuestionRevision, actor: Actor) -> bool:
    """Whether reviewing this revision would be the actor checking their own text.  A
    generated candidate's first revision is the generator's text: the trainer who ran
    the generator is its first human reader and may accept it."""
    if is_admin(actor) or revision.author_id != actor.id:
        return False
    return not (question.origin == "generated" and revision.number == 1)


def _matches(revision: QuestionRevision, query: QuestionFilter) -> bool:
    if query.tag and query.tag not in (revision.tags or ()):
        return False
    if query.statute_id and all(a[0] != query.statute_id for a in revision.articles or ()):
        return False
    return True

