"""Flow imports through the command line, on SQLite and PostgreSQL.

Expected values are worked out by hand from the small files written here; bad files
must name every bad row, exit non-zero and leave every row as it was.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from data_access.__main__ import main
from data_access.importers.problems import ImportRejected
from data_access.importers.timestamps import parse_timestamp
from data_access.importers.workflow_file import parse_workflow
from data_access.models import Project, StatusTransition, Workflow, WorkflowStatus, WorkItem
from tests.flow_import import GOLDEN_WORKFLOW, add_project, snapshot

GOLDEN_JIRA = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "golden"
    / "jira-agile-metrics"
    / "search_issues.json"
)

GOOD_CSV = """key,type,created,from_status,to_status,changed_at,title,points,resolved
K-1,Story,2024-03-01T09:00:00+05:30,Backlog,Next,2024-03-04T23:30:00+05:30,Login page,3,
K-1,Story,2024-03-01T09:00:00+05:30,Next,Build,2024-03-05T10:00:00Z,,,
K-1,Story,2024-03-01T09:00:00+05:30,Build,Done,2024-03-07T08:00:00.000-0200,,,
K-2,Bug,2024-03-02T10:00:00Z,,Next,2024-03-06T10:00:00Z,,,
"""


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _run(
    engine: Engine, kind: str, path: Path, workflow: Path = GOLDEN_WORKFLOW, project: str = "GOLD"
) -> int:
    argv = ["import", kind, str(path), "--project", project, "--workflow", str(workflow)]
    return main([*argv, "--database-url", _url(engine)])


@pytest.fixture
def engine(migrated_engine: Engine) -> Engine:
    add_project(migrated_engine)
    return migrated_engine


def test_csv_import_keeps_offsets_and_derives_status(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    assert _run(engine, "transitions-csv", path) == 0
    with engine.connect() as c:
        items = {r.key: r for r in c.execute(select(*WorkItem.__table__.columns)).all()}
        rows = c.execute(
            select(WorkItem.key, StatusTransition.from_status, StatusTransition.to_status,
                   StatusTransition.changed_at, StatusTransition.utc_offset_minutes)
            .join(WorkItem, WorkItem.id == StatusTransition.work_item_id)
            .order_by(StatusTransition.id)
        ).all()  # fmt: skip
        workflow_id = c.execute(select(Project.workflow_id).where(Project.code == "GOLD")).scalar_one()
        workflow_name = c.execute(select(Workflow.name).where(Workflow.id == workflow_id)).scalar_one()
        n_statuses = len(
            c.execute(select(WorkflowStatus.id).where(WorkflowStatus.workflow_id == workflow_id)).all()
        )
    assert workflow_name == "jira-agile-metrics golden board" and n_statuses == 5
    k1, k2 = items["K-1"], items["K-2"]
    assert (k1.item_type, k1.title, k1.points, k1.status) == ("Story", "Login page", 3, "Done")
    assert k1.created_at == datetime(2024, 3, 1, 3, 30, tzinfo=UTC) and k1.created_utc_offset_minutes == 330
    assert k1.resolved_at == datetime(2024, 3, 7, 10, 0, tzinfo=UTC)  # last change, status Done
    assert (k2.title, k2.status, k2.resolved_at) == ("K-2", "Next", None)
    assert rows == [
        ("K-1", "Backlog", "Next", datetime(2024, 3, 4, 18, 0, tzinfo=UTC), 330),
        ("K-1", "Next", "Build", datetime(2024, 3, 5, 10, 0, tzinfo=UTC), 0),
        ("K-1", "Build", "Done", datetime(2024, 3, 7, 10, 0, tzinfo=UTC), -120),
        ("K-2", None, "Next", datetime(2024, 3, 6, 10, 0, tzinfo=UTC), 0),
    ]


@pytest.mark.skipif(not GOLDEN_JIRA.exists(), reason="golden data not found")
def test_reimporting_the_same_file_changes_nothing(engine: Engine) -> None:
    assert _run(engine, "jira-json", GOLDEN_JIRA) == 0
    before = snapshot(engine)
    assert len(before[0]) == 20 and len(before[1]) == 62  # golden README: 20 issues, 62 changes
    assert _run(engine, "jira-json", GOLDEN_JIRA) == 0
    assert snapshot(engine) == before


def test_changed_file_updates_items_and_replaces_their_transitions(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    assert _run(engine, "transitions-csv", path) == 0
    items_before, rows_before = snapshot(engine)
    path.write_text(
        GOOD_CSV.replace("Login page", "Sign-in page").replace(
            ",,Next,2024-03-06", ",Backlog,Build,2024-03-06"
        ),
        encoding="utf-8",
    )
    assert _run(engine, "transitions-csv", path) == 0
    items_after, rows_after = snapshot(engine)
    assert [r[0] for r in items_after] == [r[0] for r in items_before]  # same ids: updated, not re-created
    assert rows_after[:3] == rows_before[:3]  # K-1's changes untouched
    assert [(r[2], r[3]) for r in rows_after[3:]] == [("Backlog", "Build")]
    with engine.connect() as c:
        assert c.execute(select(WorkItem.title).where(WorkItem.key == "K-1")).scalar_one() == "Sign-in page"
        assert c.execute(select(WorkItem.status).where(WorkItem.key == "K-2")).scalar_one() == "Build"


BAD_CSV = """key,type,created,from_status,to_status,changed_at
K-1,Story,2024-03-01T09:00:00Z,Backlog,Next,2024-03-04T10:00:00Z
K-1,Story,2024-03-01T09:00:00Z,Next,Review,2024-03-05T10:00:00Z
K-2,Story,2024-03-01T09:00:00Z,Backlog,Next,yesterday
K-3,Story,2024-03-01T09:00:00Z,Backlog,Next,2024-03-08T10:00:00Z
K-3,Story,2024-03-01T09:00:00Z,Next,Build,2024-03-07T10:00:00Z
K-4,Story,2024-03-01T09:00:00,Backlog,Next,2024-03-08T10:00:00Z
"""


def test_bad_csv_reports_every_bad_row_and_writes_nothing(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(GOOD_CSV, encoding="utf-8")
    assert _run(engine, "transitions-csv", good) == 0
    before = snapshot(engine)
    capsys.readouterr()
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    assert _run(engine, "transitions-csv", bad) == 1
    err = capsys.readouterr().err
    assert "4 problem(s), nothing imported" in err
    assert "line 3: unknown status 'Review'" in err
    assert "line 4: changed_at: unparseable timestamp 'yesterday'" in err
    assert "line 6: out of order: K-3" in err
    assert "line 7: created: timestamp '2024-03-01T09:00:00' has no UTC offset" in err
    assert snapshot(engine) == before


def test_bad_jira_json_names_issue_and_change(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issues = [
        {"key": "J-1", "fields": {"summary": "a", "issuetype": {"name": "Story"}, "status": {"name": "Done"},
                                  "created": "2021-01-01T09:00:00.000+0000"},
         "changelog": {"histories": [
             {"created": "2021-01-02T09:00:00.000+0000",
              "items": [{"field": "status", "fromString": "Backlog", "toString": "Next"}]},
             {"created": "2021-01-03T09:00:00.000+0000",
              "items": [{"field": "status", "fromString": "Next", "toString": "Shipped"}]},
         ]}},
        {"key": "J-2", "fields": {"summary": "b", "issuetype": {"name": "Bug"}, "status": {"name": "Next"},
                                  "created": "2021-01-05T09:00:00.000+0000"},
         "changelog": {"histories": [
             {"created": "2021-01-04T09:00:00.000+0000",
              "items": [{"field": "status", "fromString": "Backlog", "toString": "Next"}]},
             {"created": "2021-13-04T09:00:00.000+0000",
              "items": [{"field": "status", "fromString": "Backlog", "toString": "Next"}]},
         ]}},
    ]  # fmt: skip
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"issues": issues}), encoding="utf-8")
    assert _run(engine, "jira-json", path) == 1
    err = capsys.readouterr().err
    assert "issue 1 (J-1), change 2: unknown status 'Shipped'" in err
    assert "issue 2 (J-2), change 2: unparseable timestamp '2021-13-04T09:00:00.000+0000'" in err
    assert "issue 2 (J-2), change 1: out of order: J-2 changed before it was created" in err
    assert snapshot(engine) == ([], [])


def test_unknown_project_and_key_of_another_project_are_refused(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    assert _run(engine, "transitions-csv", path, project="NOPE") == 1
    assert "no project with code 'NOPE'" in capsys.readouterr().err
    assert _run(engine, "transitions-csv", path) == 0
    add_project(engine, "OTHER")
    before = snapshot(engine)
    assert _run(engine, "transitions-csv", path, project="OTHER") == 1
    assert "line 2: item K-1 already belongs to project GOLD" in capsys.readouterr().err
    assert snapshot(engine) == before


def test_workflow_file_problems_are_all_listed() -> None:
    bad = {
        "start_stage": "Doing",
        "done_stage": "Done",
        "stages": [
            {"name": "Todo", "statuses": ["Open"]},
            {"name": "Done", "category": "finished", "statuses": ["Open", "Closed"]},
        ],
    }
    with pytest.raises(ImportRejected) as caught:
        parse_workflow(bad)
    text = str(caught.value)
    assert "start_stage: 'Doing' is not one of the stages" in text
    assert "category 'finished'" in text
    assert "status 'Open' is in two stages" in text


def test_workflow_categories_default_from_start_and_done() -> None:
    workflow = parse_workflow(
        {
            "start_stage": "B",
            "done_stage": "D",
            "stages": [{"name": n, "statuses": [n.lower()]} for n in "ABCDE"],
        }
    )
    assert [s.category for s in workflow.stages] == ["to do", "in progress", "in progress", "done", "done"]
    assert workflow.stage_of("C") == "C" and workflow.is_done("e") and not workflow.is_done("c")


@pytest.mark.parametrize(
    ("text", "utc", "offset"),
    [
        ("2021-01-05T10:00:00.000+0100", datetime(2021, 1, 5, 9, 0, tzinfo=UTC), 60),
        ("2021-01-05T10:00:00-03:30", datetime(2021, 1, 5, 13, 30, tzinfo=UTC), -210),
        ("2021-01-05T10:00:00Z", datetime(2021, 1, 5, 10, 0, tzinfo=UTC), 0),
    ],
)
def test_timestamps_keep_their_written_offset(text: str, utc: datetime, offset: int) -> None:
    assert parse_timestamp(text) == (utc, offset)
