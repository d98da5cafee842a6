"""Each page's SQL floor: the statements one cold render sends, re-run on their own.

Usage (from the repository root)::

    python -m bench.sql_floor --database-url URL [--as-of 2026-11-26] [--repeat 5]

For every page of bench/page_render.py: one cold render (empty caches) records each
statement and its bound parameters (SQLAlchemy ``before_cursor_execute``); then exactly
those statements run again on a fresh connection through the bare DB-API cursor, every
row fetched, median of ``--repeat``. No page can be faster than that floor; the ratio
cold ÷ floor (cold: the median of three cold renders) is what Python spends around the
database.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence

from bench.page_render import (
    PageCase,
    PageTiming,
    arguments,
    load_average,
    page_cases,
    report,
    selected,
    use_database,
)
from data_access.db import make_engine

Statement = tuple[str, object]


def replay(url: str, statements: Sequence[Statement]) -> float:
    """Seconds to execute ``statements`` and fetch all their rows on a fresh connection."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            start = time.perf_counter()
            for statement, parameters in statements:
                cursor = raw.cursor()
                cursor.execute(statement, parameters)
                if cursor.description is not None:
                    cursor.fetchall()
                cursor.close()
            elapsed = time.perf_counter() - start
            raw.rollback()
    finally:
        engine.dispose()
    return elapsed


def floor(url: str, statements: Sequence[Statement], repeat: int) -> float:
    return statistics.median(replay(url, statements) for _ in range(repeat))


def line(url: str, repeat: int, case: PageCase, timing: PageTiming) -> str:
    statements = timing.cold.statements
    sql = floor(url, statements, repeat)
    ratio = timing.cold.wall / sql if sql > 0 else float("nan")
    return (
        f"| {case.title} | {timing.cold.wall:.2f} ({timing.cold.cpu:.2f}) | {timing.after_ttl.wall:.2f} "
        f"| {timing.warm_wall:.2f} ({timing.warm_cpu:.2f}) | {sql:.2f} | {len(statements)} | {ratio:.1f} |"
    )


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    use_database(args.database_url)
    cases = selected(page_cases(args.database_url, args.as_of), args.only)
    print(f"{load_average()} at start")
    print("| page | cold s (cpu) | after TTL s | warm s (cpu) | SQL floor s | statements | cold ÷ floor |")
    print("|---|---|---|---|---|---|---|")
    report(
        cases,
        args.repeat,
        lambda case, timing: line(args.database_url, args.repeat, case, timing),
        capture=True,
    )
    print(f"{load_average()} at end")


if __name__ == "__main__":
    main()
