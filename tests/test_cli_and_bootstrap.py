"""``python -m data_access`` and the embedded database's first start."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from data_access.bootstrap import create_embedded_database
from data_access.migrate import head_revision

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "data_access", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def test_migrate_creates_the_schema_at_head(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    result = run_cli("migrate", "--database-url", url)
    assert result.returncode == 0, result.stderr
    assert head_revision() in result.stdout
    assert "projects" in inspect(create_engine(url)).get_table_names()


def test_unreachable_database_exits_2_with_the_password_hidden() -> None:
    result = run_cli("migrate", "--database-url", "postgresql+psycopg://app:s3cret@127.0.0.1:1/x")
    assert result.returncode == 2
    assert "app:***@127.0.0.1:1/x" in result.stderr
    assert "s3cret" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_a_bad_today_is_rejected_by_name(tmp_path: Path) -> None:
    result = run_cli("seed", "--database-url", f"sqlite:///{tmp_path / 's.db'}", "--today", "26/11/2026")
    assert result.returncode == 2
    assert "26/11/2026" in result.stderr


def test_seeding_a_non_empty_database_is_refused(demo_sqlite_url: str, tmp_path: Path) -> None:
    before = (
        create_engine(demo_sqlite_url).connect().execute(text("SELECT count(*) FROM work_items")).scalar_one()
    )
    result = run_cli("seed", "--database-url", demo_sqlite_url, "--today", "2026-11-26")
    assert result.returncode == 1
    assert "empty" in result.stderr
    after = (
        create_engine(demo_sqlite_url).connect().execute(text("SELECT count(*) FROM work_items")).scalar_one()
    )
    assert after == before


def test_first_start_leaves_no_half_built_file_when_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.db"
    calls: list[str] = []

    def interrupt(fraction: float, message: str) -> None:
        calls.append(message)
        if fraction > 0.3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        create_embedded_database(path, with_demo_data=True, today=date(2026, 11, 26), progress=interrupt)
    assert calls, "progress was never reported"
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_first_start_builds_once_and_then_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.db"
    assert create_embedded_database(path, with_demo_data=False, today=date(2026, 11, 26)) is True
    assert "projects" in inspect(create_engine(f"sqlite:///{path}")).get_table_names()
    stamp = path.stat().st_mtime_ns
    assert create_embedded_database(path, with_demo_data=False, today=date(2026, 11, 26)) is False
    assert path.stat().st_mtime_ns == stamp
