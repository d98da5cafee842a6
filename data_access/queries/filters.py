"""The filters every read function understands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class QueryFilters:
    """What the user narrowed the view to. Empty ``program_codes`` / ``project_codes``
    mean all of them (within the viewer's scope, which always applies).

    ``as_of``: only facts known on that date count (status reports, costs, progress).
    """

    as_of: date
    program_codes: tuple[str, ...] = ()
    project_codes: tuple[str, ...] = ()
