"""What every `python -m kb` command shares: the click group, the exit statuses, and
`kb_command`, which opens the knowledge base for the command and turns the domain's
errors into a Chinese message on stderr and an exit status.

Exit status: 0 success, 1 the command ran but found a problem (lost text, no such
article), 2 the input cannot be used (missing path, malformed argument).
"""
from __future__ import annotations

import functools
import json
from typing import Callable

import click

from core.errors import InvalidInput, KbError, NotFound
from core.settings import Settings
# The command line opens the whole domain in its one composition root (tests/test_layers.py
# lets kb's command-line modules reach it, and nothing else above kb).
from quizzes.services import open_services
from laws.corpus import CorpusError

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


@click.group(help="审计法规库命令行")
def cli() -> None:
    pass


def echo_error(message: str) -> None:
    click.echo(f"错误：{message}", err=True)


def kb_command(name: str, **options) -> Callable:
    """Register a command whose function takes the opened services first and returns
    its exit status.  The store is opened only after the arguments parsed, so a usage
    error or `--help` never touches the database."""
    def register(function: Callable[..., int]) -> click.Command:
        @functools.wraps(function)
        def run(**params) -> int:
            try:
                kb = open_services(Settings.from_env())
            except Exception as error:  # noqa: BLE001 - any failure to open the store is fatal here
                echo_error(f"无法打开数据库：{error}")
                return EXIT_USAGE
            try:
                return function(kb, **params)
            except (CorpusError, InvalidInput) as error:
                echo_error(str(error))
                return EXIT_USAGE
            except (NotFound, KbError) as error:
                echo_error(str(error))
                return EXIT_PROBLEM
            finally:
                kb.close()
        return cli.command(name, **options)(run)
    return register


def print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
