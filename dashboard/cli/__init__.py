"""Headless commands: ``python -m dashboard COMMAND ...`` prints what the pages show.

Each command is a module with ``add_arguments(parser)`` and ``run(args) -> int`` and
calls the same functions as its page, so the numbers cannot drift apart.
"""

from __future__ import annotations

import argparse
import sys
from types import ModuleType

from sqlalchemy.exc import SQLAlchemyError

from dashboard.cli import evm, flow, pack, rag
from dashboard.settings import SettingsError
from data_access.db import DatabaseUnavailable, safe_url

COMMANDS: dict[str, tuple[ModuleType, str]] = {
    "rag": (rag, "computed and reported RAG per project, with explanations"),
    "flow": (flow, "one project's cycle times, percentiles, daily throughput and CFD in a preset"),
    "evm": (evm, "earned value per project, program roll-up and whole selection (Budget page figures)"),
    "pack": (pack, "the steering pack (PPTX): summary, what changed, red and amber projects, milestones due"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Headless portfolio reports.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (module, summary) in COMMANDS.items():
        module.add_arguments(commands.add_parser(name, help=summary, description=summary))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    module = COMMANDS[args.command][0]
    try:
        return module.run(args)
    except (SettingsError, DatabaseUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        url = getattr(args, "database_url", None) or ""
        print(f"error on {safe_url(url)}: {str(getattr(exc, 'orig', exc)).splitlines()[0]}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `... | head` closed the pipe: not an error
        return 0
