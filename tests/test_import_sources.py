"""Imports of Jira CSV, MS Project XML and Trello board exports, on SQLite and PostgreSQL.

Every expected value below was worked out by hand from the files in
tests/data/import_sources (the working is in the comments), and is checked by reading
the tables back with SQL, never by asking the importer. Bad files must be rejected with
the row and column named, leave every data table as it was, and still be logged.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, insert, select

from dashboard.delivery import flow_of
from dashboard.metrics.flow import FlowSettings
from data_access.importers.jira_dates import parse_jira_date
from data_access.importers.mspdi_costs import spread_by_month
from data_access.importers.problems import ImportRejected, Problem
from data_access.importers.registry import ImportOptions, ImportOutcome, registered_kinds, run_import
from data_access.models import (
    Base,
    CostActual,
    CostPlan,
    ImportLog,
    Milestone,
    MilestoneForecast,
    ProgressReport,
    Project,
    Sprint,
    StatusTransition,
    WorkItem,
)
from data_access.queries import QueryFilters, flow_data
from data_access.viewer import portfolio_viewer
from tests.flow_import import add_project, snapshot

DATA = Path(__file__).resolve().parent / "data" / "import_sources"
JIRA_CSV, JIRA_WORKFLOW = DATA / "jira_issues.csv", DATA / "jira_workflow.json"
TRELLO, TRELLO_WORKFLOW = DATA / "trello_board.json", DATA / "trello_workflow.json"
MSPDI = DATA / "mspdi_schedule.xml"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def _import(
    engine: Engine, kind: str, path: Path, project: str, workflow: Path | None = None
) -> ImportOutcome:
    options = ImportOptions(project_code=project, workflow_path=workflow, imported_by="test:pmo")
    return run_import(engine, kind, path, options)


def _rejected(
    engine: Engine, kind: str, path: Path, project: str, workflow: Path | None = None
) -> list[Problem]:
    with pytest.raises(ImportRejected) as caught:
        _import(engine, kind, path, project, workflow)
    return caught.value.problems


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows of every data table (the import log excepted: it records rejected files too)."""
    with engine.connect() as c:
        return {
            t.name: c.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
            if t.name != ImportLog.__tablename__
        }


def log_rows(engine: Engine) -> list[tuple]:
    with engine.connect() as c:
        return [
            tuple(r)
            for r in c.execute(
                select(
                    ImportLog.source_kind, ImportLog.file_name, ImportLog.file_sha256, ImportLog.project_code,
                    ImportLog.imported_by, ImportLog.outcome, ImportLog.rows_added, ImportLog.rows_updated,
                    ImportLog.rows_unchanged,
                ).order_by(ImportLog.id)
            ).all()
        ]  # fmt: skip


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mutated(source: Path, tmp_path: Path, old: str, new: str) -> Path:
    """A copy of ``source`` with one exact snippet replaced (asserted to occur once)."""
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / source.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def reimport_changes_nothing(
    engine: Engine, kind: str, path: Path, project: str, rows: int, workflow: Path | None = None
) -> None:
    """Importing the file again: all rows unchanged, no table touched, two 'loaded' log rows."""
    before = snapshot(engine), table_counts(engine)
    again = _import(engine, kind, path, project, workflow)
    assert (again.counts.added, again.counts.updated, again.counts.unchanged) == (0, 0, rows)
    assert (snapshot(engine), table_counts(engine)) == before
    loaded = (kind, path.name, sha256(path), project, "test:pmo", "loaded")
    assert log_rows(engine) == [(*loaded, rows, 0, 0), (*loaded, 0, 0, rows)]


@pytest.fixture
def engine(migrated_engine: Engine) -> Engine:
    for code in ("PAYJ", "TRL", "CBM"):
        add_project(migrated_engine, code)
    return migrated_engine


def test_the_three_kinds_are_registered() -> None:
    kinds = registered_kinds()
    assert {
        k: (kinds[k].needs_project, kinds[k].needs_workflow) for k in ("jira-csv", "mspdi", "trello-json")
    } == {
        "jira-csv": (True, True),
        "mspdi": (True, False),
        "trello-json": (True, True),
    }


# --- Jira CSV ---------------------------------------------------------------------------

# Hand-worked from jira_issues.csv: times are the wall clock of the export (offset 0);
# 12:30 AM is 00:30, 12:00 PM is noon; the current sprint is the last Sprint column.
JIRA_ITEMS = {
    "PAY-101": ("Story", "Checkout page redesign", "Done", 5, utc(2024, 3, 4, 9, 15), utc(2024, 3, 12, 16, 30), "PAY Sprint 2"),
    "PAY-102": ("Bug", "Card declined message wrong", "Done", 2, utc(2024, 3, 5, 11, 2), utc(2024, 3, 7, 10, 0), None),
    "PAY-103": ("Story", "Saved cards", "In Progress", 8, utc(2024, 3, 6, 14, 45), None, "PAY Sprint 2"),
    "PAY-104": ("Task", "Upgrade payment SDK", "In Review", 3, utc(2024, 3, 8, 8, 0), None, "PAY Sprint 2"),
    "PAY-105": ("Story", "Apple Pay", "To Do", None, utc(2024, 3, 11, 10, 20), None, None),
    "PAY-106": ("Bug", 'Rounding error in refunds, "partial" case', "Done", 1, utc(2024, 3, 11, 15, 0), utc(2024, 3, 13, 9, 40), "PAY Sprint 2"),
    "PAY-107": ("Story", "Multi-currency display — phase 1", "Backlog", 13, utc(2024, 3, 12, 12, 0), None, None),
    "PAY-108": ("Sub-task", "Write migration for card tokens", "Done", None, utc(2024, 3, 12, 0, 30), utc(2024, 3, 14, 18, 5), "PAY Sprint 2"),
}  # fmt: skip


def add_sprint(engine: Engine, project: str, name: str) -> None:
    """Only "PAY Sprint 2" exists: PAY-102's "PAY Sprint 1" is reported, not invented."""
    with engine.begin() as c:
        project_id = c.execute(select(Project.id).where(Project.code == project)).scalar_one()
        c.execute(
            insert(Sprint).values(
                project_id=project_id, name=name, start_date=date(2024, 3, 11), end_date=date(2024, 3, 22)
            )
        )


def jira_items(engine: Engine) -> dict[str, tuple]:
    with engine.connect() as c:
        rows = c.execute(
            select(WorkItem.key, WorkItem.item_type, WorkItem.title, WorkItem.status, WorkItem.points,
                   WorkItem.created_at, WorkItem.resolved_at, Sprint.name, WorkItem.created_utc_offset_minutes,
                   Project.code)
            .join(Project, Project.id == WorkItem.project_id)
            .outerjoin(Sprint, Sprint.id == WorkItem.sprint_id)
        ).all()  # fmt: skip
    assert {(r[-2], r[-1]) for r in rows} == {(0, "PAYJ")}
    return {r[0]: tuple(r[1:8]) for r in rows}


def test_jira_csv_writes_the_hand_worked_items_and_reimport_changes_nothing(engine: Engine) -> None:
    add_sprint(engine, "PAYJ", "PAY Sprint 2")
    outcome = _import(engine, "jira-csv", JIRA_CSV, "PAYJ", JIRA_WORKFLOW)
    assert (outcome.counts.added, outcome.counts.updated, outcome.counts.unchanged) == (8, 0, 0)
    assert "PAY Sprint 1" in outcome.summary  # the sprint the project does not have
    assert jira_items(engine) == JIRA_ITEMS
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(StatusTransition)).scalar_one() == 0
    reimport_changes_nothing(engine, "jira-csv", JIRA_CSV, "PAYJ", 8, JIRA_WORKFLOW)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_jira_csv_reads_windows_1252_and_utf8_with_bom(engine: Engine, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"jira-{encoding}.csv"
    path.write_bytes(JIRA_CSV.read_text(encoding="utf-8").encode(encoding))
    assert path.read_bytes() != JIRA_CSV.read_bytes()
    _import(engine, "jira-csv", path, "PAYJ", JIRA_WORKFLOW)
    items = jira_items(engine)
    assert items["PAY-107"][1] == "Multi-currency display — phase 1"
    assert {k: v[:6] for k, v in items.items()} == {k: v[:6] for k, v in JIRA_ITEMS.items()}


def test_jira_csv_keeps_the_history_another_import_stored(engine: Engine, tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text(
        "key,type,created,from_status,to_status,changed_at\n"
        "PAY-101,Story,2024-03-04T09:15:00Z,To Do,In Progress,2024-03-05T10:00:00Z\n"
        "PAY-101,Story,2024-03-04T09:15:00Z,In Progress,Done,2024-03-12T16:30:00Z\n",
        encoding="utf-8",
    )
    _import(engine, "transitions-csv", history, "PAYJ", JIRA_WORKFLOW)
    transitions_before = snapshot(engine)[1]
    assert len(transitions_before) == 2

    outcome = _import(engine, "jira-csv", JIRA_CSV, "PAYJ", JIRA_WORKFLOW)
    # PAY-101 existed (title was its key, no points): updated; the other 7 are new.
    assert (outcome.counts.added, outcome.counts.updated, outcome.counts.unchanged) == (7, 1, 0)
    assert snapshot(engine)[1] == transitions_before  # same rows, same ids
    assert jira_items(engine)["PAY-101"][:4] == ("Story", "Checkout page redesign", "Done", 5)


JIRA_BAD = [
    pytest.param("Task,In Review,", "Task,Blocked,", "row 5 (PAY-104)", "Status", "Blocked", id="unknown-status"),
    pytest.param("05/Mar/24 11:02 AM", "31/Feb/24 11:02 AM", "row 3 (PAY-102)", "Created", "31/Feb/24 11:02 AM", id="no-such-day"),
    pytest.param("Ana Ruiz,11/Mar/24 10:20 AM", "Ana Ruiz,11/Mär/24 10:20 AM", "row 6 (PAY-105)", "Created", "11/Mär/24 10:20 AM", id="german-month"),
    pytest.param("PAY Sprint 2,,3\n", "PAY Sprint 2,,three\n", "row 5 (PAY-104)", "Custom field (Story Points)", "three", id="points"),
    pytest.param("13/Mar/24 9:40 AM,refunds", "10/Mar/24 9:40 AM,refunds", "row 7 (PAY-106)", "Resolved", "10/Mar/24 9:40 AM", id="resolved-first"),
    pytest.param("tokens,PAY-108,", "tokens,PAY-101,", "row 9 (PAY-101)", "Issue key", None, id="duplicate-key"),
    pytest.param("Summary,Issue key,", "Summary,Key,", "row 1", None, None, id="not-a-jira-export"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "where", "column", "value"), JIRA_BAD)
def test_bad_jira_csv_names_row_and_column_and_writes_nothing(
    engine: Engine, tmp_path: Path, old: str, new: str, where: str, column: str | None, value: str | None
) -> None:
    path = mutated(JIRA_CSV, tmp_path, old, new)
    before = table_counts(engine)
    problems = _rejected(engine, "jira-csv", path, "PAYJ", JIRA_WORKFLOW)
    assert [(p.where, p.column) for p in problems] == [(where, column)], problems
    assert problems[0].value == value
    assert table_counts(engine) == before
    assert log_rows(engine) == [
        ("jira-csv", "jira_issues.csv", sha256(path), "PAYJ", "test:pmo", "rejected", 0, 0, 0)
    ]


def test_every_bad_jira_row_is_reported_at_once(engine: Engine, tmp_path: Path) -> None:
    text = JIRA_CSV.read_text(encoding="utf-8")
    for old, new, *_ in (p.values for p in JIRA_BAD[:5]):
        text = text.replace(old, new)
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    problems = _rejected(engine, "jira-csv", path, "PAYJ", JIRA_WORKFLOW)
    assert sorted((p.where, p.column) for p in problems) == sorted(
        (p.values[2], p.values[3]) for p in JIRA_BAD[:5]
    )
    with engine.connect() as c:
        assert c.execute(select(ImportLog.rows_rejected)).scalar_one() == 4  # rows 3, 5, 6, 7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26/Nov/26 9:15 AM", (utc(2026, 11, 26, 9, 15), 0)),
        ("01/Dec/24 12:05 AM", (utc(2024, 12, 1, 0, 5), 0)),
        ("01/Dec/24 12:05 pm", (utc(2024, 12, 1, 12, 5), 0)),
        ("1/September/2024 17:05", (utc(2024, 9, 1, 17, 5), 0)),
        ("2024-03-04T09:15:00+01:00", (utc(2024, 3, 4, 8, 15), 60)),
        ("2024-03-04 09:15", (utc(2024, 3, 4, 9, 15), 0)),
    ],
)
def test_jira_dates(text: str, expected: tuple[datetime, int]) -> None:
    assert parse_jira_date(text) == expected


@pytest.mark.parametrize(
    "text", ["31/Feb/24 9:00 AM", "04/Mär/24 9:00 AM", "04/Mar/24 13:00 PM", "yesterday"]
)
def test_jira_dates_refused(text: str) -> None:
    with pytest.raises(ValueError, match="dd/MMM/yy h:mm AM"):
        parse_jira_date(text)


# --- Trello -----------------------------------------------------------------------------

# Hand-worked from trello_board.json (times UTC). Card #7 is archived in "Ideas" (not a
# done list): skipped. Card #6 is archived in "Done": imported. Card #5 has no createCard
# action: created at the time in its id (0x65e84cb0 = 2024-03-06 11:00 UTC). The list
# "Review" was called "Code review" before 2024-03-09; moves are stored under its current name.
TRELLO_ITEMS = {
    "TRL-T1": ("Set up CI pipeline", "Done", utc(2024, 3, 1, 9), utc(2024, 3, 7, 11)),
    "TRL-T2": ("Payment form validation", "Done", utc(2024, 3, 2, 10), utc(2024, 3, 14, 17)),
    "TRL-T3": ("Refund API", "Doing", utc(2024, 3, 4, 8), None),
    "TRL-T4": ("Update pricing copy", "Done", utc(2024, 3, 5, 12), utc(2024, 3, 5, 16)),
    "TRL-T5": ("Fraud rules spike", "Backlog", utc(2024, 3, 6, 11), None),
    "TRL-T6": ("Old landing page", "Done", utc(2024, 2, 20, 9), utc(2024, 3, 1, 12)),
}
TRELLO_MOVES = [
    ("TRL-T1", "Backlog", "Doing", utc(2024, 3, 4, 10)),
    ("TRL-T1", "Doing", "Review", utc(2024, 3, 6, 15)),
    ("TRL-T1", "Review", "Done", utc(2024, 3, 7, 11)),
    ("TRL-T2", "Backlog", "Doing", utc(2024, 3, 5, 9)),
    ("TRL-T2", "Doing", "Review", utc(2024, 3, 8, 16)),
    ("TRL-T2", "Review", "Doing", utc(2024, 3, 11, 9, 30)),
    ("TRL-T2", "Doing", "Review", utc(2024, 3, 12, 14)),
    ("TRL-T2", "Review", "Done", utc(2024, 3, 14, 17)),
    ("TRL-T3", "Backlog", "Doing", utc(2024, 3, 11, 13)),
    ("TRL-T4", "Doing", "Done", utc(2024, 3, 5, 16)),
    ("TRL-T6", "Backlog", "Doing", utc(2024, 2, 26, 10)),
    ("TRL-T6", "Doing", "Done", utc(2024, 3, 1, 12)),
]
# Default preset (calendar days, both ends counted, last entry into the start stage
# "Doing"): T1 Mar 4-7 = 4; T2 re-entered Doing Mar 11, done Mar 14 = 4; T4 created in
# Doing and done the same day = 1; T6 Feb 26 - Mar 1 of leap 2024 = 5 days.
# Lead times from creation: T1 Mar 1-7 = 7; T2 Mar 2-14 = 13; T4 = 1; T6 Feb 20 - Mar 1 = 11.
TRELLO_CYCLE = {"TRL-T1": 4.0, "TRL-T2": 4.0, "TRL-T4": 1.0, "TRL-T6": 5.0}
TRELLO_LEAD = {"TRL-T1": 7.0, "TRL-T2": 13.0, "TRL-T4": 1.0, "TRL-T6": 11.0}


def trello_rows(engine: Engine) -> tuple[dict[str, tuple], list[tuple]]:
    with engine.connect() as c:
        items = c.execute(
            select(WorkItem.key, WorkItem.title, WorkItem.status, WorkItem.created_at, WorkItem.resolved_at)
        ).all()
        moves = c.execute(
            select(
                WorkItem.key,
                StatusTransition.from_status,
                StatusTransition.to_status,
                StatusTransition.changed_at,
            )
            .join(WorkItem, WorkItem.id == StatusTransition.work_item_id)
            .order_by(WorkItem.key, StatusTransition.changed_at)
        ).all()
    return {r[0]: tuple(r[1:]) for r in items}, [tuple(r) for r in moves]


def test_trello_board_gives_the_hand_worked_items_moves_and_cycle_times(engine: Engine) -> None:
    outcome = _import(engine, "trello-json", TRELLO, "TRL", TRELLO_WORKFLOW)
    assert (outcome.counts.added, outcome.counts.updated, outcome.counts.unchanged) == (6, 0, 0)
    assert "1 archived card(s) not in a done list skipped" in outcome.summary
    assert trello_rows(engine) == (TRELLO_ITEMS, TRELLO_MOVES)

    with engine.connect() as c:
        data = flow_data(c, portfolio_viewer(), "TRL", QueryFilters(as_of=date(2024, 3, 15)))
    assert data is not None
    table = flow_of(data, FlowSettings(), date(2024, 3, 15)).flow.table
    done = table[table["cycle_time"].notna()]
    assert done["cycle_time"].to_dict() == TRELLO_CYCLE
    assert done["lead_time"].to_dict() == TRELLO_LEAD
    assert pd.isna(table.loc["TRL-T3", "cycle_time"]) and pd.isna(table.loc["TRL-T5", "cycle_time"])
    reimport_changes_nothing(engine, "trello-json", TRELLO, "TRL", 6, TRELLO_WORKFLOW)


def _board() -> dict:
    return json.loads(TRELLO.read_text(encoding="utf-8"))


def _card(board: dict, number: int) -> dict:
    return next(c for c in board["cards"] if c["idShort"] == number)


def _list_id(board: dict, name: str) -> str:
    return next(lst["id"] for lst in board["lists"] if lst["name"] == name)


def _in_ideas(board: dict) -> tuple[str, str | None, str | None]:
    _card(board, 5)["idList"] = _list_id(board, "Ideas")
    return 'card #5 "Fraud rules spike"', None, None


def _bad_move_date(board: dict) -> tuple[str, str | None, str | None]:
    move = next(a for a in board["actions"] if a["date"] == "2024-03-06T15:00:00.000Z")
    move["date"] = "2024-03-32T15:00:00.000Z"
    return (
        f'card #1 "Set up CI pipeline", action {move["id"]} (updateCard)',
        "date",
        "2024-03-32T15:00:00.000Z",
    )


def _unknown_list(board: dict) -> tuple[str, str | None, str | None]:
    _card(board, 3)["idList"] = "000000000000000000000000"
    return 'card #3 "Refund API"', "idList", "000000000000000000000000"


def _not_a_board(board: dict) -> tuple[str, str | None, str | None]:
    board.pop("cards")
    return "file", None, None


@pytest.mark.parametrize("spoil", [_in_ideas, _bad_move_date, _unknown_list, _not_a_board])
def test_bad_trello_board_names_the_card_and_writes_nothing(engine: Engine, tmp_path: Path, spoil) -> None:  # type: ignore[no-untyped-def]
    board = _board()
    where, column, value = spoil(board)
    path = tmp_path / "trello_board.json"
    path.write_text(json.dumps(board), encoding="utf-8")
    before = table_counts(engine)
    problems = _rejected(engine, "trello-json", path, "TRL", TRELLO_WORKFLOW)
    assert [(p.where, p.column, p.value) for p in problems] == [(where, column, value)], problems
    if spoil is _in_ideas:
        assert problems[0].message == "unknown status 'Ideas' (not in the workflow file)"
    assert table_counts(engine) == before
    assert log_rows(engine) == [
        ("trello-json", path.name, sha256(path), "TRL", "test:pmo", "rejected", 0, 0, 0)
    ]


def test_malformed_trello_json_names_line_and_column(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    path.write_text('{\n  "cards": [\n    {"id": "x",}\n  ]\n}\n', encoding="utf-8")
    before = table_counts(engine)
    problems = _rejected(engine, "trello-json", path, "TRL", TRELLO_WORKFLOW)
    # The stray comma before "}" on line 3: the parser stops at column 16 (the "}").
    assert [(p.where, p.message) for p in problems] == [
        ("line 3, column 16", "not valid JSON: Expecting property name enclosed in double quotes")
    ]
    assert table_counts(engine) == before


def test_trello_key_longer_than_32_characters_is_refused(engine: Engine) -> None:
    long_code = "PAYMENTS-WEB-CUSTOMER-JOURNEY"  # 29 characters + "-T1" = 32: fits
    longer = long_code + "X"  # + "-T1" = 33: refused for every card
    add_project(engine, long_code)
    add_project(engine, longer)
    problems = _rejected(engine, "trello-json", TRELLO, longer, TRELLO_WORKFLOW)
    assert len(problems) == 6 and problems[0].where == 'card #1 "Set up CI pipeline"'
    assert _import(engine, "trello-json", TRELLO, long_code, TRELLO_WORKFLOW).counts.added == 6


# --- MS Project XML ---------------------------------------------------------------------

# Hand-worked from mspdi_schedule.xml (costs in the file are hundredths; only tasks that
# are not summaries count; spread over Monday-Friday days by month):
#   plan  Analysis 10,000 Mar 4-15 (10 days, March); Data mapping 20,000 Mar 18 - Apr 12
#         (10 + 10 days); Migration scripts 30,000 Apr 15 - May 17 (12 + 13 days:
#         14,400 + 15,600); Hypercare 5,000 Jul 1-12 (July).
#         March 20,000; April 24,400; May 15,600; July 5,000 (total 65,000 = UID 0 baseline).
#   actual Analysis 11,000 (March); Data mapping 24,000 Mar 18 - Apr 19 (10 + 15 days:
#         9,600 + 14,400); Migration scripts 16,500 Apr 22 - status date May 31
#         (7 + 23 days: 3,850 + 12,650).
#         March 20,600; April 18,250; May 12,650 (total 51,500 = UID 0 actual cost).
MSPDI_MILESTONES = {
    "Requirements signed off": (date(2024, 3, 15), date(2024, 3, 15), date(2024, 3, 15)),
    "Data migrated": (date(2024, 5, 17), date(2024, 6, 7), None),
    "Go-live": (date(2024, 6, 28), date(2024, 7, 5), None),
}
MSPDI_PLAN = {
    date(2024, 3, 1): 20000,
    date(2024, 4, 1): 24400,
    date(2024, 5, 1): 15600,
    date(2024, 7, 1): 5000,
}
MSPDI_ACTUAL = {date(2024, 3, 1): 20600, date(2024, 4, 1): 18250, date(2024, 5, 1): 12650}
STATUS_DATE = date(2024, 5, 31)


def schedule_rows(engine: Engine, code: str = "CBM") -> dict[str, object]:
    with engine.connect() as c:
        project_id = c.execute(select(Project.id).where(Project.code == code)).scalar_one()
        milestones = c.execute(
            select(
                Milestone.name, Milestone.baseline_date, Milestone.forecast_date, Milestone.actual_date
            ).where(Milestone.project_id == project_id)
        ).all()
        forecasts = c.execute(
            select(Milestone.name, MilestoneForecast.recorded_on, MilestoneForecast.forecast_date)
            .join(Milestone, Milestone.id == MilestoneForecast.milestone_id)
            .where(Milestone.project_id == project_id)
        ).all()
        progress = c.execute(
            select(ProgressReport.period_end, ProgressReport.percent_complete).where(
                ProgressReport.project_id == project_id
            )
        ).all()
        costs = {
            table.__tablename__: {
                (m, getattr(cat, "value", cat)): Decimal(a)
                for m, cat, a in c.execute(
                    select(table.month, table.category, table.amount).where(table.project_id == project_id)
                ).all()
            }
            for table in (CostPlan, CostActual)
        }
    return {
        "milestones": {r[0]: tuple(r[1:]) for r in milestones},
        "forecasts": sorted(tuple(r) for r in forecasts),
        "progress": [(d, Decimal(p)) for d, p in progress],
        **costs,
    }  # fmt: skip


def labour(amounts: dict[date, int]) -> dict[tuple[date, str], Decimal]:
    return {(month, "labour"): Decimal(amount) for month, amount in amounts.items()}


def test_mspdi_writes_the_hand_worked_schedule_and_reimport_changes_nothing(engine: Engine) -> None:
    outcome = _import(engine, "mspdi", MSPDI, "CBM")
    # 3 milestones + 3 forecast snapshots + 1 progress row + 4 plan months + 3 actual months
    assert (outcome.counts.added, outcome.counts.updated, outcome.counts.unchanged) == (14, 0, 0)
    assert schedule_rows(engine) == {
        "milestones": MSPDI_MILESTONES,
        "forecasts": sorted((name, STATUS_DATE, dates[1]) for name, dates in MSPDI_MILESTONES.items()),
        "progress": [(STATUS_DATE, Decimal("40"))],
        "cost_plan": labour(MSPDI_PLAN),
        "cost_actuals": labour(MSPDI_ACTUAL),
    }
    rows = schedule_rows(engine)
    reimport_changes_nothing(engine, "mspdi", MSPDI, "CBM", 14)
    assert schedule_rows(engine) == rows


def test_mspdi_upserts_milestones_by_name_and_replaces_only_labour_costs(engine: Engine) -> None:
    with engine.begin() as c:
        project_id = c.execute(select(Project.id).where(Project.code == "CBM")).scalar_one()
        go_live = c.execute(
            insert(Milestone)
            .values(project_id=project_id, name="Go-live", baseline_date=date(2024, 6, 28),
                    forecast_date=date(2024, 6, 28), weight=Decimal("0.25"))
            .returning(Milestone.id)
        ).scalar_one()  # fmt: skip
        c.execute(
            insert(CostPlan),
            [
                {
                    "project_id": project_id,
                    "month": date(2024, 3, 1),
                    "category": "vendor",
                    "amount": Decimal("700"),
                },
                {
                    "project_id": project_id,
                    "month": date(2024, 8, 1),
                    "category": "labour",
                    "amount": Decimal("900"),
                },
            ],
        )
    outcome = _import(engine, "mspdi", MSPDI, "CBM")
    # Go-live updated (forecast moves to Jul 5); 2 new milestones + 3 forecasts + progress + 4 + 3 added.
    assert (outcome.counts.added, outcome.counts.updated, outcome.counts.unchanged) == (13, 1, 0)
    assert "1 labour cost months removed" in outcome.summary
    rows = schedule_rows(engine)
    assert rows["milestones"] == MSPDI_MILESTONES
    assert rows["cost_plan"] == {**labour(MSPDI_PLAN), (date(2024, 3, 1), "vendor"): Decimal("700")}
    with engine.connect() as c:
        kept = c.execute(select(Milestone.id, Milestone.weight).where(Milestone.name == "Go-live")).one()
    assert (kept.id, Decimal(kept.weight)) == (go_live, Decimal("0.25"))


MSPDI_BAD = [
    pytest.param("<Finish>2024-04-19T17:00:00</Finish>", "<Finish>2024-04-31T17:00:00</Finish>",
                 'task UID 4 "Data mapping"', "Finish", "2024-04-31T17:00:00", "not a date", id="no-such-day"),
    pytest.param("<Start>2024-07-08T08:00:00</Start>\n\t\t\t<Finish>2024-07-19T17:00:00</Finish>",
                 "<Start>2024-07-08T08:00:00</Start>\n\t\t\t<Finish>2024-07-01T17:00:00</Finish>",
                 'task UID 8 "Hypercare"', "Finish", "2024-07-01T17:00:00", "before its start (2024-07-08)",
                 id="finish-before-start"),
    pytest.param("<Finish>2024-04-12T17:00:00</Finish>", "<Finish>2024-03-01T17:00:00</Finish>",
                 'task UID 4 "Data mapping"', "Baseline Finish", "2024-03-01T17:00:00", "before its start (2024-03-18)",
                 id="baseline-finish-before-start"),
    pytest.param("<ActualCost>1100000</ActualCost>", "<ActualCost>-1100000</ActualCost>",
                 'task UID 1 "Analysis"', "ActualCost", "-1100000", "must not be negative", id="negative-cost"),
    pytest.param("<PercentComplete>60</PercentComplete>", "<PercentComplete>160</PercentComplete>",
                 'task UID 5 "Migration scripts"', "PercentComplete", "160", "between 0 and 100", id="percent"),
    pytest.param("<CurrencyCode>USD</CurrencyCode>", "<CurrencyCode>EUR</CurrencyCode>",
                 "project", "CurrencyCode", "EUR", "costs are in EUR, project CBM is in USD", id="other-currency"),
    pytest.param("<Name>Go-live</Name>", "<Name>Data migrated</Name>",
                 'task UID 7 "Data migrated"', "Name", None, 'also used by task UID 6 "Data migrated"',
                 id="milestone-name-twice"),
    pytest.param('xmlns="http://schemas.microsoft.com/project"', 'xmlns="urn:example:gantt"',
                 "file", None, None, "not an MSPDI file", id="not-mspdi"),
    # Without </Tasks> (line 220), </Project> (then line 235) closes the wrong element;
    # expat counts columns from 0, the problem from 1 ("P" of "</Project>" is column 3).
    pytest.param("\t</Tasks>\n", "", "line 235, column 3", None, None, "not well-formed XML: mismatched tag",
                 id="malformed"),
    pytest.param('standalone="yes"?>\n', 'standalone="yes"?>\n<!DOCTYPE Project [<!ENTITY a "aaaa">]>\n',
                 "line 2", None, None, "DOCTYPE declarations are not accepted", id="doctype"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "where", "column", "value", "says"), MSPDI_BAD)
def test_bad_mspdi_names_task_and_column_and_writes_nothing(
    engine: Engine,
    tmp_path: Path,
    old: str,
    new: str,
    where: str,
    column: str | None,
    value: str | None,
    says: str,
) -> None:
    path = mutated(MSPDI, tmp_path, old, new)
    before = table_counts(engine)
    problems = _rejected(engine, "mspdi", path, "CBM")
    assert [(p.where, p.column, p.value) for p in problems] == [(where, column, value)], problems
    assert says in problems[0].message
    assert table_counts(engine) == before
    assert log_rows(engine) == [
        ("mspdi", "mspdi_schedule.xml", sha256(path), "CBM", "test:pmo", "rejected", 0, 0, 0)
    ]


def test_cost_spread_rounds_to_cents_and_keeps_the_total() -> None:
    # 100.00 over Fri Mar 29 (1 day in March) and Mon Apr 1 - Tue Apr 2 (2 days in April):
    # 33.333 and 66.667; the spare cent goes to the larger remainder (April).
    assert spread_by_month(Decimal("100"), date(2024, 3, 29), date(2024, 4, 2)) == {
        date(2024, 3, 1): Decimal("33.33"),
        date(2024, 4, 1): Decimal("66.67"),
    }
    # A weekend-only span has no working day: all in the month of its last day.
    assert spread_by_month(Decimal("5"), date(2024, 3, 30), date(2024, 3, 31)) == {
        date(2024, 3, 1): Decimal("5.00")
    }


@pytest.mark.parametrize(
    ("kind", "path", "workflow"),
    [("jira-csv", JIRA_CSV, JIRA_WORKFLOW), ("mspdi", MSPDI, None), ("trello-json", TRELLO, TRELLO_WORKFLOW)],
)
def test_unknown_project_is_refused_and_logged(
    engine: Engine, kind: str, path: Path, workflow: Path | None
) -> None:
    before = table_counts(engine)
    problems = _rejected(engine, kind, path, "NOPE", workflow)
    assert [(p.where, p.message) for p in problems] == [
        ("--project", "no project with code 'NOPE'; create it first")
    ]
    assert table_counts(engine) == before
    assert log_rows(engine) == [(kind, path.name, sha256(path), "NOPE", "test:pmo", "rejected", 0, 0, 0)]
