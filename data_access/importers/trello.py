"""A Trello board's JSON export (board menu > Print, export and share > Export as JSON).

Mapping: each card is a work item with key ``<project code>-T<idShort>`` (the card's
number on the board, stable for its life; keys are unique across the database, so the
project code keeps two boards apart), type ``Card`` and the card's name as title. Each
list is a status: the workflow file names lists as statuses. A card's current status is
its list; ``updateCard`` actions that carry ``listBefore``/``listAfter`` are its status
changes (in time order); its creation time is its ``createCard`` (or ``copyCard``,
``convertToCardFromCheckItem``, ``emailCard``) action, else the timestamp Trello
embeds in every card id (the first 8 hex digits are seconds since 1970), which is the
same instant. Trello writes times in UTC, so offsets are 0. A done card's resolution
time is its last move.

List names are taken from the board's ``lists`` by id, so a list renamed since an old
move counts under its current name. Archived cards (``closed``, or in an archived list)
are imported only when their list is in the workflow's done stage (teams archive
finished cards to clear the board); other archived cards are abandoned work and are
skipped (named in the summary), as is every other action type (comments, members,
labels, due dates, checklists). Trello exports at most the latest 1000 actions: older
moves of a big board are missing, so re-export recent boards or accept shorter history.

Rows in problems are named ``card #<idShort> "<name>"``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from data_access.importers.import_log import RowCounts
from data_access.importers.parsed import (
    ParsedChange,
    ParsedFile,
    ParsedItem,
    check_against_workflow,
    with_resolution,
)
from data_access.importers.problems import ImportRejected, Problem
from data_access.importers.registry import ImportOptions, ImportOutcome
from data_access.importers.timestamps import parse_timestamp
from data_access.importers.workflow_file import WorkflowDefinition, read_workflow
from data_access.importers.writer import write_import

CREATION_ACTIONS = frozenset({"createCard", "copyCard", "convertToCardFromCheckItem", "emailCard"})
KEY_LENGTH = 32  # work_items.key


@dataclass
class TrelloBoard:
    """The board as items and moves, the archived cards left out, and every problem."""

    parsed: ParsedFile = field(default_factory=ParsedFile)
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Move:
    when: datetime
    before: str
    after: str
    action: str


def read_json(path: Path) -> Any:
    """The decoded JSON of ``path`` (UTF-8, byte-order mark allowed); ImportRejected otherwise."""
    try:
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise ImportRejected(str(path), [Problem("file", f"cannot be read: {exc.strerror or exc}")]) from exc
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            str(path), [Problem("file", "wrong encoding: save the export as UTF-8")]
        ) from exc
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise ImportRejected(str(path), [Problem(where, f"not valid JSON: {exc.msg}")]) from exc


def _id_time(card_id: str) -> datetime | None:
    """The creation time embedded in a Trello id (24 hex digits), None when it is not one."""
    if len(card_id) != 24 or any(c not in "0123456789abcdefABCDEF" for c in card_id):
        return None
    return datetime.fromtimestamp(int(card_id[:8], 16), UTC)


def _lists(data: dict[str, Any], problems: list[Problem]) -> dict[str, tuple[str, bool]]:
    """List id -> (current name, archived)."""
    lists: dict[str, tuple[str, bool]] = {}
    for n, raw in enumerate(data["lists"], start=1):
        if (
            not isinstance(raw, dict)
            or not isinstance(raw.get("id"), str)
            or not isinstance(raw.get("name"), str)
        ):
            problems.append(Problem(f"list {n}", 'needs "id" and "name"'))
            continue
        lists[raw["id"]] = (raw["name"].strip(), bool(raw.get("closed")))
    return lists


def _list_name(ref: Any, lists: dict[str, tuple[str, bool]]) -> str | None:
    if not isinstance(ref, dict):
        return None
    if ref.get("id") in lists:
        return lists[ref["id"]][0]
    return ref["name"].strip() if isinstance(ref.get("name"), str) and ref["name"].strip() else None


def _history(
    data: dict[str, Any], lists: dict[str, tuple[str, bool]], problems: list[Problem]
) -> tuple[dict[str, datetime], dict[str, list[_Move]], dict[str, list[Problem]]]:
    """Per card id: its creation time, its moves, and the problems of its actions."""
    created: dict[str, datetime] = {}
    moves: dict[str, list[_Move]] = {}
    bad: dict[str, list[Problem]] = {}
    actions = data.get("actions") or []
    if not isinstance(actions, list):
        problems.append(Problem("file", '"actions" must be a list'))
        return created, moves, bad
    for raw in actions:
        if not isinstance(raw, dict) or not isinstance(raw.get("data"), dict):
            continue
        card = raw["data"].get("card")
        card_id = card.get("id") if isinstance(card, dict) else None
        kind = raw.get("type")
        is_move = kind == "updateCard" and "listAfter" in raw["data"]
        if not isinstance(card_id, str) or not (kind in CREATION_ACTIONS or is_move):
            continue
        label = f"action {raw.get('id', '?')} ({kind})"
        try:
            when = parse_timestamp(str(raw.get("date", "")))[0]
        except ValueError as exc:
            bad.setdefault(card_id, []).append(
                Problem(label, str(exc), column="date", value=str(raw.get("date")))
            )
            continue
        if kind in CREATION_ACTIONS:
            created[card_id] = min(when, created.get(card_id, when))
            continue
        before, after = (
            _list_name(raw["data"].get("listBefore"), lists),
            _list_name(raw["data"]["listAfter"], lists),
        )
        if after is None:
            bad.setdefault(card_id, []).append(
                Problem(label, "listAfter has no list name", column="listAfter")
            )
            continue
        moves.setdefault(card_id, []).append(_Move(when, before or "", after, label))
    return created, moves, bad


def _card(
    raw: Any, n: int, lists: dict[str, tuple[str, bool]], problems: list[Problem]
) -> tuple[str, str, str, int, str, bool] | None:
    """(card id, where, name, idShort, list name, archived), or None with a problem."""
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("id"), str)
        or not isinstance(raw.get("idShort"), int)
    ):
        problems.append(Problem(f"card {n}", 'needs "id" and a numeric "idShort"'))
        return None
    name = str(raw.get("name") or "").strip()
    where = f'card #{raw["idShort"]} "{name}"'
    if raw.get("idList") not in lists:
        problems.append(
            Problem(
                where,
                "its list is not among the board's lists",
                column="idList",
                value=str(raw.get("idList")),
            )
        )
        return None
    list_name, list_closed = lists[raw["idList"]]
    return raw["id"], where, name, raw["idShort"], list_name, bool(raw.get("closed")) or list_closed


def parse_trello(data: Any, project_code: str, workflow: WorkflowDefinition) -> TrelloBoard:
    """Decoded board JSON -> items and status changes, with every problem found."""
    board = TrelloBoard()
    out, problems = board.parsed, board.parsed.problems
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("cards"), list)
        or not isinstance(data.get("lists"), list)
    ):
        problems.append(Problem("file", 'expected a Trello board export with "lists" and "cards"'))
        return board
    lists = _lists(data, problems)
    created, moves, bad = _history(data, lists, problems)
    for n, raw in enumerate(data["cards"], start=1):
        card = _card(raw, n, lists, problems)
        if card is None:
            continue
        card_id, where, name, number, status, archived = card
        if archived and not (workflow.stage_of(status) and workflow.is_done(status)):
            board.skipped.append(where)
            continue
        problems.extend(
            Problem(f"{where}, {p.where}", p.message, p.column, p.value) for p in bad.get(card_id, [])
        )
        key = f"{project_code}-T{number}"
        if len(key) > KEY_LENGTH:
            problems.append(
                Problem(
                    where, f"key {key} is longer than {KEY_LENGTH} characters; use a shorter project code"
                )
            )
            continue
        born = created.get(card_id) or _id_time(card_id)
        if born is None:
            problems.append(
                Problem(
                    where, "no createCard action and the card id holds no time", column="id", value=card_id
                )
            )
            continue
        out.items.append(ParsedItem(key, "Card", (name or key)[:300], born, 0, status, where))
        ordered = sorted(moves.get(card_id, []), key=lambda m: m.when)
        out.changes.extend(
            ParsedChange(key, m.before or None, m.after, m.when, 0, f"{where}, move {i} ({m.action})")
            for i, m in enumerate(ordered, start=1)
        )
    return board


def import_trello(connection: Connection, path: Path, options: ImportOptions) -> ImportOutcome:
    """The ``trello-json`` import kind: cards as items, list moves as status changes."""
    assert options.project_code is not None and options.workflow_path is not None  # checked by run_import
    workflow = read_workflow(options.workflow_path)
    board = parse_trello(read_json(path), options.project_code, workflow)
    parsed = board.parsed
    problems = parsed.problems + check_against_workflow(parsed, workflow)
    if problems:
        raise ImportRejected(str(path), problems)
    if not parsed.items:
        raise ImportRejected(str(path), [Problem("file", "no cards to import on the board")])
    parsed.items = with_resolution(parsed.items, parsed.changes, workflow)
    summary = write_import(connection, options.project_code, workflow, parsed, str(path))
    counts = RowCounts(
        added=summary.items_created, updated=summary.items_updated, unchanged=summary.items_unchanged
    )
    text = (
        f"{summary.items_created} cards created, {summary.items_updated} updated, "
        f"{summary.items_unchanged} unchanged; {summary.transitions_written} moves written into "
        f"{summary.project} (workflow {summary.workflow!r})"
    )
    if board.skipped:
        text += f"; {len(board.skipped)} archived card(s) not in a done list skipped"
    return ImportOutcome("trello-json", counts, text)
