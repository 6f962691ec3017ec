import pytest

from accounts.user import Department, User
from tests.quizzes.notify.servers import RobotServer, SmtpSink


@pytest.fixture
def people(kb):
    """Two departments with three staff each; one person has email turned off, one has none."""
    with kb.db.session() as s, s.begin():
        depts = [Department(name="审计一科"), Department(name="审计二科")]
        s.add_all(depts)
        s.flush()
        users = []
        for i in range(6):
            users.append(User(username=f"u{i}", display_name=f"用户{i}", password_hash="x",
                              department_id=depts[i % 2].id,
                              email=None if i == 5 else f"u{i}@audit.example",
                              email_notifications=i != 4))
        s.add_all(users)
        s.flush()
        return {"departments": [d.id for d in depts], "users": [u.id for u in users]}


@pytest.fixture
def smtp():
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def robots():
    with RobotServer() as server:
        yield server
