"""Building the quiz engine and the push/notice services from the app configuration.

Email settings are validated here once: a malformed MAIL_* setting turns email off and is
kept as `email_error`, which the admin pages and the test-notice command report, instead
of stopping the whole app from starting."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from core.errors import InvalidInput
from kb.services import KnowledgeBase
from quizzes.notify.admin import NoticeAdmin
from quizzes.notify.channels import EmailTransport, RobotTransport, SmtpSettings
from quizzes.notify.notifier import Inbox, Notifier
from quizzes.notify.sender import OutboxSender
from quizzes.push import PushService
from quizzes.schedule import ScheduleStore
from quizzes.services import QuizEngine

# The round page's path: the quiz pages serve it, notices link to it.
ROUND_PATH = "/rounds/{id}"


@dataclass
class NoticeServices:
    inbox: Inbox
    admin: NoticeAdmin
    schedule: ScheduleStore
    push: PushService
    email: EmailTransport | None
    robots: RobotTransport
    email_error: str | None


def email_transport(config: Mapping[str, Any]) -> tuple[EmailTransport | None, str | None]:
    try:
        settings = SmtpSettings.from_config({k: config.get(k) for k in config if k.startswith("MAIL_")})
    except InvalidInput as error:
        return None, str(error)
    return (EmailTransport(settings), None) if settings else (None, None)


def build_notices(kb: KnowledgeBase, quiz: QuizEngine, config: Mapping[str, Any]) -> NoticeServices:
    sessions, clock = kb.db.session, kb.clock
    email, error = email_transport(config)
    robots = RobotTransport(timeout=float(config.get("ROBOT_TIMEOUT") or 5))
    base = str(config.get("PUBLIC_URL") or "").rstrip("/")
    schedule = ScheduleStore(sessions, clock)
    push = PushService(sessions, clock, quiz, schedule,
                       Notifier(sessions, clock, email_enabled=email is not None),
                       OutboxSender(sessions, clock, email=email, robots=robots),
                       round_url=lambda round_id: base + ROUND_PATH.format(id=round_id))
    return NoticeServices(inbox=Inbox(sessions, clock), admin=NoticeAdmin(sessions, clock),
                          schedule=schedule, push=push, email=email, robots=robots,
                          email_error=error)
