"""The annual 学法记录 export for a bureau of 2,000 people (issue 16; target ≤ 10 s).

    python -m bench.training_record_bench [--people 2000] [--runs 3]

Builds, in a temporary SQLite database, a year of realistic history: 12 departments,
2,000 active 审计人员, 26 fortnightly rounds (two of them 练兵比武, a quarter of the
rest addressed to a few departments) with about 85 % taking each — some twice — every
attempt 8–40 minutes, a few left open for days; about ten 自测 sessions per person; six
法律讲座 for everyone and a 科室讲堂 per department each quarter with 70–90 % attending.
Then times `AnnualReport.workbook` (the whole summary read with one query per table,
and the .xlsx written) and prints each run and the median, with the row counts.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from accounts.permissions import system_actor
from accounts.user import ROLE_STAFF, Department, User
from core.clock import FixedClock
from core.settings import Settings, sqlite_url
from quizzes.models import Attempt, Round, RoundDepartment
from quizzes.services import open_services
from quizzes.training.models import Lecture, LectureAttendance

YEAR = 2026
DEPARTMENTS = 12


def utc(day: dt.date, hour: int = 2, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute)


def build(db, people: int, rng: random.Random) -> dict[str, int]:
    with db.session() as session, session.begin():
        session.execute(insert(Department), [{"id": i + 1, "name": f"第{i + 1:02d}科室"} for i in range(DEPARTMENTS)])
        session.execute(insert(User), [{"id": u, "username": f"{10000 + u}", "display_name": f"人员{u}",
                                        "role": ROLE_STAFF, "department_id": u % DEPARTMENTS + 1, "password_hash": "!"}
                                       for u in range(1, people + 1)])
        counts = {"people": people}
        counts.update(_rounds(session, people, rng))
        counts.update(_practice(session, people, rng))
        counts.update(_lectures(session, people, rng))
    return counts


def _rounds(session, people: int, rng: random.Random) -> dict[str, int]:
    rounds, departments, attempts = [], [], []
    for index in range(26):
        opens = dt.date(YEAR, 1, 5) + dt.timedelta(days=14 * index)
        competition = index in (10, 22)
        restricted = not competition and index % 4 == 3
        rounds.append({"id": index + 1, "kind": "training", "title": f"第{index + 1}期练兵", "status": "closed",
                       "audience_all": not restricted, "opens_at": utc(opens), "closes_at": utc(opens + dt.timedelta(days=7)),
                       "competition": competition, "time_limit_minutes": 30 if competition else None, "scoring": {}})
        chosen = rng.sample(range(1, DEPARTMENTS + 1), 3) if restricted else []
        departments += [{"round_id": index + 1, "department_id": d} for d in chosen]
        for user in range(1, people + 1):
            if (chosen and user % DEPARTMENTS + 1 not in chosen) or rng.random() > 0.85:
                continue
            for number in range(1, 3 if rng.random() < 0.1 and not competition else 2):
                start = utc(opens + dt.timedelta(days=rng.randrange(7)), rng.randrange(1, 10), rng.randrange(60))
                used = dt.timedelta(days=3) if rng.random() < 0.02 else dt.timedelta(minutes=rng.randrange(8, 40))
                attempts.append({"round_id": index + 1, "user_id": user, "number": number, "status": "submitted",
                                 "started_at": start, "submitted_at": start + used, "score": float(rng.randrange(40, 101)),
                                 "max_score": 100.0, "ungraded": 0})
    session.execute(insert(Round), rounds)
    session.execute(insert(RoundDepartment), departments)
    session.execute(insert(Attempt), attempts)
    return {"rounds": len(rounds), "round attempts": len(attempts)}


def _practice(session, people: int, rng: random.Random) -> dict[str, int]:
    rounds, attempts, next_id = [], [], 1000
    for user in range(1, people + 1):
        for _ in range(rng.randrange(0, 21)):
            next_id += 1
            start = utc(dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(360)), rng.randrange(1, 12))
            rounds.append({"id": next_id, "kind": "self", "title": "自测", "status": "open", "owner_id": user,
                           "audience_all": False, "opens_at": start, "closes_at": None, "practice_mode": True,
                           "scoring": {}})
            attempts.append({"round_id": next_id, "user_id": user, "number": 1, "status": "submitted",
                             "started_at": start, "submitted_at": start + dt.timedelta(minutes=rng.randrange(3, 30)),
                             "score": 8.0, "max_score": 10.0, "ungraded": 0})
    session.execute(insert(Round), rounds)
    session.execute(insert(Attempt), attempts)
    return {"practice sessions": len(attempts)}


def _lectures(session, people: int, rng: random.Random) -> dict[str, int]:
    lectures, attendance = [], []
    for index in range(6):
        lectures.append(dict(id=index + 1, title=f"法律讲座第{index + 1}讲", kind="lecture", speaker="主讲人",
                             held_on=dt.date(YEAR, 2 * index + 1, 15), hours=2.0, department=None))
    for department in range(1, DEPARTMENTS + 1):
        for quarter in range(4):
            lectures.append(dict(id=len(lectures) + 1, title=f"科室讲堂 {department}-{quarter + 1}", kind="class",
                                 speaker="科长", held_on=dt.date(YEAR, 3 * quarter + 2, 10), hours=1.0,
                                 department=department))
    for lecture in lectures:
        rate = rng.uniform(0.7, 0.9)
        attendance += [{"lecture_id": lecture["id"], "user_id": u, "recorded_at": utc(lecture["held_on"])}
                       for u in range(1, people + 1)
                       if (lecture["department"] in (None, u % DEPARTMENTS + 1)) and rng.random() < rate]
    session.execute(insert(Lecture), [{k: v for k, v in row.items() if k != "department"} for row in lectures])
    session.execute(insert(LectureAttendance), attendance)
    return {"lectures": len(lectures), "attendances": len(attendance)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        settings = Settings(data_dir=data, database_url=sqlite_url(data), corpus_path=data / "none")
        services = open_services(settings, clock=FixedClock(dt.datetime(YEAR + 1, 1, 10, tzinfo=dt.timezone.utc)))
        started = time.perf_counter()
        counts = build(services.db, args.people, random.Random(16))
        print(f"built in {time.perf_counter() - started:.1f} s: "
              + ", ".join(f"{name} {count}" for name, count in counts.items()))
        timings, actor = [], system_actor("bench")
        for run in range(args.runs):
            started = time.perf_counter()
            data_bytes = services.annual_report.workbook(actor, YEAR)
            timings.append(time.perf_counter() - started)
            print(f"run {run + 1}: {timings[-1]:.2f} s ({len(data_bytes) // 1024} KB)")
        print(f"median annual export ({args.people} people): {statistics.median(timings):.2f} s (target ≤ 10 s)")
        services.close()


if __name__ == "__main__":
    main()
