"""Command line of the knowledge base: `python -m kb import|check|show|correspondence|index|
search|cite|…` on click, as the web app's `flask` commands are.  The commands live in
kb/cli/library.py (statutes, search) and kb/cli/content.py (cases, citations, guide);
kb/cli/base.py holds the group and what they share.
"""
from __future__ import annotations

import click

from kb.cli import content, library  # noqa: F401 - importing them registers their commands
from kb.cli.base import EXIT_USAGE, cli

INTERRUPTED = 130   # what the shell reports for Ctrl+C


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit status.  A malformed command line exits at once
    with status 2 and click's message, as `python -m kb` always has."""
    try:
        return cli.main(args=argv, prog_name="python -m kb", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        raise SystemExit(EXIT_USAGE if isinstance(error, click.UsageError) else error.exit_code) from None
    except click.Abort:
        click.echo("已中止。", err=True)
        return INTERRUPTED
