"""法律讲座 and 科室讲堂: a trainer records a lecture (title, speaker, day, 学时, the statutes
it covered), its materials (private files, quizzes.training.materials) and who attended
(picked from the user list, or imported from a sheet, quizzes.training.attendance).

Every change is a manager's and is written to the audit log in its own transaction.
Everyone signed in may read the lectures and download their materials; the attendance
list is the managers' (a person sees whether they attended).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from accounts.permissions import is_manager, require_manager
from accounts.security_log import add_event
from accounts.user import Department, User
from core.actor import Actor
from core.clock import Clock, to_db
from core.errors import InvalidInput, NotFound
from kb.models import Statute
from quizzes.training.activity import check_year
from quizzes.training.attendance import match_lines, read_attendance
from quizzes.training.materials import KINDS, MaterialStore, check_material, clean_filename
from quizzes.training.models import Lecture, LectureAttendance, LectureMaterial, LectureStatute
from quizzes.transactions import SessionFactory, read_session, write_session

KINDS_OF_LECTURE = {"lecture": "法律讲座", "class": "科室讲堂"}
MAX_HOURS = 8.0
MAX_STATUTES = 50
MAX_MATERIALS = 20


@dataclass(frozen=True)
class LectureInput:
    title: str
    kind: str
    speaker: str
    held_on: dt.date
    hours: float
    summary: str = ""
    statute_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Person:
    id: int
    username: str
    name: str
    department: str


@dataclass(frozen=True)
class MaterialInfo:
    id: int
    filename: str
    kind: str
    media_type: str
    size: int

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind].label


@dataclass(frozen=True)
class LectureSummary:
    id: int
    title: str
    kind: str
    kind_name: str
    speaker: str
    held_on: dt.date
    hours: float
    attendee_count: int


@dataclass(frozen=True)
class LectureDetail:
    summary: LectureSummary
    text: str
    statutes: tuple[tuple[int, str], ...]
    materials: tuple[MaterialInfo, ...]
    # The attendance list: managers only (empty for others).
    attendees: tuple[Person, ...]
    # Whether the reader attended.
    attended: bool


@dataclass(frozen=True)
class AttendanceReport:
    added: int
    already: int


def check_lecture(data: LectureInput, today: dt.date) -> LectureInput:
    """The input with its texts tidied; InvalidInput naming the first problem."""
    title, speaker = " ".join(data.title.split()), " ".join(data.speaker.split())
    if not title or len(title) > 200:
        raise InvalidInput("讲座题目不能为空，且不超过 200 个字")
    if not speaker or len(speaker) > 100:
        raise InvalidInput("主讲人不能为空，且不超过 100 个字")
    if data.kind not in KINDS_OF_LECTURE:
        raise InvalidInput("讲座类型只能是：" + "、".join(KINDS_OF_LECTURE.values()))
    if not dt.date(2000, 1, 1) <= data.held_on <= today:
        raise InvalidInput("讲座日期应在 2000 年之后，且不晚于今天（记录已举办的讲座）")
    if not isinstance(data.hours, (int, float)) or not 0 < data.hours <= MAX_HOURS \
            or round(data.hours * 2) != data.hours * 2:
        raise InvalidInput(f"学时应在 0.5 至 {MAX_HOURS:g} 之间，以 0.5 学时为单位")
    if len(data.summary) > 5000:
        raise InvalidInput("讲座简介不超过 5000 个字")
    if len(set(data.statute_ids)) > MAX_STATUTES:
        raise InvalidInput(f"涉及法规最多选 {MAX_STATUTES} 部")
    return LectureInput(title, data.kind, speaker, data.held_on, float(data.hours), data.summary.strip(),
                        tuple(dict.fromkeys(data.statute_ids)))


class LectureService:
    def __init__(self, sessions: SessionFactory, clock: Clock, store: MaterialStore):
        self.sessions = sessions
        self.clock = clock
        self.store = store

    def list_lectures(self, actor: Actor, year: int | None = None) -> list[LectureSummary]:
        """Lectures, newest first (of one year when given)."""
        with read_session(self.sessions) as session:
            counts = (select(LectureAttendance.lecture_id, func.count().label("n"))
                      .group_by(LectureAttendance.lecture_id).subquery())
            statement = (select(Lecture, func.coalesce(counts.c.n, 0))
                         .outerjoin(counts, counts.c.lecture_id == Lecture.id)
                         .order_by(Lecture.held_on.desc(), Lecture.id.desc()))
            if year is not None:
                check_year(year)
                statement = statement.where(Lecture.held_on >= dt.date(year, 1, 1),
                                            Lecture.held_on < dt.date(year + 1, 1, 1))
            return [_summary(lecture, count) for lecture, count in session.execute(statement)]

    def get(self, actor: Actor, lecture_id: int) -> LectureDetail:
        with read_session(self.sessions) as session:
            lecture = _load(session, lecture_id)
            statutes = tuple(session.execute(
                select(Statute.id, Statute.title).join(LectureStatute, LectureStatute.statute_id == Statute.id)
                .where(LectureStatute.lecture_id == lecture_id).order_by(Statute.title)).tuples())
            people = _people(session, select(LectureAttendance.user_id)
                             .where(LectureAttendance.lecture_id == lecture_id))
            attended = any(p.id == actor.id for p in people)
            return LectureDetail(_summary(lecture, len(people)), lecture.summary, statutes,
                                 tuple(_material_info(m) for m in lecture.materials),
                                 tuple(people) if is_manager(actor) else (), attended)

    def statute_choices(self) -> list[tuple[int, str]]:
        with read_session(self.sessions) as session:
            return list(session.execute(select(Statute.id, Statute.title).order_by(Statute.title)).tuples())

    def candidates(self, actor: Actor) -> list[Person]:
        """Everyone who may be marked present: the active accounts, by department and name."""
        require_manager(actor, "登记讲座签到")
        with read_session(self.sessions) as session:
            return _people(session, select(User.id).where(User.is_active.is_(True)))

    def create(self, actor: Actor, data: LectureInput) -> int:
        require_manager(actor, "登记讲座")
        data = check_lecture(data, self.clock.today_local())
        with write_session(self.sessions) as session:
            lecture = Lecture(created_by_id=actor.id, created_at=to_db(self.clock.now()))
            _apply(session, lecture, data, self.clock)
            session.add(lecture)
            session.flush()
            add_event(session, self.clock, actor, "lecture_recorded", f"讲座 #{lecture.id} {data.title}",
                      f"{data.held_on:%Y-%m-%d}，{data.hours:g} 学时，主讲人 {data.speaker}")
            return lecture.id

    def update(self, actor: Actor, lecture_id: int, data: LectureInput) -> None:
        require_manager(actor, "修改讲座")
        data = check_lecture(data, self.clock.today_local())
        with write_session(self.sessions) as session:
            lecture = _load(session, lecture_id)
            _apply(session, lecture, data, self.clock)
            add_event(session, self.clock, actor, "lecture_updated", f"讲座 #{lecture_id} {data.title}",
                      f"{data.held_on:%Y-%m-%d}，{data.hours:g} 学时")

    def delete(self, actor: Actor, lecture_id: int) -> None:
        require_manager(actor, "删除讲座")
        with write_session(self.sessions) as session:
            lecture = _load(session, lecture_id)
            stored = [m.stored_name for m in lecture.materials]
            add_event(session, self.clock, actor, "lecture_deleted", f"讲座 #{lecture_id} {lecture.title}",
                      f"签到 {len(lecture.attendees)} 人，材料 {len(stored)} 份")
            session.delete(lecture)
        for name in stored:
            self.store.delete(name)

    def set_attendance(self, actor: Actor, lecture_id: int, user_ids: list[int]) -> int:
        """The attendance as picked from the user list (replacing the previous list)."""
        require_manager(actor, "登记讲座签到")
        wanted = list(dict.fromkeys(user_ids))
        with write_session(self.sessions) as session:
            lecture = _load(session, lecture_id)
            known = set(session.scalars(select(User.id).where(User.id.in_(wanted))))
            if len(known) != len(wanted):
                raise InvalidInput("签到名单中有不存在的用户，请刷新页面后重新选择")
            lecture.attendees = [a for a in lecture.attendees if a.user_id in known]
            present = {a.user_id for a in lecture.attendees}
            now = to_db(self.clock.now())
            lecture.attendees += [LectureAttendance(user_id=u, recorded_at=now) for u in wanted if u not in present]
            add_event(session, self.clock, actor, "lecture_attendance", f"讲座 #{lecture_id} {lecture.title}",
                      f"按名单登记签到 {len(wanted)} 人")
            return len(wanted)

    def import_attendance(self, actor: Actor, lecture_id: int, filename: str, data: bytes) -> AttendanceReport:
        """Adds the people of a sheet; AttendanceRejected (nothing recorded) when a row is wrong."""
        require_manager(actor, "导入讲座签到")
        lines = read_attendance(filename, data)
        with write_session(self.sessions) as session:
            lecture = _load(session, lecture_id)
            user_ids = match_lines(session, lines)
            present = {a.user_id for a in lecture.attendees}
            now = to_db(self.clock.now())
            new = [u for u in user_ids if u not in present]
            lecture.attendees += [LectureAttendance(user_id=u, recorded_at=now) for u in new]
            add_event(session, self.clock, actor, "lecture_attendance", f"讲座 #{lecture_id} {lecture.title}",
                      f"导入签到表“{filename}”：新增 {len(new)} 人，已登记 {len(user_ids) - len(new)} 人")
            return AttendanceReport(len(new), len(user_ids) - len(new))

    def add_material(self, actor: Actor, lecture_id: int, filename: str, data: bytes) -> MaterialInfo:
        require_manager(actor, "上传讲座材料")
        filename = clean_filename(filename)
        kind = check_material(filename, data)
        stored = self.store.save(data)
        try:
            with write_session(self.sessions) as session:
                lecture = _load(session, lecture_id)
                if len(lecture.materials) >= MAX_MATERIALS:
                    raise InvalidInput(f"每场讲座最多上传 {MAX_MATERIALS} 份材料")
                material = LectureMaterial(lecture_id=lecture_id, filename=filename, kind=kind,
                                           stored_name=stored.stored_name, size=stored.size, sha256=stored.sha256,
                                           uploaded_by_id=actor.id, uploaded_at=to_db(self.clock.now()))
                session.add(material)
                session.flush()
                add_event(session, self.clock, actor, "lecture_material_added",
                          f"讲座 #{lecture_id} {lecture.title}", f"{filename}（{stored.size} 字节）")
                return _material_info(material)
        except BaseException:
            self.store.delete(stored.stored_name)   # no file without its row
            raise

    def material(self, actor: Actor, lecture_id: int, material_id: int) -> tuple[MaterialInfo, bytes]:
        with read_session(self.sessions) as session:
            material = _load_material(session, lecture_id, material_id)
            info, stored_name = _material_info(material), material.stored_name
        return info, self.store.read(stored_name)

    def delete_material(self, actor: Actor, lecture_id: int, material_id: int) -> None:
        require_manager(actor, "删除讲座材料")
        with write_session(self.sessions) as session:
            material = _load_material(session, lecture_id, material_id)
            stored_name = material.stored_name
            add_event(session, self.clock, actor, "lecture_material_deleted", f"讲座 #{lecture_id}",
                      material.filename)
            session.delete(material)
        self.store.delete(stored_name)


def _apply(session: Session, lecture: Lecture, data: LectureInput, clock: Clock) -> None:
    if data.statute_ids:
        found = set(session.scalars(select(Statute.id).where(Statute.id.in_(data.statute_ids))))
        missing = [str(i) for i in data.statute_ids if i not in found]
        if missing:
            raise InvalidInput(f"所选法规不存在（编号 {'、'.join(missing)}），请刷新页面后重新选择")
    lecture.title, lecture.kind, lecture.speaker = data.title, data.kind, data.speaker
    lecture.held_on, lecture.hours, lecture.summary = data.held_on, data.hours, data.summary
    lecture.updated_at = to_db(clock.now())
    lecture.statutes = [LectureStatute(statute_id=i) for i in data.statute_ids]


def _load(session: Session, lecture_id: int) -> Lecture:
    lecture = session.get(Lecture, lecture_id, options=[selectinload(Lecture.materials),
                                                        selectinload(Lecture.attendees)])
    if lecture is None:
        raise NotFound(f"讲座 {lecture_id} 不存在")
    return lecture


def _load_material(session: Session, lecture_id: int, material_id: int) -> LectureMaterial:
    material = session.get(LectureMaterial, material_id)
    if material is None or material.lecture_id != lecture_id:
        raise NotFound("讲座材料不存在")
    return material


def _people(session: Session, user_ids) -> list[Person]:
    rows = session.execute(select(User.id, User.username, User.display_name, Department.name)
                           .outerjoin(Department, Department.id == User.department_id)
                           .where(User.id.in_(user_ids)))
    return sorted((Person(i, u, n, d or "未分配科室") for i, u, n, d in rows),
                  key=lambda p: (p.department, p.username))


def _summary(lecture: Lecture, attendee_count: int) -> LectureSummary:
    return LectureSummary(lecture.id, lecture.title, lecture.kind, KINDS_OF_LECTURE.get(lecture.kind, lecture.kind),
                          lecture.speaker, lecture.held_on, lecture.hours, attendee_count)


def _material_info(material: LectureMaterial) -> MaterialInfo:
    return MaterialInfo(material.id, material.filename, material.kind, KINDS[material.kind].media_type,
                        material.size)
