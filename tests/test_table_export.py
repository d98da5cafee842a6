"""Table downloads: the builders on hand-worked frames, then the real files each page
offers (captured from AppTest's download buttons) checked against SQL."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd
import pytest
import streamlit.testing.v1.app_test as app_test_module
from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import create_engine, text
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dashboard.navigation import PAGES
from dashboard.table_export import (
    ExportContext,
    export_table,
    file_name,
    to_csv_bytes,
    to_excel_bytes,
)
from data_access.queries.identity import ROLE_PRECEDENCE
from data_access.vocabulary import Role
from tests.conftest import SEED_TODAY
from tests.test_app import demo_user_for

# --- reading the files back ---------------------------------------------------------------


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False, dtype=str)


@dataclass
class Sheet:
    sheet: Worksheet
    notes: dict[str, object]
    header_row: int

    @property
    def headers(self) -> list[str]:
        return [c.value for c in self.sheet[self.header_row] if c.value is not None]

    def column(self, header: str) -> list[object]:
        index = self.headers.index(header) + 1
        return [self.sheet.cell(r, index).value for r in range(self.header_row + 1, self.sheet.max_row + 1)]

    def cells(self, header: str) -> list:  # type: ignore[type-arg]
        index = self.headers.index(header) + 1
        return [self.sheet.cell(r, index) for r in range(self.header_row + 1, self.sheet.max_row + 1)]

    @property
    def rows(self) -> int:
        return self.sheet.max_row - self.header_row


def read_excel(data: bytes) -> Sheet:
    sheet = load_workbook(io.BytesIO(data)).active
    # The header is the row above the frozen panes: the test finds it the way a reader sees it.
    header_row = coordinate_to_tuple(sheet.freeze_panes)[0] - 1
    notes = {
        sheet.cell(r, 1).value: sheet.cell(r, 2).value
        for r in range(2, header_row)
        if sheet.cell(r, 1).value is not None
    }
    return Sheet(sheet, notes, header_row)


# --- the builders, on a hand-made table ---------------------------------------------------

CONTEXT = ExportContext(
    page="Portfolio overview",
    as_of=date(2026, 11, 26),
    programs=(("CLD", "Cloud & <Infra>"), ("SEC", "Security")),
    since=None,
    notes=(("Show", "▲ Red"),),
    viewer="Ada Lovelace (executive)",
    exported_at=datetime(2026, 11, 26, 14, 3, tzinfo=UTC),
)


def hand_table():  # type: ignore[no-untyped-def]
    shown = pd.DataFrame(
        {
            "code": ["APP-001", '=HYPERLINK("x")', "ÉTÉ-3"],
            "bac": ["1,620,000", "n/a", "250,000"],
            "spi": ["0.98", "n/a", "1.20"],
            "spent": [0.5, None, 0.125],
            "due": [date(2026, 12, 1), None, date(2027, 1, 15)],
            "slip": pd.array([3, None, -2], dtype="Int64"),
            "internal": ["x", "y", "z"],
        },
        index=[7, 3, 9],  # a filtered, sorted frame keeps its old index
    )
    numeric = pd.DataFrame({"bac": [1_620_000.4, float("nan"), 250_000.0], "spi": [0.98123, None, 1.2]})
    config = {
        "code": "Code",
        "bac": {"label": "BAC (USD)", "help": "Budget at completion"},
        "spi": {"label": "SPI"},
        "spent": {"label": "Spent"},
        "due": {"label": "Due"},
        "slip": {"label": "Slip (days)"},
        "internal": None,  # hidden in the grid, so not exported either
    }
    return export_table(
        shown,
        title="Projects",
        stem="projects",
        column_config=config,
        numeric=numeric,
        kinds={"bac": "money", "spi": "ratio", "spent": "percent"},
    )


def test_excel_has_title_notes_bold_header_and_typed_values() -> None:
    sheet = read_excel(to_excel_bytes(hand_table(), CONTEXT))
    ws = sheet.sheet
    assert ws["A1"].value == "Portfolio overview · Projects" and ws["A1"].font.b
    assert sheet.notes["As of"] == datetime(2026, 11, 26)  # a real date cell
    assert sheet.notes["Programs"] == "CLD (Cloud & <Infra>), SEC (Security)"
    assert sheet.notes["Show"] == "▲ Red"
    assert sheet.notes["Viewer"].startswith("Ada Lovelace (executive)")
    assert sheet.notes["Exported"] == "2026-11-26 14:03 UTC"
    assert sheet.notes["Rows"] == 3
    assert sheet.headers == ["Code", "BAC (USD)", "SPI", "Spent", "Due", "Slip (days)"]
    assert all(c.font.b and c.fill.fgColor.rgb.endswith("DCE3EC") for c in ws[sheet.header_row])
    assert ws.freeze_panes == f"A{sheet.header_row + 1}"
    assert all(c.value is None for c in ws[sheet.header_row - 1])  # an empty row sets the table apart
    assert ws.auto_filter.ref == f"A{sheet.header_row}:F{sheet.header_row + 3}"

    assert sheet.column("Code") == ["APP-001", '=HYPERLINK("x")', "ÉTÉ-3"]
    assert sheet.cells("Code")[1].data_type == "s"  # text, never a formula
    assert sheet.column("BAC (USD)") == [1_620_000.4, None, 250_000]  # numbers Excel can sum
    assert {c.number_format for c in sheet.cells("BAC (USD)") if c.value is not None} == {"#,##0"}
    assert sheet.column("SPI") == [0.98123, None, 1.2]
    assert sheet.cells("SPI")[0].number_format == "0.00"
    assert sheet.column("Spent") == [0.5, None, 0.125] and sheet.cells("Spent")[2].number_format == "0.0%"
    assert sheet.column("Due") == [datetime(2026, 12, 1), None, datetime(2027, 1, 15)]
    assert sheet.cells("Due")[0].number_format == "dd mmm yyyy"
    assert sheet.column("Slip (days)") == [3, None, -2]
    widths = {h: ws.column_dimensions[chr(ord("A") + i)].width for i, h in enumerate(sheet.headers)}
    assert widths["BAC (USD)"] >= len("BAC (USD)") and widths["Code"] >= len('=HYPERLINK("x")')


def test_csv_is_pure_data_with_bom_plain_numbers_and_iso_dates() -> None:
    data = to_csv_bytes(hand_table())
    assert data.startswith("\ufeff".encode())
    assert b"\r\n" in data and b"#" not in data.splitlines()[0]  # no comment line before the header
    frame = read_csv(data)
    assert list(frame.columns) == ["Code", "BAC (USD)", "SPI", "Spent", "Due", "Slip (days)"]
    assert len(frame) == 3
    assert frame["Code"].tolist() == ["APP-001", '\'=HYPERLINK("x")', "ÉTÉ-3"]  # OWASP CSV injection guard
    assert frame["BAC (USD)"].tolist() == ["1620000.4", "", "250000.0"]
    assert frame["Due"].tolist() == ["2026-12-01", "", "2027-01-15"]
    assert frame["Slip (days)"].tolist() == ["3", "", "-2"]
    assert pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")["BAC (USD)"].sum() == pytest.approx(
        1_870_000.4
    )


def test_file_names_carry_programs_tag_and_dates() -> None:
    table = hand_table()
    assert file_name(table, CONTEXT, "csv") == "projects_CLD-SEC_as-of_2026-11-26.csv"
    many = ExportContext(page="p", as_of=date(2026, 11, 26), programs=tuple((c, c) for c in "ABCD"))
    assert file_name(table, many, "xlsx") == "projects_4-programs_as-of_2026-11-26.xlsx"
    changes = ExportContext(page="p", as_of=date(2026, 11, 26), since=date(2026, 10, 27), file_tag="APP/001")
    assert file_name(table, changes, "csv") == "projects_APP-001_2026-10-27_to_2026-11-26.csv"


def test_numeric_frame_must_match_the_shown_rows() -> None:
    shown = pd.DataFrame({"a": ["1", "2"], "b": ["x", "y"]})
    with pytest.raises(ValueError, match="1 numeric rows for 2 shown rows"):
        export_table(shown, title="T", stem="t", numeric=pd.DataFrame({"a": [1]}))
    with pytest.raises(ValueError, match=r"numeric columns \['c'\] are not shown"):
        export_table(shown, title="T", stem="t", numeric=pd.DataFrame({"c": [1, 2]}))
    with pytest.raises(ValueError, match="share a header"):
        export_table(shown, title="T", stem="t", column_config={"a": "Same", "b": "Same"})


def test_an_empty_table_still_opens_with_its_notes() -> None:
    table = export_table(pd.DataFrame({"a": pd.Series([], dtype=float)}), title="Empty", stem="e")
    sheet = read_excel(to_excel_bytes(table, CONTEXT))
    assert sheet.headers == ["a"] and sheet.rows == 0 and sheet.notes["Rows"] == 0
    assert read_csv(to_csv_bytes(table)).columns.tolist() == ["a"]


# --- the files the pages offer ------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    file_name: str
    mime: str
    build: object

    def data(self) -> bytes:
        return self.build()  # type: ignore[operator]


_REGISTERED: dict[str, Download] = {}


class RecordingFiles(MediaFileManager):
    """AppTest's media manager, also remembering each deferred download's builder, so a
    test can "click" a download button and read the file it would send."""

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):  # type: ignore[no-untyped-def]
        file_id = super().add_deferred(data_callable, mimetype, coordinates, file_name, element_id=element_id)
        _REGISTERED[file_id] = Download(file_name or "", mimetype or "", data_callable)
        return file_id


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingFiles)
    _REGISTERED.clear()

    def by_key(at: AppTest) -> dict[str, Download]:
        return {
            button.key: _REGISTERED[button.proto.deferred_file_id] for button in at.get("download_button")
        }

    return by_key


def sql(url: str, statement: str, **params: object) -> list[tuple]:  # type: ignore[type-arg]
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = [tuple(r) for r in connection.execute(text(statement), params).all()]
    engine.dispose()
    return rows


user_with = demo_user_for


def open_page(at: AppTest, path: str, user: str, **params: str) -> AppTest:
    at.query_params["demo_user"] = user
    for name, value in params.items():  # before the first run: a link seeds the filters once
        at.query_params[name] = value
    at.run()
    at.switch_page(path)
    at.run()
    assert not at.exception, at.exception
    return at


STARTED = "p.start_date <= :d"


def test_overview_projects_download_equals_sql(demo_app: AppTest, demo_sqlite_url: str, downloads) -> None:  # type: ignore[no-untyped-def]
    at = open_page(demo_app, "../pages/portfolio_overview.py", user_with(demo_sqlite_url, Role.EXECUTIVE))
    files = downloads(at)
    day = SEED_TODAY.isoformat()
    expected = dict(
        sql(demo_sqlite_url, f"SELECT p.code, p.budget_at_completion FROM projects p WHERE {STARTED}", d=day)
    )

    excel = files["overview_projects.download.xlsx"]
    assert excel.file_name == f"projects_as-of_{day}.xlsx"
    sheet = read_excel(excel.data())
    assert sheet.notes["As of"] == datetime.combine(SEED_TODAY, datetime.min.time())
    assert sheet.notes["Programs"] == "All programs the viewer may see"
    assert sheet.notes["Show"] == "All projects"
    assert sheet.rows == sheet.notes["Rows"] == len(expected)
    assert sorted(sheet.column("Code")) == sorted(expected)
    bac = dict(zip(sheet.column("Code"), sheet.column("BAC (USD)"), strict=True))
    assert {c: v for c, v in bac.items() if v is not None} == {
        c: pytest.approx(float(v)) for c, v in expected.items() if v is not None
    }
    assert sheet.headers[:4] == ["Computed", "Reported", "Flag", "Trend"]

    csv = read_csv(files["overview_projects.download.csv"].data())
    assert files["overview_projects.download.csv"].file_name == f"projects_as-of_{day}.csv"
    assert csv.columns.tolist() == sheet.headers
    assert sorted(csv["Code"]) == sorted(expected)
    shown = demo_app.dataframe[0].value  # the grid, as drawn
    assert csv["Code"].tolist() == shown["code"].tolist()  # same rows, same order
    assert csv["Why (rule that fired)"].tolist() == shown["why"].fillna("").tolist()


def test_program_manager_download_holds_only_their_projects(
    demo_app: AppTest, demo_sqlite_url: str, downloads
) -> None:  # type: ignore[no-untyped-def]
    user = user_with(demo_sqlite_url, Role.PROGRAM_MANAGER)
    mine = sql(
        demo_sqlite_url,
        "SELECT g.code, g.name FROM programs g JOIN role_assignments r ON r.program_id = g.id "
        "JOIN people pe ON pe.id = r.person_id WHERE pe.username = :u AND r.role = :r ORDER BY g.code",
        u=user,
        r=Role.PROGRAM_MANAGER.value,
    )
    code, name = mine[0]
    at = open_page(demo_app, "../pages/program.py", user, program=code)
    expected = sql(
        demo_sqlite_url,
        f"SELECT p.code FROM projects p JOIN programs g ON g.id = p.program_id WHERE g.code = :c AND {STARTED}",
        c=code,
        d=SEED_TODAY.isoformat(),
    )
    excel = downloads(at)["program_projects.download.xlsx"]
    assert excel.file_name == f"projects_{code}_as-of_{SEED_TODAY.isoformat()}.xlsx"
    sheet = read_excel(excel.data())
    assert sorted(sheet.column("Code")) == sorted(c for (c,) in expected)
    assert sheet.notes["Programs"] == f"{code} ({name})"
    assert sheet.notes["Viewer"].endswith("only the projects this person may see")
    assert "(program manager)" in sheet.notes["Viewer"]


def test_top_risks_download_equals_sql(demo_app: AppTest, demo_sqlite_url: str, downloads) -> None:  # type: ignore[no-untyped-def]
    at = open_page(demo_app, "../pages/portfolio_overview.py", user_with(demo_sqlite_url, Role.EXECUTIVE))
    day = SEED_TODAY.isoformat()
    exposures = sql(
        demo_sqlite_url,
        "SELECT r.probability * r.impact FROM risks r JOIN projects p ON p.id = r.project_id "
        f"WHERE r.raised_on <= :d AND (r.closed_on IS NULL OR r.closed_on > :d) AND {STARTED} "
        "ORDER BY 1 DESC LIMIT 10",
        d=day,
    )
    sheet = read_excel(downloads(at)["top_risks.download.xlsx"].data())
    assert sheet.column("Exposure") == [e for (e,) in exposures]
    assert all(isinstance(d, datetime) or d is None for d in sheet.column("Due"))


def test_budget_download_keeps_money_numeric(demo_app: AppTest, demo_sqlite_url: str, downloads) -> None:  # type: ignore[no-untyped-def]
    at = open_page(demo_app, "../pages/budget.py", user_with(demo_sqlite_url, Role.EXECUTIVE))
    total = sql(
        demo_sqlite_url,
        f"SELECT sum(p.budget_at_completion) FROM projects p WHERE {STARTED}",
        d=SEED_TODAY.isoformat(),
    )[0][0]
    files = downloads(at)
    projects = read_excel(files["budget_projects.download.xlsx"].data())
    assert projects.notes["Drill-down"] == "Whole portfolio"
    assert sum(v for v in projects.column("BAC (USD)") if v is not None) == pytest.approx(float(total))
    programs = read_excel(files["budget_programs.download.xlsx"].data())
    assert sum(programs.column("BAC (USD)")) == pytest.approx(float(total))
    assert {c.number_format for c in projects.cells("CPI") if c.value is not None} == {"0.00"}
    assert all(isinstance(v, datetime) or v is None for v in projects.column("Planned end"))


def test_changes_downloads_note_the_since_date(demo_app: AppTest, demo_sqlite_url: str, downloads) -> None:  # type: ignore[no-untyped-def]
    since = date(SEED_TODAY.year - 1, SEED_TODAY.month, 1)
    at = open_page(
        demo_app, "../pages/changes.py", user_with(demo_sqlite_url, Role.EXECUTIVE), since=since.isoformat()
    )
    files = downloads(at)
    assert files, "the demo portfolio changes over a year"
    for key, download in files.items():
        assert f"_{since.isoformat()}_to_{SEED_TODAY.isoformat()}." in download.file_name, key
        if key.endswith(".xlsx"):
            assert read_excel(download.data()).notes["Changed since"] == datetime.combine(
                since, datetime.min.time()
            )
    if "changes.eac.xlsx" in files:
        eac = read_excel(files["changes.eac.xlsx"].data())
        before, now, change = (eac.column(f"{h} (USD)") for h in ("EAC before", "EAC now", "Change"))
        assert [n - b for b, n in zip(before, now, strict=True)] == pytest.approx(change)


# --- every table on every page has its two buttons -----------------------------------------

PAGE_PARAMS = {
    "project": "SELECT code FROM projects ORDER BY code LIMIT 1",
    # the scrum project with the most sprints: flow, forecast and sprint tables
    "delivery": "SELECT p.code FROM projects p JOIN sprints t ON t.project_id = p.id "
    "WHERE p.methodology = 'scrum' GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1",
}


PAGES_WITH_TABLES = {
    "overview",
    "program",
    "my-projects",
    "changes",
    "budget",
    "project",
    "delivery",
    "data",
    "import",
}


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_every_table_has_a_csv_and_an_excel_download(demo_app: AppTest, demo_sqlite_url: str, page) -> None:  # type: ignore[no-untyped-def]
    role = next(r for r in ROLE_PRECEDENCE if r in page.roles)
    params = (
        {"project": sql(demo_sqlite_url, PAGE_PARAMS[page.url_path])[0][0]}
        if page.url_path in PAGE_PARAMS
        else {}
    )
    at = open_page(demo_app, page.path, user_with(demo_sqlite_url, role), **params)
    tables = len(at.dataframe)
    assert tables >= 1 or page.url_path not in PAGES_WITH_TABLES  # a new page may have none
    # A page may offer other files of its own (the steering pack); ours come in CSV/Excel pairs.
    ours = [b for b in at.get("download_button") if b.label in ("CSV", "Excel")]
    keys = [b.key for b in ours]
    assert len(keys) == len(set(keys)) == 2 * tables
    assert sorted(b.label for b in ours) == ["CSV"] * tables + ["Excel"] * tables


def test_files_are_built_only_on_click(
    demo_app: AppTest, demo_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rerun must not pay for every table's workbook: nothing is built until a click."""
    import dashboard.components.table_download as component

    built: list[str] = []
    monkeypatch.setattr(component, "to_excel_bytes", lambda *a: built.append("xlsx") or b"")
    monkeypatch.setattr(component, "to_csv_bytes", lambda *a: built.append("csv") or b"")
    open_page(demo_app, "../pages/portfolio_overview.py", user_with(demo_sqlite_url, Role.EXECUTIVE))
    assert len(demo_app.get("download_button")) == 6 and built == []
