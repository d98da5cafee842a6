"""Column-wise table data passed from the generators to the writer.

Why column-wise: the big tables (work items, transitions) are produced as numpy
arrays; keeping them as arrays until the writer streams them in chunks avoids
building millions of dicts at once.

Value conventions per column: a numpy ``datetime64`` array holds UTC instants
(``NaT`` = NULL); other numpy arrays hold plain numbers; a Python list may hold
``None``, ``str``, ``int``, ``date``, ``Decimal`` or ``bool``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

Column = np.ndarray | Sequence[Any]


@dataclass(frozen=True)
class TableData:
    """Rows of one table: equal-length columns keyed by column name."""

    name: str
    columns: dict[str, Column]

    def __post_init__(self) -> None:
        lengths = {name: len(values) for name, values in self.columns.items()}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"{self.name}: columns of different lengths {lengths}")

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    @classmethod
    def from_records(cls, name: str, records: Sequence[dict[str, Any]], columns: Sequence[str]) -> TableData:
        """Small tables built row by row (people, programs, reports)."""
        return cls(name, {column: [record[column] for record in records] for column in columns})


def cents_to_decimal(cents: np.ndarray) -> list[Decimal]:
    """Integer cents as exact ``Decimal`` amounts with two places."""
    return [Decimal(int(value)).scaleb(-2) for value in cents]


def nullable_ints(values: np.ndarray, present: np.ndarray) -> list[int | None]:
    """Ints where ``present`` is true, ``None`` elsewhere."""
    return [int(v) if p else None for v, p in zip(values.tolist(), present.tolist(), strict=True)]
