"""RAG thresholds (tolerances): METRICS.md defaults, overridable per program and per project.

Why sources are tracked: a status that turned amber because a program tightened its
tolerance must say so, or two projects with the same SPI and different colours look
like a bug. The most specific override wins, field by field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cached_property

DEFAULT_SOURCE = "default"


@dataclass(frozen=True)
class RagThresholds:
    """Computed-RAG tolerances; defaults from METRICS.md."""

    spi_green: float = 0.95
    spi_red: float = 0.85
    cpi_green: float = 0.95
    cpi_red: float = 0.85
    eac_amber: float = 1.05
    """EAC above this multiple of BAC is at least amber."""
    eac_red: float = 1.10
    """EAC above this multiple of BAC is red."""
    slip_red_days: int = 30
    """A milestone slipped by more days than this is red (1..this is amber)."""
    high_exposure: int = 15
    """Probability x impact (1-5 each) at or above this is a high-exposure risk."""
    padded: float = 1.10
    """CPI or SPI above this flags a possibly padded baseline."""

    def __post_init__(self) -> None:
        # Inconsistent tolerances would silently skip a colour; refuse them early.
        if not 0 <= self.spi_red <= self.spi_green:
            raise ValueError(f"need 0 <= spi_red ({self.spi_red}) <= spi_green ({self.spi_green})")
        if not 0 <= self.cpi_red <= self.cpi_green:
            raise ValueError(f"need 0 <= cpi_red ({self.cpi_red}) <= cpi_green ({self.cpi_green})")
        if not 0 < self.eac_amber <= self.eac_red:
            raise ValueError(f"need 0 < eac_amber ({self.eac_amber}) <= eac_red ({self.eac_red})")
        if self.slip_red_days < 0:
            raise ValueError("slip_red_days must not be negative")
        if not 1 <= self.high_exposure <= 25:
            raise ValueError("high_exposure must be within 1..25 (probability x impact on 1-5 scales)")
        if self.padded <= 0:
            raise ValueError("padded must be positive")


THRESHOLD_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(RagThresholds))


@dataclass(frozen=True)
class ThresholdUsed:
    """One threshold a status was judged against, with where its value came from."""

    name: str
    value: float
    source: str


@dataclass(frozen=True)
class ResolvedThresholds:
    """Effective thresholds for one project plus, per field, "default" /
    "program PRG-CODE" / "project PRJ-CODE"."""

    values: RagThresholds = field(default_factory=RagThresholds)
    sources: Mapping[str, str] = field(
        default_factory=lambda: dict.fromkeys(THRESHOLD_FIELDS, DEFAULT_SOURCE)
    )

    def used(self, name: str) -> ThresholdUsed:
        """The named threshold with its value and source, for an explanation."""
        return self._used[name]

    @cached_property
    def _used(self) -> dict[str, ThresholdUsed]:
        # Built once per resolved set: every status of every project asks for these, and
        # projects without overrides share one ResolvedThresholds (see portfolio_rag).
        return {n: ThresholdUsed(n, getattr(self.values, n), self.sources[n]) for n in THRESHOLD_FIELDS}


def _check_override(overrides: Mapping[str, float], where: str) -> None:
    unknown = sorted(set(overrides) - set(THRESHOLD_FIELDS))
    if unknown:
        raise ValueError(f"unknown threshold(s) in {where}: {', '.join(unknown)}")


def resolve_thresholds(
    defaults: RagThresholds | None = None,
    program_code: str | None = None,
    program_overrides: Mapping[str, float] | None = None,
    project_code: str | None = None,
    project_overrides: Mapping[str, float] | None = None,
) -> ResolvedThresholds:
    """Effective thresholds: defaults < program overrides < project overrides, per field.

    Overrides are partial (only the fields they set); a field set to None is ignored.
    Raises ValueError on an unknown field or when the merged values are inconsistent.
    """
    merged: dict[str, float] = {}
    sources = dict.fromkeys(THRESHOLD_FIELDS, DEFAULT_SOURCE)
    for level, code, overrides in (
        ("program", program_code, program_overrides),
        ("project", project_code, project_overrides),
    ):
        if not overrides:
            continue
        where = f"{level} {code}" if code else level
        _check_override(overrides, where)
        given = {k: v for k, v in overrides.items() if v is not None}
        merged.update(given)
        sources.update(dict.fromkeys(given, where))
    # Merge first, validate once: a program and a project may each move one end of a band.
    values = replace(defaults if defaults is not None else RagThresholds(), **merged)
    return ResolvedThresholds(values=values, sources=sources)
