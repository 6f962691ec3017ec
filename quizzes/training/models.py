"""Tables of the training record: lectures, the statutes each covered, who attended, and
the materials handed out (the files themselves live in the private data directory,
quizzes.training.materials)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, utcnow

USERS_FK = "users.id"


class Lecture(Base):
    """One 法律讲座 or 科室讲堂: held on a day, worth `hours` 学时 to each attendee."""
    __tablename__ = "quiz_lectures"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    # 法律讲座 / 科室讲堂 (quizzes.training.lectures.KINDS)
    kind: Mapped[str] = mapped_column(String(20), default="lecture")
    speaker: Mapped[str] = mapped_column(String(100))
    # The local (Beijing) day it was held; the year of the record is this day's year.
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    hours: Mapped[float] = mapped_column(Float)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey(USERS_FK, ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    statutes: Mapped[list["LectureStatute"]] = relationship(cascade="all, delete-orphan")
    attendees: Mapped[list["LectureAttendance"]] = relationship(cascade="all, delete-orphan")
    materials: Mapped[list["LectureMaterial"]] = relationship(
        cascade="all, delete-orphan", order_by="LectureMaterial.id")


class LectureStatute(Base):
    """A statute the lecture covered."""
    __tablename__ = "quiz_lecture_statutes"

    lecture_id: Mapped[int] = mapped_column(ForeignKey("quiz_lectures.id", ondelete="CASCADE"),
                                            primary_key=True)
    statute_id: Mapped[int] = mapped_column(ForeignKey("statutes.id", ondelete="CASCADE"),
                                            primary_key=True)


class LectureAttendance(Base):
    """One person at one lecture (picked from the user list or imported from a sheet)."""
    __tablename__ = "quiz_lecture_attendance"
    __table_args__ = (UniqueConstraint("lecture_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lecture_id: Mapped[int] = mapped_column(ForeignKey("quiz_lectures.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey(USERS_FK, ondelete="CASCADE"), index=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class LectureMaterial(Base):
    """A file handed out at a lecture: its name as uploaded, the checked type, and the
    random name it is stored under (never derived from the upload's name)."""
    __tablename__ = "quiz_lecture_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    lecture_id: Mapped[int] = mapped_column(ForeignKey("quiz_lectures.id", ondelete="CASCADE"),
                                            index=True)
    filename: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    # The kind sniffed from the bytes (quizzes.training.materials.KINDS).
    kind: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey(USERS_FK, ondelete="SET NULL"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
