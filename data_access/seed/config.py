"""Sizes of the two portfolios the generator can build.

Why two scales: ``demo`` is what a first start shows (small, fast, covers every case);
``large`` exists to benchmark queries and pages at a realistic enterprise volume.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Scale = Literal["demo", "large"]


@dataclass(frozen=True)
class ScaleConfig:
    """How much to generate; everything else follows from the archetype mix."""

    name: Scale
    regions: int  # program families repeated per region (1 = no regional split)
    projects: int
    work_items: int  # target total over the agile projects (waterfall task lists come on top)
    project_managers: int
    sponsors: int  # business sponsors besides the two executives


SCALES: dict[str, ScaleConfig] = {
    "demo": ScaleConfig("demo", regions=1, projects=40, work_items=15_000, project_managers=11, sponsors=4),
    "large": ScaleConfig(
        "large", regions=5, projects=1_200, work_items=340_000, project_managers=330, sponsors=10
    ),
}


def scale_config(scale: str) -> ScaleConfig:
    """The configuration of ``scale``; a clear error for an unknown name."""
    try:
        return SCALES[scale]
    except KeyError:
        raise ValueError(f"unknown scale {scale!r}; choose one of {sorted(SCALES)}") from None
