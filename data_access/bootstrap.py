"""First start of the embedded database: create, migrate and fill it, atomically.

Why a temporary file: if seeding is interrupted (Ctrl+C, a crash), the next start
must not find a half-filled database, so the file is built beside the target and
renamed into place only when complete.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from data_access.db import make_engine
from data_access.migrate import upgrade_to_head

ProgressCallback = Callable[[float, str], None]

_build_lock = threading.Lock()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def create_embedded_database(
    path: Path, *, with_demo_data: bool, today: date, progress: ProgressCallback | None = None
) -> bool:
    """Create the SQLite file at ``path`` if it does not exist yet. True when it was created.

    Only ever called for the default embedded database, never for a URL the user gave.
    """
    report = progress or (lambda _fraction, _message: None)
    with _build_lock:  # two browser sessions on a cold start must not both build it
        if path.exists():
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".building")
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        engine = make_engine(sqlite_url(partial))
        try:
            report(0.02, "Creating the database schema")
            upgrade_to_head(engine)
            if with_demo_data:
                from data_access.seed import seed_database

                seed_database(
                    engine,
                    scale="demo",
                    today=today,
                    progress=lambda f, m: report(0.05 + 0.9 * f, m),
                )
            with engine.connect() as connection:  # fold the WAL into the main file before the rename
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except BaseException:
            engine.dispose()
            partial.unlink(missing_ok=True)
            raise
        engine.dispose()
        for leftover in (Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(partial, path)
        report(1.0, "Ready")
        return True
