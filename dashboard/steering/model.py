"""What a steering presentation holds, step by step, in plain frozen dataclasses.

Why one neutral model: the presentation page and the PowerPoint pack both draw these
same objects, so the numbers on the screen and on the slides cannot differ. Values
are already formatted (``dashboard.formatting``) where they are text, and raw where a
chart needs numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from dashboard.formatting import day
from data_access.queries import MeetingInfo

APP_NAME = "Portfolio health dashboard"
ChartKind = Literal["column", "bar", "line"]
ValueKind = Literal["count", "money", "money_change", "index"]
PROJECT_STEP = "project:"
"""The key prefix of a project's step, e.g. ``project:APP-001``."""
SeriesRole = Literal["computed", "reported", "budget", "forecast", "cpi", "spi", "reference", "change"]


@dataclass(frozen=True)
class SteeringRequest:
    """Which presentation: as-of date, the "since" date (usually the last meeting), the
    program filter, and the meetings that gave the dates (for the wording only)."""

    as_of: date
    since: date
    program_codes: tuple[str, ...] = ()
    since_meeting: MeetingInfo | None = None
    next_meeting: MeetingInfo | None = None

    def __post_init__(self) -> None:
        if self.since >= self.as_of:
            raise ValueError(
                f"'since' ({self.since.isoformat()}) must be before the as-of date ({self.as_of.isoformat()})"
            )


@dataclass(frozen=True)
class KpiText:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Series:
    """One chart series; ``point_statuses`` (RAG words) colour single points when given."""

    name: str
    values: tuple[float | None, ...]
    role: SeriesRole
    point_statuses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    kind: ChartKind
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_kind: ValueKind
    currency: str = "USD"


@dataclass(frozen=True)
class Table:
    """Rows of text; ``hidden`` rows were left out to fit (said under the table)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    hidden: int = 0
    empty: str = "Nothing to show."

    @classmethod
    def capped(
        cls,
        title: str,
        columns: tuple[str, ...],
        widths: tuple[float, ...],
        rows: list[tuple[str, ...]],
        cap: int,
        empty: str,
    ) -> Table:
        """The first ``cap`` rows; how many were left out goes into ``hidden``."""
        return cls(title, columns, tuple(rows[:cap]), widths, max(len(rows) - cap, 0), empty)

    @property
    def heading(self) -> str:
        """The title, saying how many rows were left out (the dashboard page has them all)."""
        if not self.hidden:
            return self.title
        return f"{self.title} · first {len(self.rows)} of {len(self.rows) + self.hidden}"


@dataclass(frozen=True)
class Step:
    """One page of the presentation and one slide of the pack."""

    key: str
    title: str
    subtitle: str
    kpis: tuple[KpiText, ...] = ()
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SteeringOutline:
    """A presentation before any step is built: which steps it has (keys and titles, in
    order) and what every slide carries. Why apart from the steps: the page draws its step
    bar from the outline and builds only the step on screen (a cold presentation of the
    large portfolio built every slide first); the pack builds them all."""

    request: SteeringRequest
    scope: str
    freshness: str
    projects: int
    step_keys: tuple[str, ...]
    step_titles: tuple[str, ...]
    trouble_total: int
    trouble_omitted: tuple[str, ...]

    @property
    def project_codes(self) -> tuple[str, ...]:
        """The projects that get a step, in step order."""
        return tuple(key.split(":", 1)[1] for key in self.step_keys if key.startswith(PROJECT_STEP))

    @property
    def footer(self) -> str:
        """The line every slide carries: as-of date, data freshness, scope, who computed it."""
        return (
            f"As of {day(self.request.as_of)} · {self.freshness} · Scope: {self.scope} · "
            f"Computed by {APP_NAME}"
        )


@dataclass(frozen=True)
class SteeringContent:
    """The whole presentation: its outline and every step built (what the pack draws)."""

    outline: SteeringOutline
    steps: tuple[Step, ...]
