"""A round's results exported in the background: the trainer asks, a worker (the real
queue, run in this process) builds the workbook, the job page offers it to whoever asked
(an admin too), and to nobody else; a worker that died in the middle is replaced."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from accounts.permissions import actor_of
from core.job import DONE, FAILED, QUEUED
from tests.support.web import Web
from tests.support.work_queue import run_queue


def closed_round(quiz, accounts, make_round, paper) -> int:
    round_id = make_round(paper)
    taker = actor_of(accounts["staff"])
    view = quiz.attempts.start(taker, round_id)
    quiz.attempts.submit(taker, view.attempt_id)
    quiz.lifecycle.close_round(actor_of(accounts["trainer"]), round_id)
    run_queue(quiz)   # the close's notices
    return round_id


def test_a_trainer_exports_results_in_the_background(browsers, quiz, accounts, make_round, paper, add_user,
                                                     loaded_app):
    round_id = closed_round(quiz, accounts, make_round, paper)
    trainer = browsers["trainer"]
    response = trainer.post(f"/rounds/{round_id}/results/export", token_from=f"/rounds/{round_id}/results")
    assert response.status_code == 302
    job_url = response.location
    page = trainer.text(job_url)
    assert "排队中" in page and "排队等待后台工作进程" in page
    assert trainer.get(f"{job_url}/file").status_code == 404        # nothing yet
    assert run_queue(quiz) == 1
    status = trainer.get(f"{job_url}/status").json
    assert status["status"] == DONE and "可以下载" in status["message"]
    download = trainer.get(f"{job_url}/file")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(download.data))
    assert book.sheetnames == ["概况", "成绩", "试题分析", "科室排名"]
    assert browsers["admin"].get(f"{job_url}/file").status_code == 200
    # Another trainer may not see it; staff may not ask at all.
    second = Web(loaded_app.test_client())
    assert second.login(add_user("trainer2", role="trainer").username).status_code == 302
    assert second.get(job_url).status_code == 403 and second.get(f"{job_url}/file").status_code == 403
    assert browsers["staff"].post(f"/rounds/{round_id}/results/export",
                                  token_from="/rounds").status_code == 403
    assert browsers["trainer"].post("/rounds/99999/results/export",
                                    token_from=f"/rounds/{round_id}/results").status_code == 404


def test_an_export_whose_worker_died_runs_again(quiz, accounts, make_round, paper):
    round_id = closed_round(quiz, accounts, make_round, paper)
    job = quiz.background.start_export(actor_of(accounts["trainer"]), round_id)
    quiz.queue.dequeue()
    assert quiz.jobs.claim(job.id, "another-host:7")
    quiz.background.recover(alive=lambda worker: False)
    assert quiz.jobs.get(job.id).status == QUEUED
    run_queue(quiz)
    assert quiz.jobs.get(job.id).status == DONE
    filename, _, data = quiz.background.export_file(actor_of(accounts["trainer"]), job.id)
    assert filename == f"练兵成绩-轮次{round_id}.xlsx" and data[:2] == b"PK"


def test_an_export_that_breaks_is_failed_with_the_reason_not_left_running(quiz, accounts, make_round, paper,
                                                                           monkeypatch):
    round_id = closed_round(quiz, accounts, make_round, paper)

    def disk_full(*args):
        raise OSError("No space left on device")
    monkeypatch.setattr(quiz.jobs, "attach", disk_full)
    job = quiz.background.start_export(actor_of(accounts["trainer"]), round_id)
    run_queue(quiz)
    failed = quiz.jobs.get(job.id)
    assert failed.status == FAILED and failed.message == "导出失败：OSError：No space left on device"
