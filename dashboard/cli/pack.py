"""``python -m dashboard pack``: the steering pack (PPTX) the presentation page offers,
built by the same functions (``dashboard.steering``) for the same as-of date and scope.

The viewer is the whole portfolio, as for the other commands, unless ``--user`` names a
person: then their role and scope apply (a project manager's pack holds only their
projects). ``--since`` defaults to the last meeting before the as-of date in that scope.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Connection

from dashboard.cli.common import parse_day, settings_engine_and_day
from dashboard.formatting import day
from dashboard.steering.content import options_from_settings, steering_content
from dashboard.steering.model import SteeringRequest
from dashboard.steering.pack import build_pack
from data_access import queries
from data_access.queries import QueryFilters
from data_access.viewer import Viewer, portfolio_viewer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", type=parse_day, default=None, help="YYYY-MM-DD (default: today)")
    parser.add_argument(
        "--since", type=parse_day, default=None, help="YYYY-MM-DD (default: the last meeting before --as-of)"
    )
    parser.add_argument("--program", action="append", default=[], help="program code (repeatable)")
    parser.add_argument("--out", type=Path, required=True, help="the .pptx file to write")
    parser.add_argument("--user", default=None, help="build the pack as this person (username or e-mail)")
    parser.add_argument(
        "--database-url", default=None, help="default: PORTFOLIO_DATABASE_URL or the embedded file"
    )


class PackProblem(ValueError):
    """Bad input, said in words; the command prints it and exits with status 2."""


def _viewer(connection: Connection, user: str | None) -> Viewer:
    if not user:
        return portfolio_viewer()
    viewer = queries.viewer_for_login(connection, user)
    if viewer is None:
        raise PackProblem(f"no person with a role is called {user!r} (give a username or an e-mail)")
    return viewer


def _request(connection: Connection, viewer: Viewer, args: argparse.Namespace, as_of) -> SteeringRequest:  # type: ignore[no-untyped-def]
    programs = tuple(sorted(set(args.program)))
    known = set(queries.list_programs(connection, viewer)["code"])
    unknown = sorted(set(programs) - known)
    if unknown:
        raise PackProblem(f"program code(s) not in this scope: {', '.join(unknown)}")
    filters = QueryFilters(as_of=as_of, program_codes=programs)
    since_meeting = queries.last_meeting(connection, viewer, filters, as_of - timedelta(days=1))
    since = args.since or (since_meeting.held_on if since_meeting else None)
    if since is None:
        raise PackProblem(f"no meeting is recorded before {as_of.isoformat()}: give --since YYYY-MM-DD")
    if since >= as_of:
        raise PackProblem(f"--since {since.isoformat()} must be before the as-of date {as_of.isoformat()}")
    if since_meeting is not None and since_meeting.held_on != since:
        since_meeting = None
    forum = since_meeting.forum if since_meeting else None
    upcoming = queries.next_meeting(connection, viewer, filters, as_of, forum)
    return SteeringRequest(as_of, since, programs, since_meeting, upcoming)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() != ".pptx":
        print(f"error: --out must name a .pptx file, not {str(out)!r}", file=sys.stderr)
        return 2
    if not out.parent.exists():
        print(f"error: the folder {str(out.parent)!r} does not exist", file=sys.stderr)
        return 2
    settings, engine, as_of = settings_engine_and_day(args)
    try:
        with engine.connect() as connection:
            viewer = _viewer(connection, args.user)
            request = _request(connection, viewer, args, as_of)
            content = steering_content(connection, viewer, request, options_from_settings(settings))
    except PackProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out.write_bytes(build_pack(content))
    print(
        f"wrote {out}: {len(content.steps)} slides, as of {day(as_of)}, since {day(request.since)}, "
        f"scope {content.outline.scope}"
    )
    return 0
