"""A city installation on one machine, end to end (issue 17): PostgreSQL, two app servers
(`flask --app webapp serve`, each its own data directory and index), a worker and two
schedulers, all real processes.  A case published on one server is found by search on
the other; one scheduler holds the lease, the other stands by; a person answers a round
on server A, A is killed with SIGKILL, they carry on and submit on server B and lose
nothing; the worker is killed inside an import's transaction and the next worker
finishes the import, the library never half; the round's notices reach the SMTP sink
once each, whatever was killed and however many scheduler passes ran."""
from __future__ import annotations

import collections
import datetime as dt
import time

import pytest
from sqlalchemy import func, select

from accounts.permissions import actor_of, system_actor
from accounts.user_admin import NewUser
from core.job import DONE, FAILED
from core.settings import Settings
from kb.models import StatuteVersion
from quizzes.lease import lease_state
from quizzes.notify.channels import EmailTransport, SmtpSettings
from quizzes.round_spec import RoundSpec
from quizzes.services import NoticeOptions, open_services
from tests.quizzes.notify.servers import SmtpSink
from tests.support.app_servers import AppServer, Client, prepare_library
from tests.support.cluster import FlaskProcess, mail_env, write_statutes
from tests.support.environment import FAST_ACCOUNTS, FIXTURES, PASSWORD
from tests.support.questions import SAMPLES
from tests.support.work_queue import kill_inside_the_transaction

# The bound for a change on one server to be found on another.
FEED_SECONDS = 10
# Made-up statutes for the import the worker is killed in: enough that its one write
# transaction lasts a moment on a loaded machine.
IMPORTED = 120
EXAMINEES = ("examinee", "colleague1", "colleague2")
STANDBY = "另一个调度进程正在运行，本进程待命"
DEADLINE = 120   # seconds: an upper bound on waiting for a process, not a timing


@pytest.fixture
def sink():
    with SmtpSink() as smtp:
        yield smtp


@pytest.fixture
def domain(shared_database, tmp_path, sink):
    """The shared database's domain, opened in the test (as an administrator's command
    would be), sending email to the sink; the library, accounts, questions and a round."""
    prepare_library(shared_database, tmp_path / "setup")
    email = EmailTransport(SmtpSettings(host="127.0.0.1", port=sink.port, security="none",
                                        sender="kb@audit.example"))
    kb = open_services(Settings(tmp_path / "setup", shared_database, FIXTURES / "statutes"),
                       accounts=FAST_ACCOUNTS, notices=NoticeOptions(email=email))
    yield kb
    kb.close()


@pytest.fixture
def processes():
    """Started processes, stopped at the end whatever happened."""
    started = []
    yield started
    for process in reversed(started):
        process.stop()


def make_round(kb) -> int:
    """The fixture paper (one question of each type) as a published round opening in an
    hour, for every staff member; the examinees have email."""
    for name in EXAMINEES:
        kb.users.create_user(system_actor(), NewUser(name, f"用户{name}", "staff", None, PASSWORD, False,
                                                     email=f"{name}@audit.example"))
    checker = kb.users.create_user(system_actor(), NewUser("checker", "审核人", "admin", None, PASSWORD, False))
    trainer = actor_of(kb.users.find_user("trainer1"))
    ids = [kb.bank.create_question(trainer, data).id for data in SAMPLES.values()]
    reviewer = actor_of(kb.users.get_user(checker.user.id))
    kb.bank.review(reviewer, ids)
    kb.bank.publish(reviewer, ids)
    now = kb.clock.now()
    round_id = kb.rounds.create_round(trainer, RoundSpec(
        title="全市练兵比武（集群测试）", opens_at=now + dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=1), question_ids=tuple(ids))).summary.id
    kb.lifecycle.publish_round(trainer, round_id)
    return round_id


def answers_of(attempt: dict) -> dict[int, object]:
    """The right answer to each question of the fixture paper (by option text, as the API
    shows options in the person's own order) — except the 判断题, answered wrongly."""
    def option(question, text):
        return next(o["id"] for o in question["options"] if o["text"] == text)
    right = {"single": lambda q: option(q, "三日"),
             "multiple": lambda q: [option(q, t) for t in ("财务资料", "会计资料", "业务资料")],
             "true_false": lambda q: False,
             "fill": lambda q: ["10日"],
             "case": lambda q: {"p1": option(q["parts"][0], "县教育局"), "p2": False, "p3": ["拖延"]}}
    return {q["question_id"]: right[q["qtype"]](q) for q in attempt["questions"]}


def wait_until(condition, what: str, seconds: float = DEADLINE) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}：{seconds} 秒内未发生")
        time.sleep(0.2)


def emails(sink) -> collections.Counter:
    """How many times each (recipient, subject) reached the sink."""
    return collections.Counter((rcpt, str(message["Subject"])) for rcpts, message in sink.messages
                               for rcpt in rcpts)


def round_mail(sink, title: str) -> dict[str, int]:
    """How many emails saying the round has begun each examinee has had."""
    return {rcpt: count for (rcpt, subject), count in emails(sink).items()
            if title in subject and "已开始" in subject}


def check_search_across_servers(a: AppServer, b: AppServer) -> None:
    trainer, reader = Client(a.base, "trainer1"), Client(b.base, "staff1")
    case = trainer.publish_case("某局虚列支出套取资金案（集群）", "## 定性\n\n该局以虚列支出方式套取财政资金，设立账外账户。")
    start = time.monotonic()
    while time.monotonic() - start < FEED_SECONDS:
        answer = reader.search_cases("虚列支出 套取")
        if answer.status == 200 and case["title"] in [h["law_title"] for h in answer.body["hits"]]:
            return
        time.sleep(0.2)
    raise AssertionError(f"服务器 B 在 {FEED_SECONDS} 秒内未检索到服务器 A 发布的案例")


def check_one_scheduler(kb, schedulers: list[FlaskProcess]) -> None:
    """One holds the lease (its pid in the row), the other says it stands by."""
    wait_until(lambda: lease_state(kb.db.session, kb.clock).is_alive, "调度进程取得租约")
    holder = lease_state(kb.db.session, kb.clock).holder
    active = [s for s in schedulers if holder.endswith(f":{s.pid}")]
    standby = [s for s in schedulers if s not in active]
    assert len(active) == 1 and len(standby) == 1, holder
    standby[0].wait_for_output(STANDBY)
    assert STANDBY not in active[0].output()


def answer_across_a_crash(a: AppServer, b: AppServer, round_id: int) -> None:
    """Half the answers saved on A, A killed, the rest saved and submitted on B with the
    same token (it lives in the database): every answer kept, the score right."""
    on_a = Client(a.base, "examinee")
    attempt = on_a.call("POST", f"/api/v1/rounds/{round_id}/attempts").body
    answers = answers_of(attempt)
    ids = list(answers)
    for question_id in ids[:3]:
        saved = on_a.call("PUT", f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question_id}",
                          {"answer": answers[question_id]})
        assert saved.status == 200, saved
    a.kill()
    with pytest.raises(OSError):   # what the load balancer's health check sees: A is gone
        a.get("/healthz")
    assert b.get("/readyz").status == 200 and b.get("/healthz").status == 200
    on_b = Client.with_token(b.base, on_a.token)
    for question_id in ids[3:]:
        saved = on_b.call("PUT", f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question_id}",
                          {"answer": answers[question_id]})
        assert saved.status == 200, saved
    stored = on_b.call("GET", f"/api/v1/attempts/{attempt['attempt_id']}").body
    assert {q["question_id"]: q["answer"] for q in stored["questions"]} == answers
    result = on_b.call("POST", f"/api/v1/attempts/{attempt['attempt_id']}/submit")
    assert result.status == 200, result
    wrong = next(q["points"] for q in stored["questions"] if q["qtype"] == "true_false")
    assert result.body["score"] == pytest.approx(result.body["max_score"] - wrong)
    assert result.body["max_score"] > wrong > 0


def kill_worker_mid_import(kb, tmp_path, worker: FlaskProcess, start_worker) -> None:
    """The worker killed inside the import's transaction: the library as before; the next
    worker finds the job of a dead worker, puts it back in the queue and finishes it."""
    before = version_count(kb)
    folder = write_statutes(tmp_path / "import", IMPORTED)
    job = kb.background.start_import(system_actor("集群测试"), str(folder))
    kill_inside_the_transaction(worker.process, kb, job.id)
    assert version_count(kb) == before        # nothing of it yet
    start_worker()
    wait_until(lambda: kb.jobs.get(job.id).status in (DONE, FAILED), "导入任务由下一个工作进程完成", DEADLINE * 3)
    done = kb.jobs.get(job.id)
    # The second attempt is the last (IMPORT_ATTEMPTS): it runs to the end.
    assert (done.status, done.attempts) == (DONE, 2), done.message
    assert done.result["new_versions"] == IMPORTED, done.result   # all of it, once
    assert version_count(kb) == before + IMPORTED


def version_count(kb) -> int:
    with kb.db.session() as session:
        return session.scalar(select(func.count()).select_from(StatuteVersion))


def test_a_city_installation_loses_nothing_when_a_server_and_the_worker_die(domain, tmp_path, sink, processes):
    kb = domain
    round_id = make_round(kb)
    shared, mail = kb.settings.database_url, mail_env(sink.port)
    a, b = (AppServer(name, tmp_path / name, shared, env=mail) for name in ("server-a", "server-b"))
    processes += [a, b]
    workers = []

    def start_worker() -> FlaskProcess:
        worker = FlaskProcess("worker", tmp_path / f"worker-{len(workers) + 1}", shared, "--threads", "2", env=mail)
        workers.append(worker)
        processes.append(worker)
        return worker
    start_worker()
    schedulers = [FlaskProcess("scheduler", tmp_path / f"scheduler-{n}", shared,
                               env={**mail, "KB_SCHEDULER_INTERVAL_SECONDS": "2"}) for n in (1, 2)]
    processes += schedulers
    for server in (a, b):
        server.wait_ready()

    check_search_across_servers(a, b)
    check_one_scheduler(kb, schedulers)

    trainer = actor_of(kb.users.find_user("trainer1"))
    title = kb.lifecycle.open_round_now(trainer, round_id).title   # its notices queued for the worker
    answer_across_a_crash(a, b, round_id)
    wait_until(lambda: len(round_mail(sink, title)) == len(EXAMINEES), "每位考生收到轮次开始的邮件")

    kill_worker_mid_import(kb, tmp_path, workers[0], start_worker)
    time.sleep(6)   # three more scheduler passes and delivery sweeps: nothing goes out again
    assert round_mail(sink, title) == {f"{name}@audit.example": 1 for name in EXAMINEES}
    assert set(emails(sink).values()) == {1}, emails(sink)   # no notice of any kind twice
