"""The import page (PMO admin): a good upload lands and is logged, a bad one is rejected
whole with every problem by row, and other roles cannot open it.

Runs on a private copy of the demo database (the session's demo file is read-only).
Expected rows come from the small file written here, counted with SQL.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest

from tests.conftest import APP_ENTRY
from tests.flow_import import GOLDEN_WORKFLOW
from tests.test_app import sql_scalar

GOOD = b"""key,type,created,from_status,to_status,changed_at,title,points,resolved
IMP-1,Story,2026-03-01T09:00:00+01:00,Backlog,Next,2026-03-04T10:00:00+01:00,Login page,3,
IMP-1,Story,2026-03-01T09:00:00+01:00,Next,Build,2026-03-05T10:00:00Z,,,
IMP-2,Bug,2026-03-02T10:00:00Z,,Next,2026-03-06T10:00:00Z,Caf\xc3\xa9 menu,,
"""
BAD = b"""key,type,created,from_status,to_status,changed_at,title,points,resolved
IMP-3,Story,2026-03-01T09:00:00Z,Backlog,Review,2026-03-04T10:00:00Z,,,
IMP-4,Story,2026-03-01T09:00:00Z,Backlog,Next,yesterday,,,
"""

pytestmark = pytest.mark.usefixtures("fresh_streamlit")


@pytest.fixture
def private_db(demo_sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    source = Path(demo_sqlite_url.removeprefix("sqlite:///"))
    target = tmp_path / "portfolio.db"
    shutil.copy(source, target)
    url = f"sqlite:///{target}"
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", url)
    return url


def user_with(url: str, role: str) -> str:
    return str(
        sql_scalar(
            url,
            "SELECT p.username FROM people p JOIN role_assignments r ON r.person_id = p.id "
            "WHERE r.role = :r ORDER BY p.username LIMIT 1",
            r=role,
        )
    )


def open_import_page(url: str, role: str = "pmo admin") -> AppTest:
    at = AppTest.from_file(APP_ENTRY, default_timeout=60)
    at.query_params["demo_user"] = user_with(url, role)
    at.run()
    at.switch_page("../pages/import_data.py")
    at.run()
    return at


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The one table on the page that has ``column``."""
    (table,) = [d.value for d in at.dataframe if column in d.value.columns]
    return table


def upload(at: AppTest, url: str, content: bytes) -> AppTest:
    at.selectbox(key="import.kind").select("transitions-csv").run()
    project = str(
        sql_scalar(url, "SELECT code FROM projects WHERE methodology = 'kanban' ORDER BY code LIMIT 1")
    )
    at.selectbox(key="import.project").select(project).run()
    at.file_uploader(key="import.file.transitions-csv").upload("moves.csv", content, "text/csv")
    at.file_uploader(key="import.workflow.transitions-csv").upload(
        "board.json", GOLDEN_WORKFLOW.read_bytes(), "application/json"
    )
    at.run()
    at.button(key="import.run").click().run()
    return at


def test_good_file_is_imported_logged_and_shown_fresh(private_db: str) -> None:
    items_before = sql_scalar(private_db, "SELECT count(*) FROM work_items")
    at = upload(open_import_page(private_db), private_db, GOOD)
    assert not at.exception, at.exception
    assert any("Imported moves.csv: 2 items created" in s.value for s in at.success), [
        s.value for s in at.success
    ]
    assert sql_scalar(private_db, "SELECT count(*) FROM work_items") == items_before + 2
    assert sql_scalar(private_db, "SELECT title FROM work_items WHERE key = 'IMP-2'") == "Café menu"
    log = create_engine(private_db).connect().execute(text("SELECT * FROM import_log")).mappings().all()
    assert len(log) == 1
    assert log[0]["outcome"] == "loaded"
    assert log[0]["file_name"] == "moves.csv"
    assert log[0]["imported_by"] == user_with(private_db, "pmo admin")
    assert log[0]["file_sha256"] == hashlib.sha256(GOOD).hexdigest()
    assert (log[0]["rows_added"], log[0]["rows_updated"]) == (2, 0)
    freshness = table_with(at, "Source")
    assert freshness["Source"].iloc[0] == "transitions-csv"
    assert list(table_with(at, "file_sha256")["file_name"]) == ["moves.csv"]


def test_bad_file_lists_every_problem_and_writes_nothing(private_db: str) -> None:
    counts = "SELECT (SELECT count(*) FROM work_items) || '/' || (SELECT count(*) FROM status_transitions)"
    before = sql_scalar(private_db, counts)
    at = upload(open_import_page(private_db), private_db, BAD)
    assert not at.exception, at.exception
    assert any("moves.csv was not imported" in e.value for e in at.error)
    problems = table_with(at, "reason")
    assert list(problems["row"]) == ["line 2", "line 3"]
    assert "unknown status 'Review'" in problems["reason"].iloc[0]
    assert "yesterday" in problems.to_string()
    assert sql_scalar(private_db, counts) == before
    assert sql_scalar(private_db, "SELECT outcome || ':' || rows_rejected FROM import_log") == "rejected:2"


@pytest.mark.parametrize("user_role", ["executive", "project manager"])
def test_only_a_pmo_admin_may_open_the_import_page(private_db: str, user_role: str) -> None:
    at = AppTest.from_file(APP_ENTRY, default_timeout=60)
    at.query_params["demo_user"] = user_with(private_db, user_role)
    at.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("../pages/import_data.py")
    assert not [b for b in at.button if b.key == "import.run"]


def test_every_template_downloads_with_its_header(private_db: str) -> None:
    at = open_import_page(private_db)
    choices = at.selectbox(key="import.template").options
    assert [c.split(". ", 1)[1] for c in choices][:3] == ["teams.csv", "people.csv", "programs.csv"]
    at.selectbox(key="import.template").select_index(3).run()
    button = [b for b in at.get("download_button") if b.proto.label == "Download projects.csv"]
    assert button, [b.proto.label for b in at.get("download_button")]
