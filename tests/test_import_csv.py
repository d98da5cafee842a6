"""CSV template imports that succeed, on SQLite and PostgreSQL: what lands in the tables
(read back with SQL and compared with values worked out from the files by hand), upsert
by key, re-imports that change nothing, export, and the generated docs and templates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select, update

from data_access.__main__ import main
from data_access.importers.csv_docs import DATA_MD, out_of_date
from data_access.importers.csv_spec import ENTITIES
from data_access.importers.csv_templates import render_template, template_bytes, template_names
from data_access.models import (
    CostActual,
    CostPlan,
    Milestone,
    MilestoneForecast,
    Person,
    Program,
    ProgressReport,
    Project,
    RiskItem,
    RoleAssignment,
    StatusReport,
    Team,
    WorkItem,
)
from tests.csv_import_support import import_templates, log_outcomes, run_cli, table_counts, url_of


@pytest.fixture
def engine(migrated_engine: Engine, tmp_path: Path) -> Engine:
    import_templates(migrated_engine, tmp_path / "templates")
    return migrated_engine


def test_templates_import_in_order_and_store_their_example_rows(engine: Engine) -> None:
    with engine.connect() as c:
        ids = {
            "DIG": c.execute(select(Program.id).where(Program.code == "DIG")).scalar_one(),
            "jane.doe": c.execute(select(Person.id).where(Person.username == "jane.doe")).scalar_one(),
            "T-PAY": c.execute(select(Team.id).where(Team.code == "T-PAY")).scalar_one(),
        }
        project = c.execute(select(*Project.__table__.columns)).one()
        role = c.execute(
            select(RoleAssignment.person_id, RoleAssignment.role, RoleAssignment.project_id)
        ).one()
        milestone = c.execute(select(Milestone.name, Milestone.baseline_date, Milestone.forecast_date,
                                     Milestone.actual_date, Milestone.weight)).one()  # fmt: skip
        replan = c.execute(select(MilestoneForecast.recorded_on, MilestoneForecast.forecast_date)).one()
        plan = c.execute(select(CostPlan.month, CostPlan.category, CostPlan.amount)).one()
        actual = c.execute(select(CostActual.month, CostActual.amount)).one()
        progress = c.execute(select(ProgressReport.period_end, ProgressReport.percent_complete)).one()
        report = c.execute(select(StatusReport.report_date, StatusReport.author_id, StatusReport.overall_rag,
                                  StatusReport.budget_rag)).one()  # fmt: skip
        risk = c.execute(select(RiskItem.ref, RiskItem.probability, RiskItem.impact, RiskItem.owner_id,
                                RiskItem.closed_on, RiskItem.status)).one()  # fmt: skip
        item = c.execute(select(WorkItem.key, WorkItem.item_type, WorkItem.status, WorkItem.created_at,
                                WorkItem.created_utc_offset_minutes, WorkItem.resolved_at, WorkItem.points,
                                WorkItem.team_id, WorkItem.project_id)).one()  # fmt: skip
    assert (project.code, project.program_id, project.project_type, project.methodology) == (
        "PAY-001", ids["DIG"], "software development", "scrum"
    )  # fmt: skip
    assert (project.start_date, project.baseline_end_date, project.forecast_end_date) == (
        date(2026, 1, 5), date(2026, 12, 18), date(2027, 1, 29)
    )  # fmt: skip
    assert (project.budget_at_completion, project.currency) == (Decimal("1250000.00"), "EUR")
    assert (project.sponsor_id, project.project_manager_id, project.team_id) == (
        None,
        ids["jane.doe"],
        ids["T-PAY"],
    )
    assert role == (ids["jane.doe"], "project manager", project.id)
    assert milestone == ("Go-live", date(2026, 11, 30), date(2026, 12, 14), None, Decimal("0.4"))
    assert replan == (date(2026, 6, 1), date(2026, 12, 14))
    assert plan == (date(2026, 3, 1), "labour", Decimal("85000"))
    assert actual == (date(2026, 3, 1), Decimal("91250.5"))
    assert progress == (date(2026, 3, 31), Decimal("22.5"))
    assert report == (date(2026, 3, 31), ids["jane.doe"], "amber", "green")
    assert risk == ("R-01", 4, 4, ids["jane.doe"], None, "open")
    # 09:30 at +01:00 is 08:30 UTC; the offset is kept for the flow metrics' local days.
    assert item == ("PAY-101", "Story", "In Progress", datetime(2026, 3, 2, 8, 30, tzinfo=UTC), 60, None, 5,
                    ids["T-PAY"], project.id)  # fmt: skip
    assert log_outcomes(engine) == [(e.kind, "loaded", 1, 0, 0, 0) for e in ENTITIES]


PROJECTS = """code,name,program,project_type,methodology,lifecycle_phase,start_date,forecast_end_date,description
ALP,Alpha,DIG,data migration,waterfall,planning,2026-02-01,2026-09-30,first
BET,Beta,DIG,cybersecurity,kanban,execution,2026-03-01,,second
"""


def _projects(engine: Engine) -> dict[str, tuple]:
    with engine.connect() as c:
        rows = c.execute(
            select(Project.code, Project.id, Project.name, Project.forecast_end_date, Project.description,
                   Project.budget_at_completion, Project.currency)
        ).all()  # fmt: skip
    return {row[0]: tuple(row[1:]) for row in rows}


def test_upsert_by_code_counts_added_updated_unchanged(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "projects.csv"
    path.write_text(PROJECTS, encoding="utf-8")
    assert run_cli(engine, "csv-projects", path) == 0
    first = _projects(engine)
    assert first["BET"][1:] == ("Beta", None, "second", None, "USD")  # currency left out: its default
    assert run_cli(engine, "csv-projects", path) == 0
    assert _projects(engine) == first  # the same file again changes nothing

    # Alpha renamed and its forecast cleared (empty cell); Beta unchanged; description left out.
    changed = "\n".join(line.rsplit(",", 1)[0] for line in PROJECTS.splitlines())
    changed = changed.replace("Alpha,DIG", "Alpha two,DIG").replace("2026-09-30", "")
    path.write_text(changed + "\n", encoding="utf-8")
    assert run_cli(engine, "csv-projects", path) == 0
    after = _projects(engine)
    assert after["ALP"] == (first["ALP"][0], "Alpha two", None, "first", None, "USD")  # same id, updated
    assert after["BET"] == first["BET"] and after["PAY-001"] == first["PAY-001"]
    assert log_outcomes(engine)[-3:] == [
        ("csv-projects", "loaded", 2, 0, 0, 0),
        ("csv-projects", "loaded", 0, 0, 2, 0),
        ("csv-projects", "loaded", 0, 1, 1, 0),
    ]


def test_a_risk_stored_without_ref_takes_the_files_ref(engine: Engine, tmp_path: Path) -> None:
    with engine.begin() as c:
        project_id = c.execute(select(Project.id).where(Project.code == "PAY-001")).scalar_one()
        c.execute(
            insert(RiskItem).values(project_id=project_id, kind="issue", title="Data centre power", probability=2,
                                    impact=3, raised_on=date(2026, 1, 9), status="open")
        )  # fmt: skip
    path = tmp_path / "risks.csv"
    path.write_text(
        "project,ref,kind,title,probability,impact,raised_on,status\n"
        "PAY-001,R-02,issue,Data centre power,2,3,2026-01-09,open\n",
        encoding="utf-8",
    )
    assert run_cli(engine, "csv-risks", path) == 0
    assert run_cli(engine, "csv-risks", path) == 0
    with engine.connect() as c:
        refs = c.execute(select(RiskItem.ref).order_by(RiskItem.id)).scalars().all()
    assert refs == ["R-01", "R-02"]  # adopted, not duplicated
    assert log_outcomes(engine)[-2:] == [
        ("csv-risks", "loaded", 0, 1, 0, 0),
        ("csv-risks", "loaded", 0, 0, 1, 0),
    ]


def test_export_writes_templates_that_import_back_unchanged(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with engine.begin() as c:  # a name a spreadsheet must show right: the export has a BOM
        c.execute(update(Project).values(name="Café € platform, phase 2"))
    out = tmp_path / "exported"
    assert main(["export-csv", "--database-url", url_of(engine), "--out", str(out)]) == 0
    assert "exported 13 rows" in capsys.readouterr().out
    data = (out / "projects.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    template = render_template("projects").decode().splitlines()[1]
    assert data.decode("utf-8-sig").splitlines()[1] == template.replace(
        "Payments platform", '"Café € platform, phase 2"'
    )
    assert (out / "milestones.csv").read_text(encoding="utf-8-sig").splitlines()[1] == (
        "PAY-001,Go-live,2026-11-30,2026-12-14,,0.4000"
    )
    before = table_counts(engine)
    for entity in ENTITIES:
        assert run_cli(engine, entity.kind, out / entity.file_name) == 0
    assert table_counts(engine) == {**before, "import_log": before["import_log"] + len(ENTITIES)}
    assert log_outcomes(engine)[-len(ENTITIES) :] == [(e.kind, "loaded", 0, 0, 1, 0) for e in ENTITIES]


def test_cli_lists_every_kind_and_needs_no_project_for_csv(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for name in [e.kind for e in ENTITIES] + ["jira-json", "transitions-csv"]:
        assert name in text


# --- generated files ------------------------------------------------------------------


def _documented_columns() -> dict[str, list[str]]:
    """Per template file named in a DATA.md heading, the column names of its table."""
    documented: dict[str, list[str]] = {}
    current = None
    for line in DATA_MD.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### .*`([\w-]+\.csv)`", line)
        if heading:
            current = heading[1]
            documented[current] = []
        elif current and (cell := re.match(r"\| `(\w+)` \|", line)):
            documented[current].append(cell[1])
    return documented


def test_data_md_lists_exactly_the_spec_columns() -> None:
    assert _documented_columns() == {e.file_name: list(e.column_names) for e in ENTITIES}
    assert out_of_date() == []  # templates and DATA.md regenerated after the last spec change


def test_shipped_templates_are_the_generated_ones() -> None:
    assert template_names() == [e.name for e in ENTITIES]
    for name in template_names():
        lines = template_bytes(name).decode("ascii").split("\r\n")
        assert template_bytes(name) == render_template(name)
        assert lines[0].split(",") == list(next(e for e in ENTITIES if e.name == name).column_names)
        assert len(lines) == 3 and lines[2] == ""  # header, one example row, final line end
