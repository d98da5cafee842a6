"""Steering meetings a viewer may see, the last one before a date, the next one after it,
and recording a new one (PMO admin).

A forum is visible when it is portfolio-wide (no program) or belongs to a program
holding at least one project in the viewer's scope: a program's forum name carries the
program's name, which a viewer outside that program must not learn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Connection, Select, insert, or_, select

from data_access.models import Meeting, Program, Project
from data_access.queries.filters import QueryFilters
from data_access.queries.scope import visible_projects
from data_access.viewer import Viewer
from data_access.vocabulary import Role

FORUM_MAX_LENGTH = 120
NOTES_MAX_LENGTH = 2000
RECORDING_ROLES = frozenset({Role.PMO_ADMIN})


@dataclass(frozen=True)
class MeetingInfo:
    """One meeting; ``program_code`` None for a portfolio-wide forum."""

    id: int
    forum: str
    held_on: date
    program_code: str | None
    program_name: str | None


class MeetingRejected(ValueError):
    """A meeting that cannot be recorded; the message says why, in words for the user."""


def _forums_in_view(viewer: Viewer, filters: QueryFilters) -> ColumnElement[bool]:
    """Portfolio-wide forums, plus those of the programs in scope (every program for a viewer
    who sees everything, else those with a visible project), narrowed by the program filter."""
    if viewer.scope.everything:
        programs = select(Program.id)
    else:
        programs = select(Project.program_id).join(Program, Program.id == Project.program_id)
        programs = programs.where(visible_projects(viewer))
    if filters.program_codes:
        programs = programs.where(Program.code.in_(filters.program_codes))
    return or_(Meeting.program_id.is_(None), Meeting.program_id.in_(programs))


def _meetings(viewer: Viewer, filters: QueryFilters) -> Select:
    return (
        select(Meeting.id, Meeting.forum, Meeting.held_on, Program.code, Program.name)
        .outerjoin(Program, Program.id == Meeting.program_id)
        .where(_forums_in_view(viewer, filters))
    )


def _info(row: object) -> MeetingInfo:
    meeting_id, forum, held_on, program_code, program_name = row  # type: ignore[misc]
    return MeetingInfo(int(meeting_id), str(forum), held_on, program_code, program_name)


def meetings_in_view(connection: Connection, viewer: Viewer, filters: QueryFilters) -> list[MeetingInfo]:
    """Every meeting of the forums the viewer may see, newest first (portfolio-wide first on a tie)."""
    rows = connection.execute(
        _meetings(viewer, filters).order_by(
            Meeting.held_on.desc(), Meeting.program_id.is_not(None), Meeting.forum
        )
    ).all()
    return [_info(row) for row in rows]


def last_meeting(
    connection: Connection,
    viewer: Viewer,
    filters: QueryFilters,
    on_or_before: date,
    forum: str | None = None,
) -> MeetingInfo | None:
    """The newest visible meeting held on or before ``on_or_before`` (of ``forum`` when given)."""
    stmt = _meetings(viewer, filters).where(Meeting.held_on <= on_or_before)
    if forum is not None:
        stmt = stmt.where(Meeting.forum == forum)
    row = connection.execute(
        stmt.order_by(Meeting.held_on.desc(), Meeting.program_id.is_not(None), Meeting.forum).limit(1)
    ).first()
    return _info(row) if row else None


def next_meeting(
    connection: Connection, viewer: Viewer, filters: QueryFilters, after: date, forum: str | None = None
) -> MeetingInfo | None:
    """The first visible meeting held after ``after``: of ``forum`` when that forum has one
    (the same committee meets again), else of any visible forum."""
    stmt = _meetings(viewer, filters).where(Meeting.held_on > after)
    order = (Meeting.held_on, Meeting.program_id.is_not(None), Meeting.forum)
    if forum is not None:
        row = connection.execute(stmt.where(Meeting.forum == forum).order_by(*order).limit(1)).first()
        if row:
            return _info(row)
    row = connection.execute(stmt.order_by(*order).limit(1)).first()
    return _info(row) if row else None


def add_meeting(
    connection: Connection,
    viewer: Viewer,
    forum: str,
    held_on: date,
    program_code: str | None = None,
    notes: str | None = None,
) -> MeetingInfo:
    """Record a meeting inside the caller's transaction; raises MeetingRejected on bad input.

    Only a PMO admin may record meetings (checked here too, not only by the page).
    """
    if viewer.role not in RECORDING_ROLES:
        raise MeetingRejected("Only a PMO admin may record steering meetings.")
    name = (forum or "").strip()
    if not name:
        raise MeetingRejected("The forum needs a name, e.g. 'Portfolio board'.")
    if len(name) > FORUM_MAX_LENGTH:
        raise MeetingRejected(f"The forum name is {len(name)} characters long; at most {FORUM_MAX_LENGTH}.")
    if not isinstance(held_on, date):
        raise MeetingRejected(f"The meeting date {held_on!r} is not a date.")
    text = (notes or "").strip() or None
    if text and len(text) > NOTES_MAX_LENGTH:
        raise MeetingRejected(f"The notes are {len(text)} characters long; at most {NOTES_MAX_LENGTH}.")
    program_id = None
    program_name = None
    if program_code:
        program = connection.execute(
            select(Program.id, Program.name).where(Program.code == program_code)
        ).first()
        if program is None:
            raise MeetingRejected(f"There is no program with the code {program_code!r}.")
        program_id, program_name = program
    duplicate = connection.execute(
        select(Meeting.id).where(Meeting.forum == name, Meeting.held_on == held_on)
    ).first()
    if duplicate is not None:
        raise MeetingRejected(f"A meeting of '{name}' on {held_on.isoformat()} is already recorded.")
    new_id = connection.execute(
        insert(Meeting)
        .values(forum=name, held_on=held_on, program_id=program_id, notes=text)
        .returning(Meeting.id)
    ).scalar_one()
    return MeetingInfo(int(new_id), name, held_on, program_code or None, program_name)
