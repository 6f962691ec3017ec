"""A statute import and its citation link are one recoverable unit: a process killed while
linking leaves a "link pending" mark, committed with the import, and the next run —
`python -m kb import`, the browser's import job or the demo — finishes the link even
though no file changed.  The kill is real: a child process SIGKILLs itself from inside
the link's progress callback, so the link's work is lost exactly as a crash loses it.
"""
import subprocess
import sys
import textwrap

from sqlalchemy import func, select

from kb.citations.models import SOURCE_ARTICLE, CitationRecord
from kb.cli import main
from kb.models import Statute
from accounts.permissions import system_actor
from quizzes.services import open_services
from tests.support.environment import FIXTURES
from webapp.commands.demo import DemoContext
from webapp.commands.demo_content import link_library_if_needed
from webapp.extensions import services
from tests.support.work_queue import run_queue

# Imports and links the statutes, then imports the citing statutes and dies while linking.
KILLED_MID_LINK = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from kb.importer import Importer
    from quizzes.services import open_services
    from core.settings import Settings
    kb = open_services(Settings.from_env())
    Importer(kb.db).import_path(Path(sys.argv[1]))
    kb.citations.link_library()
    Importer(kb.db).import_path(Path(sys.argv[2]))
    kb.citations.link_library(lambda done, total, name: os.kill(os.getpid(), signal.SIGKILL))
""")
STATUTES, CITING = FIXTURES / "statutes", FIXTURES / "citations"


def kill_during_link(data_dir) -> None:
    env = {"KB_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(FIXTURES.parents[1])}
    done = subprocess.run([sys.executable, "-c", KILLED_MID_LINK, str(STATUTES), str(CITING)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == -9, done.stderr


def citing_statute_linked(kb) -> bool:
    """Whether the references inside 样例财政法 (in the citing fixture) are stored."""
    with kb.db.session() as session:
        return bool(session.scalar(
            select(func.count(CitationRecord.id)).join(Statute, Statute.id == CitationRecord.source_statute_id)
            .where(CitationRecord.source_kind == SOURCE_ARTICLE, Statute.title.contains("样例财政法"))))


def test_a_rerun_of_kb_import_finishes_a_killed_link(cli_env, capsys):
    kill_during_link(cli_env.data_dir)
    kb = open_services(cli_env)
    try:
        assert kb.citations.is_library_linked() and not citing_statute_linked(kb)
    finally:
        kb.close()
    assert main(["import", str(CITING)]) == 0
    out = capsys.readouterr().out
    assert "未变化 1 个" in out and "引用链接完成" in out, out
    kb = open_services(cli_env)
    try:
        assert citing_statute_linked(kb)
    finally:
        kb.close()
    # Linked and nothing changed: the next run has nothing to finish.
    assert main(["import", str(CITING)]) == 0
    assert "引用链接完成" not in capsys.readouterr().out


def test_the_browser_import_job_finishes_a_killed_link(app):
    kb = services(app)
    kill_during_link(kb.settings.data_dir)
    job = kb.background.start_import(system_actor(), str(CITING))
    run_queue(kb)
    assert kb.jobs.get(job.id).status == "done"
    assert citing_statute_linked(kb)


def test_the_demo_finishes_a_killed_link(app):
    kb = services(app)
    kill_during_link(kb.settings.data_dir)
    link_library_if_needed(DemoContext(app, kb))
    assert citing_statute_linked(kb)
