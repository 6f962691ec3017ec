"""Commands of `flask --app webapp …` (also `python -m webapp …`), all on click through
Flask's command group: accounts, backup and restore (admin.py), the demo (demo.py and its
steps in demo_content.py and quiz_demo.py), the push and manual control of rounds
(push.py), the production server (webapp/server.py) and the worker (webapp/worker.py)."""
from __future__ import annotations

from flask import Flask

from webapp.commands import admin, demo, push
from webapp.server import serve
from webapp.worker import worker_command


def register_commands(app: Flask) -> None:
    for command in (admin.users, admin.backup, admin.restore, demo.demo, serve,
                    push.scheduler_command, worker_command, push.notify_test, push.push, push.rounds):
        app.cli.add_command(command)
