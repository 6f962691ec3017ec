"""Import jobs: progress and outcome recorded in the database, one at a time."""
import pytest

from core.errors import Conflict, InvalidInput
from kb.import_job import queue_import, run_import
from core.job import DONE, FAILED, INTERRUPTED, RUNNING
from core.actor import Actor
from accounts.security_log import EventQuery

ADMIN = Actor(1, username="root", ip="10.0.0.1")


def test_import_job_runs_to_the_end_with_progress(kb, statutes_path):
    job = queue_import(kb.jobs, kb.security_log, ADMIN, str(statutes_path))
    seen = []
    kb.library_import.after_import.append(lambda summary, progress: seen.append(summary.total_statutes))
    run_import(kb.library_import, kb.jobs, kb.security_log, job.id)
    done = kb.jobs.get(job.id)
    assert done.status == DONE and done.percent == 100 and done.done == done.total == 9
    assert done.result["total_statutes"] == 7 and seen == [7]
    assert "法规库现有法规 7 部" in done.message
    actions = [e.action for e in kb.security_log.page(EventQuery()).items]
    assert actions[:2] == ["import_finished", "import_started"]
    assert not kb.catalogue.is_empty()


def test_failures_are_recorded_not_raised(kb, tmp_path):
    (tmp_path / "empty").mkdir()
    job = queue_import(kb.jobs, kb.security_log, ADMIN, str(tmp_path / "empty"))
    run_import(kb.library_import, kb.jobs, kb.security_log, job.id)
    failed = kb.jobs.get(job.id)
    assert failed.status == FAILED and "没有法规文件" in failed.message
    assert kb.security_log.page(EventQuery(action="import_failed")).total == 1


@pytest.mark.parametrize("path, message", [("", "请填写"), ("/no/such/dir", "路径不存在")])
def test_bad_paths_are_refused_up_front(kb, path, message):
    with pytest.raises(InvalidInput, match=message):
        queue_import(kb.jobs, kb.security_log, ADMIN, path)


def test_one_import_at_a_time_and_dead_jobs_show_interrupted(kb, statutes_path, clock):
    job = queue_import(kb.jobs, kb.security_log, ADMIN, str(statutes_path))
    kb.jobs.start(job.id)
    kb.jobs.progress(job.id, 3, 9, "经济法")
    assert kb.jobs.get(job.id).status == RUNNING
    with pytest.raises(Conflict, match="正在进行（3/9）"):
        queue_import(kb.jobs, kb.security_log, ADMIN, str(statutes_path))
    clock.advance(minutes=4)  # the worker running it died: no heartbeat since
    assert kb.jobs.get(job.id).status == INTERRUPTED
    assert queue_import(kb.jobs, kb.security_log, ADMIN, str(statutes_path)).id != job.id
