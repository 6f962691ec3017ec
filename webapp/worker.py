"""The worker process (`flask --app webapp worker`): Huey's consumer wiring only.

What a task does lives in the domain (quizzes.background: a statute import, a delivery
pass); this module runs the queue's consumer with a few threads and, beside it, one
thread that keeps the heartbeat of the jobs this process runs and, every minute, puts
back in the queue (or fails) the imports of workers that died.  Any number of workers
may run, on any number of machines sharing the database: each task goes to one of them.
SIGINT stops after the tasks in hand; SIGTERM stops at once (an import in hand is rolled
back with its transaction and retried by the next worker).
"""
from __future__ import annotations

import logging
import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from quizzes.services import Services
from webapp.extensions import services

log = logging.getLogger("webapp.worker")
HEARTBEAT_SECONDS = 20
RECOVER_EVERY = 3
POLL_SECONDS = 1.0   # heartbeats between two looks for jobs of dead workers


class Watch:
    """The heartbeat and recovery thread of one worker process."""

    def __init__(self, kb: Services):
        self.kb = kb
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="job-watch", daemon=True)

    def start(self) -> None:
        self.recover()
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=10)

    def recover(self) -> None:
        for line in self.kb.background.recover():
            log.warning("%s", line)

    def _run(self) -> None:
        beats = 0
        while not self.stopping.wait(HEARTBEAT_SECONDS):
            beats += 1
            try:
                self.kb.background.beat()
                if beats % RECOVER_EVERY == 0:
                    self.recover()
            except Exception:  # noqa: BLE001 - a database hiccup must not end the watch
                log.exception("任务心跳或恢复失败，稍后重试")


def run_worker(threads: int) -> None:
    kb = services()
    # On SQLite an idle consumer polls; at most a second between looks keeps "at once" at
    # once (a look is one indexed SELECT).  On PostgreSQL it waits on NOTIFY anyway.
    consumer = kb.queue.create_consumer(workers=threads, worker_type="thread", periodic=False,
                                        check_worker_health=True, max_delay=POLL_SECONDS)
    watch = Watch(kb)
    watch.start()
    try:
        consumer.run()
    finally:
        watch.stop()
        kb.close()


@click.command("worker")
@with_appcontext
@click.option("--threads", "-t", type=click.IntRange(1, 32), help="并行执行的任务数（默认取配置 WORKER_THREADS）")
def worker_command(threads: int | None):
    """运行后台工作进程：执行法规导入、通知发送等排队任务（可在多台服务器上各运行一个）。"""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    count = threads or int(current_app.config["WORKER_THREADS"])
    click.echo(f"后台工作进程已启动（{services().background.worker}，{count} 个线程；"
               f"Ctrl+C 处理完手头任务后退出）。")
    run_worker(count)
