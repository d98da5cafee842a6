"""The KPI row: a few large numbers with a short help each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    help: str
    delta: str | None = None


def render_kpi_row(kpis: Sequence[Kpi]) -> None:
    for column, kpi in zip(st.columns(len(kpis)), kpis, strict=True):
        # Deltas here are context ("12 reported", "79.5% of budget"), not changes: no arrow.
        column.metric(
            kpi.label,
            kpi.value,
            delta=kpi.delta,
            help=kpi.help,
            border=True,
            delta_color="off",
            delta_arrow="off",
        )
