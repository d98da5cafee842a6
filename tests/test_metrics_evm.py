"""Earned value by hand (shared/METRICS.md): every expected number is worked out in a comment."""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from dashboard.metrics.evm import (
    METRIC_COLUMNS,
    burn_rate,
    burn_rates,
    earned_value,
    earned_value_frame,
    ev_from_milestones,
    ev_from_percent_complete,
    is_padded_baseline,
    rollup_earned_value,
    run_out_date,
)

approx = pytest.approx

# The textbook project: BAC 100,000, PV 50,000, EV 40,000, AC 45,000.
BAC, PV, EV, AC = 100_000.0, 50_000.0, 40_000.0, 45_000.0


def test_textbook_project_by_hand() -> None:
    m = earned_value(BAC, PV, EV, AC)
    assert m.cv == -5_000  # 40,000 - 45,000
    assert m.sv == -10_000  # 40,000 - 50,000
    assert m.cpi == approx(8 / 9)  # 40,000 / 45,000 = 0.888...
    assert m.cpi == approx(0.889, abs=5e-4)
    assert m.spi == approx(0.8)  # 40,000 / 50,000
    assert m.eac == approx(112_500)  # 100,000 / (8/9) = 100,000 x 9/8
    assert m.etc == approx(67_500)  # 112,500 - 45,000
    assert m.vac == approx(-12_500)  # 100,000 - 112,500
    assert m.tcpi_bac == approx(1.0909, abs=5e-5)  # (100,000 - 40,000) / (100,000 - 45,000) = 60/55
    assert m.tcpi_bac == approx(60 / 55)
    # (BAC - EV) / (EAC - AC) = 60,000 / 67,500 = 0.888...: with EAC = BAC/CPI it is CPI itself.
    assert m.tcpi_eac == approx(8 / 9)
    assert m.eac_method == "cpi"
    assert m.eac_cpi == m.eac


def test_eac_variants_by_hand() -> None:
    m = earned_value(BAC, PV, EV, AC, bottom_up_etc=70_000)
    # AC + (BAC - EV) = 45,000 + 60,000
    assert m.eac_budget_rate == approx(105_000)
    # CPI x SPI = 8/9 x 0.8 = 32/45; 60,000 / (32/45) = 60,000 x 45 / 32 = 84,375; + 45,000
    assert m.eac_cpi_spi == approx(129_375)
    # AC + bottom-up ETC = 45,000 + 70,000
    assert m.eac_bottom_up == approx(115_000)
    # The default EAC is still BAC / CPI.
    assert m.eac == approx(112_500)


@pytest.mark.parametrize(
    ("method", "eac", "etc", "vac", "tcpi_eac"),
    [
        # EAC 112,500: ETC 67,500, VAC -12,500, TCPI 60,000/67,500
        ("cpi", 112_500, 67_500, -12_500, 60_000 / 67_500),
        # EAC 105,000: ETC 60,000, VAC -5,000, TCPI 60,000/60,000
        ("budget_rate", 105_000, 60_000, -5_000, 1.0),
        # EAC 129,375: ETC 84,375, VAC -29,375, TCPI 60,000/84,375 (= CPI x SPI = 32/45)
        ("cpi_spi", 129_375, 84_375, -29_375, 32 / 45),
        # EAC 115,000: ETC 70,000, VAC -15,000, TCPI 60,000/70,000
        ("bottom_up", 115_000, 70_000, -15_000, 6 / 7),
    ],
)
def test_eac_method_drives_etc_vac_and_tcpi(
    method: str, eac: float, etc: float, vac: float, tcpi_eac: float
) -> None:
    m = earned_value(BAC, PV, EV, AC, bottom_up_etc=70_000, eac_method=method)  # type: ignore[arg-type]
    assert (m.eac, m.etc, m.vac, m.tcpi_eac) == (approx(eac), approx(etc), approx(vac), approx(tcpi_eac))
    assert m.tcpi_bac == approx(60 / 55)  # TCPI against BAC does not depend on the EAC method


def test_unknown_eac_method_is_refused() -> None:
    with pytest.raises(ValueError, match="EAC method"):
        earned_value(BAC, PV, EV, AC, eac_method="magic")  # type: ignore[arg-type]


def test_bottom_up_eac_is_none_when_not_reported() -> None:
    m = earned_value(BAC, PV, EV, AC, eac_method="bottom_up")
    assert m.eac_bottom_up is None
    assert m.eac is None and m.etc is None and m.vac is None and m.tcpi_eac is None


def test_pv_zero_makes_spi_undefined_not_zero_or_inf() -> None:
    m = earned_value(BAC, 0, EV, AC)
    assert m.spi is None
    assert m.sv == 40_000  # EV - 0 is still defined
    assert m.eac_cpi_spi is None  # needs SPI
    assert m.cpi == approx(8 / 9)  # unaffected


def test_ac_zero_makes_cpi_and_cpi_based_figures_undefined() -> None:
    m = earned_value(BAC, PV, EV, 0)
    assert m.cpi is None
    assert m.cv == 40_000
    assert (m.eac, m.etc, m.vac, m.tcpi_eac, m.eac_cpi_spi) == (None, None, None, None, None)
    assert m.eac_budget_rate == 60_000  # 0 + (100,000 - 40,000)
    assert m.tcpi_bac == approx(0.6)  # 60,000 / 100,000


def test_nothing_earned_for_money_spent_gives_cpi_zero_and_no_infinite_eac() -> None:
    m = earned_value(BAC, PV, 0, AC)
    assert m.cpi == 0  # a real zero: money spent, nothing earned
    assert m.eac is None  # BAC / 0 is undefined, never inf


def test_budget_fully_spent_makes_tcpi_against_bac_undefined() -> None:
    m = earned_value(BAC, PV, EV, BAC)
    assert m.tcpi_bac is None  # (BAC - EV) / (BAC - AC) with AC = BAC


@pytest.mark.parametrize("missing", ["bac", "pv", "ev", "ac"])
@pytest.mark.parametrize("marker", [None, float("nan")])
def test_missing_input_gives_none_never_zero(missing: str, marker: float | None) -> None:
    values = {"bac": BAC, "pv": PV, "ev": EV, "ac": AC} | {missing: marker}
    m = earned_value(**values)
    undefined = {
        "bac": ["eac", "etc", "vac", "tcpi_bac", "tcpi_eac", "eac_cpi", "eac_budget_rate", "eac_cpi_spi"],
        "pv": ["sv", "spi", "eac_cpi_spi"],
        "ev": ["sv", "cv", "spi", "cpi", "eac", "etc", "vac", "tcpi_bac", "tcpi_eac"],
        "ac": ["cv", "cpi", "eac", "etc", "vac", "tcpi_bac", "tcpi_eac", "eac_budget_rate"],
    }[missing]
    for name in undefined:
        assert getattr(m, name) is None, name
    assert getattr(m, missing) is None


def test_all_missing_is_all_none() -> None:
    m = earned_value(None, None, None, None)
    assert all(getattr(m, c) is None for c in METRIC_COLUMNS)
    assert m.padded_baseline is False


@pytest.mark.parametrize(
    ("cpi", "spi", "flagged"),
    [
        (1.11, 1.00, True),
        (1.00, 1.11, True),
        (1.10, 1.10, False),  # "above 1.10", so 1.10 itself is not flagged
        (None, 1.11, True),
        (None, None, False),
        (0.5, 0.5, False),
    ],
)
def test_padded_baseline_flag(cpi: float | None, spi: float | None, flagged: bool) -> None:
    assert is_padded_baseline(cpi, spi) is flagged


def test_padded_baseline_property() -> None:
    assert earned_value(100, 100, 60, 54).padded_baseline is True  # CPI 60/54 = 1.111
    assert earned_value(100, 50, 55, 55).padded_baseline is False  # SPI 1.10, CPI 1.00


# --- vectorised ----------------------------------------------------------------------------

ROWS = pd.DataFrame(
    {
        "project": ["A", "B", "C", "D", "E"],
        "bac": [100_000, 200_000, 50_000, None, 80_000],
        "pv": [50_000, 0, 25_000, 10_000, 40_000],
        "ev": [40_000, 10_000, 30_000, 10_000, 0],
        "ac": [45_000, 20_000, 0, 5_000, 10_000],
    }
)


def test_vectorised_by_hand() -> None:
    out = earned_value_frame(ROWS)
    a = out.iloc[0]
    assert (a["cpi"], a["spi"], a["eac"], a["tcpi_bac"]) == (
        approx(8 / 9),
        0.8,
        approx(112_500),
        approx(60 / 55),
    )
    b = out.iloc[1]  # PV 0: SPI undefined; CPI 10,000 / 20,000 = 0.5; EAC 200,000 / 0.5
    assert math.isnan(b["spi"]) and b["cpi"] == 0.5 and b["eac"] == approx(400_000)
    c = out.iloc[2]  # AC 0: CPI and EAC undefined; SPI 30,000 / 25,000
    assert math.isnan(c["cpi"]) and math.isnan(c["eac"]) and c["spi"] == approx(1.2)
    d = out.iloc[3]  # no BAC: EAC, VAC, TCPI undefined; SPI 1, CPI 2
    assert math.isnan(d["eac"]) and math.isnan(d["vac"]) and (d["spi"], d["cpi"]) == (1.0, 2.0)
    e = out.iloc[4]  # EV 0, AC 10,000: CPI 0, EAC undefined (not inf)
    assert e["cpi"] == 0 and math.isnan(e["eac"])
    assert not out[list(METRIC_COLUMNS)].isin([math.inf, -math.inf]).any().any()
    assert list(out["project"]) == ["A", "B", "C", "D", "E"]  # input columns kept
    assert "cpi" not in ROWS.columns  # input not modified


@pytest.mark.parametrize("method", ["cpi", "budget_rate", "cpi_spi", "bottom_up"])
def test_vectorised_equals_scalar(method: str) -> None:
    frame = ROWS.assign(bottom_up_etc=[70_000, None, 20_000, 1_000, 90_000])
    out = earned_value_frame(frame, eac_method=method)  # type: ignore[arg-type]
    for i, row in frame.iterrows():
        scalar = earned_value(row.bac, row.pv, row.ev, row.ac, row.bottom_up_etc, eac_method=method)  # type: ignore[arg-type]
        for column in METRIC_COLUMNS:
            expected = getattr(scalar, column)
            got = out.at[i, column]
            if expected is None:
                assert math.isnan(got), (i, column)
            else:
                assert got == approx(expected), (i, column)


def test_vectorised_needs_the_input_columns() -> None:
    with pytest.raises(KeyError, match="ac"):
        earned_value_frame(ROWS.drop(columns=["ac"]))


# --- roll-up -------------------------------------------------------------------------------

TWO_PROJECTS = pd.DataFrame(
    {
        "program": ["PRG-A", "PRG-A", "PRG-B"],
        "project": ["big", "small", "other"],
        "bac": [100_000, 10_000, 1_000],
        "pv": [50_000, 5_000, 500],
        "ev": [40_000, 6_000, 500],
        "ac": [50_000, 4_000, 500],
    }
)


def test_rollup_sums_first_then_divides() -> None:
    out = rollup_earned_value(TWO_PROJECTS, by="program").set_index("program")
    a = out.loc["PRG-A"]
    # big: CPI 40,000/50,000 = 0.8; small: CPI 6,000/4,000 = 1.5; mean of CPIs = 1.15 (wrong)
    # sums: EV 46,000, AC 54,000, PV 55,000, BAC 110,000
    assert (a["bac"], a["pv"], a["ev"], a["ac"]) == (110_000, 55_000, 46_000, 54_000)
    assert a["cpi"] == approx(46_000 / 54_000)  # 0.85185...
    assert a["cpi"] == approx(0.85185, abs=1e-5)
    assert a["cpi"] != approx(1.15)
    # SPI 46,000 / 55,000 = 0.83636...; the mean of SPIs (0.8 and 1.2) would be 1.0
    assert a["spi"] == approx(0.83636, abs=1e-5)
    # EAC = 110,000 / (46/54) = 110,000 x 54 / 46 = 129,130.43
    assert a["eac"] == approx(129_130.43, abs=0.01)
    assert a["cv"] == -8_000  # 46,000 - 54,000
    assert (a["n_rows"], a["n_excluded"]) == (2, 0)
    b = out.loc["PRG-B"]
    assert (b["cpi"], b["spi"], b["eac"]) == (1.0, 1.0, 1_000)


def test_portfolio_rollup_without_groups() -> None:
    out = rollup_earned_value(TWO_PROJECTS, by=None)
    assert len(out) == 1
    row = out.iloc[0]
    # EV 46,500 / AC 54,500
    assert row["cpi"] == approx(46_500 / 54_500)
    assert (row["bac"], row["n_rows"]) == (111_000, 3)


def test_rollup_leaves_out_incomplete_rows_and_counts_them() -> None:
    frame = pd.concat(
        [
            TWO_PROJECTS,
            # EV reported without PV: summing its EV alone would inflate program SPI
            pd.DataFrame(
                [{"program": "PRG-A", "project": "new", "bac": 500_000, "pv": None, "ev": 90_000, "ac": 1}]
            ),
        ],
        ignore_index=True,
    )
    a = rollup_earned_value(frame, by="program").set_index("program").loc["PRG-A"]
    assert a["spi"] == approx(46_000 / 55_000)
    assert a["bac"] == 110_000
    assert (a["n_rows"], a["n_excluded"]) == (3, 1)


def test_rollup_bottom_up_etc_only_when_every_row_reported_one() -> None:
    frame = TWO_PROJECTS.assign(bottom_up_etc=[70_000, 5_000, None])
    out = rollup_earned_value(frame, by="program", eac_method="bottom_up").set_index("program")
    # PRG-A: AC 54,000 + ETC 75,000 = 129,000; PRG-B has no estimate
    assert out.loc["PRG-A", "eac"] == 129_000
    assert math.isnan(out.loc["PRG-B", "eac"])


# --- EV from progress ----------------------------------------------------------------------


def test_ev_from_percent_complete() -> None:
    assert ev_from_percent_complete(40, 100_000) == approx(40_000)
    assert ev_from_percent_complete(None, 100_000) is None
    assert ev_from_percent_complete(40, None) is None
    with pytest.raises(ValueError):
        ev_from_percent_complete(101, 100_000)


def test_ev_from_milestone_weights() -> None:
    # completed weights 0.2 + 0.3 = 0.5 of 100,000
    assert ev_from_milestones([(0.2, True), (0.3, True), (0.5, False)], 100_000) == approx(50_000)
    assert ev_from_milestones([], 100_000) == 0
    assert ev_from_milestones([(0.5, True)], None) is None
    with pytest.raises(ValueError, match="more than 1"):
        ev_from_milestones([(0.6, True), (0.6, False)], 100_000)


# --- burn rate and run-out -----------------------------------------------------------------

MONTHLY_AC = pd.Series(
    [99_999.0, 10_000.0, 12_000.0, 14_000.0, 30_000.0],
    index=pd.to_datetime(["2025-12-01", "2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"]),
)


def test_burn_rate_is_mean_of_last_three_complete_months() -> None:
    # as of 15 April: April is incomplete, December is too old -> (10,000 + 12,000 + 14,000) / 3
    assert burn_rate(MONTHLY_AC, date(2026, 4, 15)) == approx(12_000)
    # as of 1 April the window is the same three months
    assert burn_rate(MONTHLY_AC, date(2026, 4, 1)) == approx(12_000)
    # as of 31 March, March is still in progress -> Dec, Jan, Feb = (99,999 + 10,000 + 12,000) / 3
    assert burn_rate(MONTHLY_AC, date(2026, 3, 31)) == approx(121_999 / 3)


def test_burn_rate_edge_cases() -> None:
    assert burn_rate(MONTHLY_AC, date(2025, 6, 1)) is None  # no data before
    assert burn_rate(pd.Series(dtype="float64"), date(2026, 4, 1)) is None
    # only one month in the window has data (project started in March)
    started = pd.Series([8_000.0], index=[date(2026, 3, 1)])
    assert burn_rate(started, date(2026, 4, 10)) == 8_000
    # several rows per month (cost categories) are summed first: March = 3,000 + 5,000
    by_category = pd.Series(
        [3_000.0, 5_000.0, 4_000.0], index=[date(2026, 3, 1), date(2026, 3, 1), date(2026, 2, 1)]
    )
    assert burn_rate(by_category, date(2026, 4, 10)) == approx(6_000)  # (8,000 + 4,000) / 2


def test_burn_rates_per_project_match_by_hand() -> None:
    frame = pd.DataFrame(
        {
            "project": ["P1", "P1", "P1", "P1", "P2", "P3"],
            "month": pd.to_datetime(
                ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-03-01", "2025-01-01"]
            ),
            "ac": [10_000, 12_000, 14_000, 30_000, 9_000, 5_000],
        }
    )
    rates = burn_rates(frame, as_of=date(2026, 4, 15))
    assert rates["P1"] == approx(12_000)
    assert rates["P2"] == approx(9_000)
    assert math.isnan(rates["P3"])


def test_run_out_date_by_hand() -> None:
    # remaining 100,000 - 40,000 = 60,000 at 10,000/month = 6 months x 30.4375 days = 182.6 -> 182 days
    # 1 Jan 2026 + 182 days = 2 July 2026 (Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30 = 181)
    assert run_out_date(100_000, 40_000, 10_000, date(2026, 1, 1)) == date(2026, 7, 2)
    # remaining 120,000 at 12,000 = 10 months = 304.375 -> 304 days after 15 Apr 2026 = 13 Feb 2027
    assert run_out_date(200_000, 80_000, 12_000, date(2026, 4, 15)) == date(2027, 2, 13)


@pytest.mark.parametrize(
    ("bac", "ac", "rate", "expected"),
    [
        (100_000, 40_000, 0, None),  # nothing being spent: never runs out
        (100_000, 40_000, None, None),  # burn rate unknown
        (None, 40_000, 10_000, None),  # no budget
        (100_000, 120_000, 10_000, date(2026, 1, 1)),  # already overspent: out as of now
        (100_000, 100_000, 10_000, date(2026, 1, 1)),
    ],
)
def test_run_out_date_edge_cases(
    bac: float | None, ac: float, rate: float | None, expected: date | None
) -> None:
    assert run_out_date(bac, ac, rate, date(2026, 1, 1)) == expected


def test_metrics_package_stays_pure() -> None:
    """Architecture rule 2: importing the metrics pulls in no UI, ORM or data-access code."""
    code = (
        "import sys, dashboard.metrics.evm, dashboard.metrics.rag, dashboard.metrics.thresholds;"
        "bad = [m for m in ('streamlit', 'sqlalchemy', 'plotly', 'data_access') if m in sys.modules];"
        "print(','.join(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


# A finished project (EV = BAC): EAC = BAC / CPI gives back AC only to within ~1e-10, so
# EAC - AC was 0, 2.3e-10 or -1.2e-10 by chance and TCPI 0.00, -0.00 or n/a with it.
FINISHED = [(1_775_000.0, 1_768_616.94), (1_445_000.0, 1_386_899.52), (905_000.0, 902_615.30)]


@pytest.mark.parametrize(("bac", "ac"), FINISHED)
def test_tcpi_of_a_finished_project_is_n_a_not_rounding_noise(bac: float, ac: float) -> None:
    m = earned_value(bac=bac, pv=bac, ev=bac, ac=ac)
    assert m.tcpi_eac is None  # (BAC - EV) / (EAC - AC) = 0 / 0
    assert m.tcpi_bac == 0.0  # nothing left to earn, money left: 0 / (BAC - AC)
    frame = earned_value_frame(pd.DataFrame({"bac": [bac], "pv": [bac], "ev": [bac], "ac": [ac]}))
    assert pd.isna(frame["tcpi_eac"].iloc[0])
    assert frame["tcpi_bac"].iloc[0] == 0.0


def test_the_finished_cases_do_carry_rounding_noise() -> None:
    assert [bac / (bac / ac) - ac != 0 for bac, ac in FINISHED] == [False, True, True]


def test_a_gap_of_a_cent_is_still_money() -> None:
    m = earned_value(bac=100.0, pv=100.0, ev=99.0, ac=99.99)
    assert m.tcpi_bac == approx(1.0 / 0.01)  # (100 - 99) / (100 - 99.99)
