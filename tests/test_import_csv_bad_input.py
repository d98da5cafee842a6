"""Bad CSV template files through the CLI, on SQLite and PostgreSQL.

Every case: exit code 1, the report names the row (line) and the column of each problem,
every table's row count (taken with SQL) is as before, and exactly one import_log row
with outcome 'rejected' is added. Good files in UTF-8 with a BOM and in Windows-1252
import with their accents and euro signs intact.
"""

from __future__ import annotations

import hashlib
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from data_access.db import make_engine
from data_access.migrate import upgrade_to_head
from data_access.models import ImportLog, Person, Project
from tests.conftest import BACKENDS, create_postgres_schema, drop_postgres_schema, require_postgres
from tests.csv_import_support import import_templates, log_outcomes, run_cli, table_counts
from tests.flow_import import GOLDEN_WORKFLOW

PROJECT_HEADER = (
    "code,name,program,project_type,methodology,lifecycle_phase,start_date,baseline_end_date,"
    "forecast_end_date,budget_at_completion,currency,sponsor,project_manager,team,description"
)
GOOD_PROJECT = (
    "PAY-002,Card payments,DIG,software development,scrum,execution,2026-01-05,2026-12-18,,100.00,EUR,,,,"
)
ITEM_HEADER = "project,key,type,title,status,created_at,resolved_at,points,team"


@pytest.fixture(scope="module", params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The templates' example rows plus a second project (OPS-001) and person (ops.lead).

    Shared by the module: a rejected file only ever adds an import_log row, which each
    test accounts for.
    """
    folder = tmp_path_factory.mktemp("bad_input")
    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'portfolio.db'}"
    else:
        require_postgres()
        schema = f"bad_{uuid.uuid4().hex[:10]}"
        url = create_postgres_schema(schema)
    engine = make_engine(url)
    upgrade_to_head(engine)
    import_templates(engine, folder / "templates")
    extra = {
        "csv-people": "username,display_name,email\nops.lead,Olu Sanya,ops.lead@example.org\n",
        "csv-projects": "code,name,program,project_type,methodology,lifecycle_phase,start_date\n"
        "OPS-001,Operations,DIG,cybersecurity,kanban,execution,2026-01-01\n",
    }
    for kind, text in extra.items():
        path = folder / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        assert run_cli(engine, kind, path) == 0
    changes = folder / "changes.csv"  # gives OPS-001 the golden workflow (Backlog ... Done)
    changes.write_text(
        "key,type,created,from_status,to_status,changed_at\nOPS-1,Task,2026-02-02T09:00:00Z,,Next,2026-02-03T09:00:00Z\n",
        encoding="utf-8",
    )
    assert (
        run_cli(
            engine, "transitions-csv", changes, "--project", "OPS-001", "--workflow", str(GOLDEN_WORKFLOW)
        )
        == 0
    )
    yield engine
    engine.dispose()
    if schema:
        drop_postgres_schema(schema)


def _rejected(
    engine: Engine, kind: str, path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[list[str], str]:
    """Run a file that must be refused; (report lines, whole stderr). Checks nothing changed."""
    before = table_counts(engine)
    logged = len(log_outcomes(engine))
    capsys.readouterr()
    assert run_cli(engine, kind, path) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "nothing imported" in err
    after = table_counts(engine)
    assert after == {**before, "import_log": before["import_log"] + 1}
    new_log = log_outcomes(engine)[logged:]
    assert [(row[0], row[1]) for row in new_log] == [(kind, "rejected")]
    return err.splitlines(), err


def _names(lines: list[str], where: str, column: str, fragment: str) -> bool:
    """A report line for ``where`` and ``column`` whose text holds ``fragment``."""
    pattern = re.compile(rf"\s{re.escape(where)}\s+{re.escape(column)}\s.*{re.escape(fragment)}")
    return any(pattern.search(line) for line in lines)


CELL_CASES = [
    # (id, kind, file text, [(line, column, fragment of the reason)])
    ("missing required column", "csv-programs", "code,description\nNEW,x\n",
     [("line 1", "name", "missing required column 'name'")]),
    ("unknown extra column", "csv-programs", "code,name,budget\nNEW,New,5\n",
     [("line 1", "budget", "unknown column 'budget'")]),
    ("not a number", "csv-progress", "project,period_end,percent_complete\nPAY-001,2026-04-30,half\n",
     [("line 2", "percent_complete", "not a number")]),
    ("percent above 100", "csv-progress", "project,period_end,percent_complete\nPAY-001,2026-04-30,120\n",
     [("line 2", "percent_complete", "above the maximum 100")]),
    ("not a whole number", "csv-risks",
     "project,ref,kind,title,probability,impact,raised_on,status\nPAY-001,R-9,risk,T,3.5,9,2026-01-01,open\n",
     [("line 2", "probability", "not a whole number"), ("line 2", "impact", "above the maximum 5")]),
    ("unknown program", "csv-projects", f"{PROJECT_HEADER}\n{GOOD_PROJECT.replace(',DIG,', ',DIGI,')}\n",
     [("line 2", "program", "unknown program: no program has the code 'DIGI'; known: DIG")]),
    ("unknown project", "csv-cost-plan", "project,month,category,amount\nPAY-404,2026-04-01,labour,5\n",
     [("line 2", "project", "no project has the code 'PAY-404'; known: OPS-001, PAY-001")]),
    ("unknown person", "csv-status-reports",
     "project,report_date,author,overall_rag,schedule_rag,budget_rag,scope_rag,risk_rag\n"
     "PAY-001,2026-04-30,john.doe,green,green,green,green,green\n",
     [("line 2", "author", "no person has the username 'john.doe'")]),
    ("unknown team", "csv-work-items", f"{ITEM_HEADER}\nPAY-001,PAY-900,Bug,B,Open,2026-03-02T09:30:00Z,,,T-NONE\n",
     [("line 2", "team", "no team has the code 'T-NONE'; known: T-PAY")]),
    ("unknown milestone", "csv-milestone-forecasts",
     "project,milestone,recorded_on,forecast_date\nPAY-001,Launch,2026-07-01,2026-12-20\n",
     [("line 2", "milestone", "project PAY-001 has no milestone named 'Launch'")]),
    ("duplicate key", "csv-cost-plan",
     "project,month,category,amount\nPAY-001,2026-04-01,labour,5\nPAY-001,2026-04,Labour,6\n",
     [("line 3", "category", "duplicate key (project 'PAY-001', month '2026-04', category 'Labour'): already on line 2")]),
    ("end before start", "csv-projects",
     f"{PROJECT_HEADER}\n{GOOD_PROJECT.replace('2026-12-18', '2025-12-18')}\n",
     [("line 2", "baseline_end_date", "baseline_end_date is before start_date (2026-01-05): end before start")]),
    ("closed before raised", "csv-risks",
     "project,ref,kind,title,probability,impact,raised_on,closed_on,status\n"
     "PAY-001,R-9,risk,T,3,3,2026-02-01,2026-01-15,closed\n",
     [("line 2", "closed_on", "closed_on is before raised_on (2026-02-01)")]),
    ("resolved before created", "csv-work-items",
     f"{ITEM_HEADER}\nPAY-001,PAY-901,Bug,B,Done,2026-03-02T09:30:00+01:00,2026-03-02T08:00:00Z,,\n",
     [("line 2", "resolved_at", "resolved_at is before created_at")]),
    ("negative cost", "csv-actuals", "project,month,category,amount\nPAY-001,2026-04-01,vendor,-10.00\n",
     [("line 2", "amount", "negative amount: must be 0 or more")]),
    ("too many decimals", "csv-actuals", "project,month,category,amount\nPAY-001,2026-04-01,vendor,10.005\n",
     [("line 2", "amount", "more than 2 decimal places")]),
    ("unknown category", "csv-cost-plan", "project,month,category,amount\nPAY-001,2026-04-01,travel,5\n",
     [("line 2", "category", "unknown category; allowed values: labour, vendor, capex, opex")]),
    ("unknown status colour", "csv-status-reports",
     "project,report_date,overall_rag,schedule_rag,budget_rag,scope_rag,risk_rag\n"
     "PAY-001,2026-04-30,yellow,green,green,green,green\n",
     [("line 2", "overall_rag", "allowed values: green, amber, red, grey")]),
    ("unparseable date", "csv-progress", "project,period_end,percent_complete\nPAY-001,31/03/2026,10\n",
     [("line 2", "period_end", "not a date: expected YYYY-MM-DD")]),
    ("no such day", "csv-progress", "project,period_end,percent_complete\nPAY-001,2026-02-30,10\n",
     [("line 2", "period_end", "no such day")]),
    ("month not on its first day", "csv-cost-plan", "project,month,category,amount\nPAY-001,2026-04-15,labour,5\n",
     [("line 2", "month", "first day")]),
    ("timestamp without offset", "csv-work-items", f"{ITEM_HEADER}\nPAY-001,PAY-902,Bug,B,Open,2026-03-02T09:30:00,,,\n",
     [("line 2", "created_at", "has no UTC offset")]),
    ("required value missing", "csv-teams", "code,name\nT-NEW,\n", [("line 2", "name", "required value missing")]),
    ("text too long", "csv-teams", f"code,name\nT-NEW,{'x' * 121}\n", [("line 2", "name", "longer than 120 characters")]),
    ("role without its scope", "csv-role-assignments",
     "username,role,program,project,team\njane.doe,project manager,DIG,,\n",
     [("line 2", "program", "a project manager is scoped by project: leave program empty"),
      ("line 2", "project", "a project manager needs a project")]),
    ("closed risk without closing day", "csv-risks",
     "project,ref,kind,title,probability,impact,raised_on,status\nPAY-001,R-9,risk,T,3,3,2026-02-01,closed\n",
     [("line 2", "closed_on", "status is closed: closed_on is required")]),
    ("item key of another project", "csv-work-items",
     f"{ITEM_HEADER}\nOPS-001,PAY-101,Story,Moved,Next,2026-03-02T09:30:00Z,,,\n",
     [("line 2", "key", "item PAY-101 already belongs to project PAY-001")]),
    ("status outside the workflow", "csv-work-items",
     f"{ITEM_HEADER}\nOPS-001,OPS-2,Task,T,Doing,2026-03-02T09:30:00Z,,,\nPAY-001,PAY-903,Task,T,Doing,2026-03-02T09:30:00Z,,,\n",
     [("line 2", "status", "unknown status for OPS-001's workflow; allowed values: Backlog, Next, Build, QA, Done")]),
    ("e-mail of another person", "csv-people", "username,display_name,email\nnew.one,New One,ops.lead@example.org\n",
     [("line 2", "email", "e-mail already belongs to ops.lead")]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "text", "expected"), [c[1:] for c in CELL_CASES], ids=[c[0] for c in CELL_CASES]
)
def test_each_kind_of_bad_value_is_named_by_row_and_column(
    engine: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    text: str,
    expected: list[tuple[str, str, str]],
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    lines, err = _rejected(engine, kind, path, capsys)
    assert f"{len(expected)} problem(s), nothing imported" in err
    for where, column, fragment in expected:
        assert _names(lines, where, column, fragment), (where, column, fragment, err)


FILE_CASES = [
    # (id, kind, file bytes, (line, fragment of the reason))
    ("truncated row", "csv-projects", f"{PROJECT_HEADER}\n{GOOD_PROJECT}\nPAY-003,Wallets,DIG,soft".encode(),
     ("line 3", "4 values where the header has 15 columns: the row is cut short")),
    ("unterminated quote", "csv-programs", b'code,name,description\nNEW,New,"cut off here\nOLD,Old,x\n',
     ("line 2", "unterminated quote")),
    ("unquoted comma", "csv-programs", b"code,name,description\nNEW,New,one, two\n",
     ("line 2", "3 columns: a value containing a comma must be in double quotes")),
    ("semicolon-separated", "csv-programs", b"code;name;description\nNEW;New;x\n",
     ("line 1", "looks ';'-separated; save it as comma-separated")),
    ("tab-separated", "csv-programs", b"code\tname\tdescription\nNEW\tNew\tx\n",
     ("line 1", "looks tab-separated; save it as comma-separated")),
    ("empty file", "csv-programs", b"", ("file", "the file is empty; expected a header line: code,name,description")),
    ("header only", "csv-programs", b"code,name,description\r\n", ("file", "no data rows below the header")),
    ("UTF-16", "csv-programs", "code,name\nNEW,Névé\n".encode("utf-16"), ("file", "wrong encoding: UTF-16")),
    ("neither UTF-8 nor Windows-1252", "csv-programs", b"code,name\nNEW,bad \x81 byte\n",
     ("line 2", "wrong encoding: byte 0x81")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "data", "expected"), [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES]
)
def test_files_of_the_wrong_shape_are_refused_with_the_reason(
    engine: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    data: bytes,
    expected: tuple[str, str],
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    lines, err = _rejected(engine, kind, path, capsys)
    where, fragment = expected
    assert any(where in line and fragment in line for line in lines), err


def test_a_broken_projects_file_gives_one_readable_table(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "projects.csv"
    path.write_text(
        f"{PROJECT_HEADER}\n{GOOD_PROJECT}\n"
        'PAY-003,Wallets,DIGITAL,software development,agile,execution,31/03/2026,,,"1,250,000",EUR,,jane.do,,\n',
        encoding="utf-8",
    )
    lines, _err = _rejected(engine, "csv-projects", path, capsys)
    assert lines[0] == "error: projects.csv: 5 problem(s), nothing imported"
    assert lines[1].split() == ["file", "row", "column", "value", "reason"]
    body = [line.split(None, 4) for line in lines[3:]]
    assert [row[:4] for row in body] == [
        ["projects.csv", "line", "3", "program"],
        ["projects.csv", "line", "3", "methodology"],
        ["projects.csv", "line", "3", "start_date"],
        ["projects.csv", "line", "3", "budget_at_completion"],
        ["projects.csv", "line", "3", "project_manager"],
    ]
    assert "1,250,000" in lines[6] and "agile" in lines[4]


def test_a_100k_row_file_with_one_bad_row_at_the_end_writes_nothing(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        f"PAY-001,BIG-{n},Story,Item {n},Open,2026-03-02T09:30:00+01:00,,3,T-PAY" for n in range(1, 100_001)
    ]
    rows[-1] = rows[-1].replace("2026-03-02T09:30:00+01:00", "2026-03-02 nine-ish")
    path = tmp_path / "work-items.csv"
    path.write_text("\n".join([ITEM_HEADER, *rows]) + "\n", encoding="utf-8")
    started = time.perf_counter()
    lines, err = _rejected(engine, "csv-work-items", path, capsys)
    assert "1 problem(s), nothing imported" in err
    assert _names(lines, "line 100001", "created_at", "not a date and time")
    assert time.perf_counter() - started < 120


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")],
    ids=["utf-8 with BOM", "windows-1252"],
)
def test_bom_and_windows_1252_files_import_with_accents_and_euro(
    migrated_engine: Engine, tmp_path: Path, encoding: str, prefix: bytes
) -> None:
    import_templates(migrated_engine, tmp_path / "templates")
    people = tmp_path / "people.csv"
    people.write_bytes(
        prefix + "username,display_name,title\r\nrene.cote,René Côté,Chef de projet\r\n".encode(encoding)
    )
    projects = tmp_path / "projects.csv"
    projects.write_bytes(
        prefix
        + (
            "code,name,program,project_type,methodology,lifecycle_phase,start_date,project_manager,description\r\n"
            "CAF-001,Café numérique,DIG,digital transformation,hybrid,planning,2026-05-04,rene.cote,"
            "Budget 2 M€ · phase 1\r\n"
        ).encode(encoding)
    )
    assert run_cli(migrated_engine, "csv-people", people) == 0
    assert run_cli(migrated_engine, "csv-projects", projects) == 0
    with migrated_engine.connect() as c:
        person = c.execute(select(Person.display_name).where(Person.username == "rene.cote")).scalar_one()
        project = c.execute(
            select(Project.name, Project.description, Person.username)
            .join(Person, Person.id == Project.project_manager_id)
            .where(Project.code == "CAF-001")
        ).one()
        logged_hash = c.execute(
            select(ImportLog.file_sha256).order_by(ImportLog.id.desc()).limit(1)
        ).scalar_one()
    assert person == "René Côté"
    assert tuple(project) == ("Café numérique", "Budget 2 M€ · phase 1", "rene.cote")
    assert logged_hash == hashlib.sha256(projects.read_bytes()).hexdigest()


def test_a_long_report_shows_200_problems_and_counts_the_rest(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "programs.csv"
    path.write_text("code,name\n" + "".join(f"NEW-{n},\n" for n in range(250)), encoding="utf-8")
    lines, _err = _rejected(engine, "csv-programs", path, capsys)
    assert lines[0] == "error: programs.csv: 250 problem(s), nothing imported"
    assert len(lines) == 3 + 200 + 1 and lines[-1] == "… and 50 more problem(s)"
    assert _names(lines, "line 201", "name", "required value missing")


def test_a_flow_kind_without_project_and_workflow_is_refused_by_name(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "changes.csv"
    path.write_text("key,type,created,from_status,to_status,changed_at\n", encoding="utf-8")
    _lines, err = _rejected(engine, "transitions-csv", path, capsys)
    assert "command: transitions-csv needs --project CODE" in err
    assert "command: transitions-csv needs --workflow FILE" in err
