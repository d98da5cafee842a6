"""Computed RAG by hand (shared/METRICS.md, RAG table): boundaries just above, at and below."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from dashboard.metrics.rag import (
    Colour,
    Dimension,
    Milestone,
    OverallRule,
    ProjectHealthInput,
    Risk,
    compute_rag,
    is_watermelon,
    milestone_slip,
)
from dashboard.metrics.thresholds import (
    RagThresholds,
    ResolvedThresholds,
    ThresholdUsed,
    resolve_thresholds,
)

AS_OF = date(2026, 6, 30)
G, A, R, X = Colour.GREEN, Colour.AMBER, Colour.RED, Colour.GREY

# A healthy project: SPI 1.0, CPI 1.0, EAC = BAC, no milestones, no risks.
HEALTHY = ProjectHealthInput(code="PRJ-1", as_of=AS_OF, bac=200_000, pv=100_000, ev=100_000, ac=100_000)


def project(**changes: object) -> ProjectHealthInput:
    return replace(HEALTHY, **changes)


def test_healthy_project_is_green_everywhere() -> None:
    rag = compute_rag(HEALTHY)
    assert (rag.schedule.colour, rag.budget.colour, rag.risk.colour, rag.overall.colour) == (G, G, G, G)
    assert rag.flags == () and rag.padded_baseline is False
    assert rag.overall.explanation.rule == "worst-of: all dimensions green"


# --- schedule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ev", "expected"),
    [
        (96_000, G),  # SPI 0.96
        (95_000, G),  # SPI 0.95 (at the green threshold)
        (94_990, A),  # SPI 0.9499
        (90_000, A),  # SPI 0.90
        (85_000, A),  # SPI 0.85 (at the red threshold: still amber)
        (84_990, R),  # SPI 0.8499
        (50_000, R),  # SPI 0.50
    ],
)
def test_spi_boundaries(ev: float, expected: Colour) -> None:
    # PV 100,000, so SPI = EV / 100,000; AC = EV keeps the budget out of the way
    assert compute_rag(project(ev=ev, ac=ev)).schedule.colour == expected


def test_spi_red_explanation() -> None:
    rag = compute_rag(project(ev=82_000, ac=82_000))
    e = rag.schedule.explanation
    assert e.dimension == Dimension.SCHEDULE and e.colour == R
    assert e.rule == "SPI 0.82 < 0.85 (red threshold)"
    assert e.inputs["spi"] == pytest.approx(0.82)
    assert (e.inputs["ev"], e.inputs["pv"]) == (82_000, 100_000)
    assert e.thresholds == (ThresholdUsed("spi_red", 0.85, "default"),)
    assert e.as_of == AS_OF


def test_boundary_value_is_not_rounded_onto_the_threshold_in_the_text() -> None:
    assert compute_rag(project(ev=94_990, ac=94_990)).schedule.rule.startswith(
        "SPI 0.9499 is within [0.85, 0.95)"
    )


@pytest.mark.parametrize(
    ("slip_days", "expected"),
    [(0, G), (1, A), (30, A), (31, R)],
)
def test_milestone_slip_boundaries(slip_days: int, expected: Colour) -> None:
    baseline = date(2026, 5, 1)
    done = Milestone("Design signed off", baseline, None, baseline + timedelta(days=slip_days))
    rag = compute_rag(project(milestones=(done,)))
    assert rag.schedule.colour == expected


def test_milestone_red_explanation() -> None:
    # baseline 1 May, done 11 June: 31 (rest of May) + 10 = 41 days late
    uat = Milestone("UAT complete", date(2026, 5, 1), None, date(2026, 6, 11))
    e = compute_rag(project(milestones=(uat,))).schedule.explanation
    assert e.colour == R
    assert e.rule == "milestone 'UAT complete' slipped 41 days > 30"
    assert e.thresholds == (ThresholdUsed("slip_red_days", 30, "default"),)
    assert (e.inputs["worst_milestone"], e.inputs["worst_slip_days"]) == ("UAT complete", 41)


@pytest.mark.parametrize(
    ("milestone", "expected_slip", "colour"),
    [
        # due after the as-of date, forecast on time: does not count
        (Milestone("Go-live", date(2026, 7, 15), date(2026, 7, 15)), None, G),
        # due after the as-of date, forecast early: does not count
        (Milestone("Go-live", date(2026, 7, 15), date(2026, 7, 10)), None, G),
        # due after the as-of date, no forecast: does not count
        (Milestone("Go-live", date(2026, 7, 15)), None, G),
        # due after the as-of date but forecast 5 days late: counts
        (Milestone("Go-live", date(2026, 7, 15), date(2026, 7, 20)), 5, A),
        # forecast 36 days late (16 in July + 20 in August)
        (Milestone("Go-live", date(2026, 7, 15), date(2026, 8, 20)), 36, R),
        # done: the actual date counts, not the stale forecast (which says 61 days)
        (Milestone("Build", date(2026, 5, 1), date(2026, 7, 1), date(2026, 5, 3)), 2, A),
        # done early: no slip
        (Milestone("Build", date(2026, 5, 1), None, date(2026, 4, 20)), 0, G),
        # due 1 May, not done, no forecast: at least 30 (May) + 30 (June) = 60 days late by 30 June
        (Milestone("Build", date(2026, 5, 1)), 60, R),
        # due 20 June, forecast 25 June already passed and still not done: 10 days late by 30 June
        (Milestone("Build", date(2026, 6, 20), date(2026, 6, 25)), 10, A),
        # due today, not done: not late yet
        (Milestone("Build", AS_OF), 0, G),
        # done on 5 July, but as of 30 June it was not: 10 days late then
        (Milestone("Build", date(2026, 6, 20), None, date(2026, 7, 5)), 10, A),
    ],
)
def test_which_milestones_count_and_their_slip(
    milestone: Milestone, expected_slip: int | None, colour: Colour
) -> None:
    assert milestone_slip(milestone, AS_OF) == expected_slip
    assert compute_rag(project(milestones=(milestone,))).schedule.colour == colour


def test_worst_milestone_drives_schedule_and_plain_tuples_are_accepted() -> None:
    milestones = (
        ("Design", date(2026, 5, 1), None, date(2026, 5, 6)),  # 5 days
        ("Build", date(2026, 5, 1), None, date(2026, 6, 10)),  # 40 days
    )
    status = compute_rag(project(milestones=milestones)).schedule
    assert status.colour == R
    assert status.rule == "milestone 'Build' slipped 40 days > 30 (+1 more slipped)"


def test_schedule_takes_worst_of_spi_and_milestones() -> None:
    slipped = Milestone("Design", date(2026, 5, 1), None, date(2026, 5, 11))  # 10 days: amber
    assert compute_rag(project(milestones=(slipped,))).schedule.colour == A  # SPI 1.0 green
    assert compute_rag(project(ev=80_000, ac=80_000, milestones=(slipped,))).schedule.colour == R  # SPI 0.8


# --- budget --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ev", "expected"),
    [
        (96_000, G),  # CPI 0.96
        (95_000, G),  # CPI 0.95
        (94_990, A),  # CPI 0.9499
        (85_000, A),  # CPI 0.85
        (84_990, R),  # CPI 0.8499
    ],
)
def test_cpi_boundaries_with_eac_held_at_bac(ev: float, expected: Colour) -> None:
    # AC 100,000 so CPI = EV / 100,000; bottom-up ETC 100,000 keeps EAC = 200,000 = BAC (ratio 1.0)
    inp = project(pv=ev, ev=ev, ac=100_000, bottom_up_etc=100_000)
    assert compute_rag(inp, eac_method="bottom_up").budget.colour == expected


@pytest.mark.parametrize(
    ("ev", "expected"),
    [
        (96_000, G),  # CPI 0.96 -> EAC 200,000 / 0.96 = 208,333 = 1.0417 x BAC
        (95_000, A),  # CPI 0.95 -> EAC = 1 / 0.95 = 1.0526 x BAC > 1.05: amber though CPI is green
        (92_000, A),  # CPI 0.92 -> EAC 1.0870 x BAC
        (90_000, R),  # CPI 0.90 -> EAC 1.1111 x BAC > 1.10: red though CPI is amber
    ],
)
def test_default_eac_is_bac_over_cpi_so_the_eac_rule_bites_first(ev: float, expected: Colour) -> None:
    assert compute_rag(project(pv=ev, ev=ev, ac=100_000)).budget.colour == expected


@pytest.mark.parametrize(
    ("etc", "expected"),
    [
        (100_000, G),  # EAC 200,000 = 1.00 x BAC
        (110_000, G),  # EAC 210,000 = 1.05 x BAC (at the amber threshold)
        (110_020, A),  # EAC 210,020 = 1.0501 x BAC
        (120_000, A),  # EAC 220,000 = 1.10 x BAC (at the red threshold)
        (120_020, R),  # EAC 220,020 = 1.1001 x BAC
    ],
)
def test_eac_ratio_boundaries(etc: float, expected: Colour) -> None:
    # CPI 1.0 (EV = AC = 100,000), BAC 200,000, EAC = AC + bottom-up ETC
    assert compute_rag(project(bottom_up_etc=etc), eac_method="bottom_up").budget.colour == expected


def test_budget_explanation_names_both_rules_when_both_fire() -> None:
    # CPI 80,000 / 100,000 = 0.80; EAC 200,000 / 0.8 = 250,000 = 1.25 x BAC
    e = compute_rag(project(pv=80_000, ev=80_000, ac=100_000)).budget.explanation
    assert e.colour == R
    assert e.rule == (
        "CPI 0.80 < 0.85 (red threshold); EAC 250,000 = 1.25 × BAC > 1.10 × BAC (red threshold)"
    )
    assert e.thresholds == (
        ThresholdUsed("cpi_red", 0.85, "default"),
        ThresholdUsed("eac_red", 1.10, "default"),
    )
    assert e.inputs["eac"] == pytest.approx(250_000)


def test_bottom_up_method_without_an_estimate_falls_back_to_bac_over_cpi() -> None:
    # CPI 0.90 -> BAC / CPI = 1.111 x BAC: red
    status = compute_rag(project(pv=90_000, ev=90_000, ac=100_000), eac_method="bottom_up").budget
    assert status.colour == R
    assert "BAC/CPI used" in status.rule


def test_nothing_earned_for_money_spent_is_red_not_grey() -> None:
    assert compute_rag(project(ev=0, ac=50_000)).budget.colour == R  # CPI 0 < 0.85


# --- grey: not enough data -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "schedule", "budget"),
    [
        ({"bac": None}, X, X),  # no baseline
        ({"bac": 0}, X, X),
        ({"has_progress": False}, X, X),  # no progress reported
        ({"ev": None}, X, X),
        ({"ac": None}, G, X),  # no cost yet: schedule still known
        ({"ac": 0}, G, X),
        ({"pv": 0}, X, G),  # nothing planned yet: SPI undefined
        ({"pv": None}, X, G),
    ],
)
def test_grey_when_not_enough_data(changes: dict[str, object], schedule: Colour, budget: Colour) -> None:
    rag = compute_rag(project(**changes))
    assert (rag.schedule.colour, rag.budget.colour) == (schedule, budget)
    assert rag.overall.colour == X  # never guessed as green


def test_grey_explanation_says_what_is_missing() -> None:
    rag = compute_rag(project(has_progress=False))
    assert rag.schedule.rule == "SPI n/a: no progress reported"
    assert rag.budget.rule == "CPI n/a: no progress reported"
    assert rag.budget.explanation.thresholds == ()


def test_known_milestone_slip_beats_missing_spi() -> None:
    late = Milestone("UAT complete", date(2026, 5, 1), None, date(2026, 6, 11))  # 41 days
    assert compute_rag(project(has_progress=False, milestones=(late,))).schedule.colour == R


# --- padded baseline -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pv", "ev", "ac", "flagged"),
    [
        (100_000, 111_000, 111_000, True),  # SPI 1.11, CPI 1.00
        (111_000, 111_000, 100_000, True),  # SPI 1.00, CPI 1.11
        (100_000, 110_000, 100_000, False),  # SPI 1.10, CPI 1.10: not above
        (100_000, 100_000, 100_000, False),
    ],
)
def test_padded_baseline_flag_is_a_flag_not_red(pv: float, ev: float, ac: float, flagged: bool) -> None:
    rag = compute_rag(project(pv=pv, ev=ev, ac=ac))
    assert rag.padded_baseline is flagged
    assert rag.schedule.colour == G and rag.budget.colour == G


def test_padded_flag_text() -> None:
    rag = compute_rag(project(pv=100_000, ev=111_000, ac=111_000))
    assert rag.schedule.flags == ("possible padded baseline: SPI 1.11 > 1.10 (default)",)
    assert rag.budget.flags == ()


# --- risk ----------------------------------------------------------------------------------


def risk(
    probability: int = 4,
    impact: int = 4,
    has_owner: bool = True,
    due: date | None = date(2026, 7, 31),
    is_open: bool = True,
) -> Risk:
    return Risk("Vendor insolvency", probability, impact, has_owner, due, is_open)


@pytest.mark.parametrize(
    ("risks", "expected"),
    [
        ((), G),  # empty register
        ((risk(3, 4, has_owner=False),), G),  # exposure 12 < 15, even without an owner
        ((risk(3, 5),), A),  # exposure 15: high, owned, due later
        ((risk(4, 4),), A),  # exposure 16, owned, due later
        ((risk(5, 5, has_owner=False),), R),  # no owner
        ((risk(due=date(2026, 6, 29)),), R),  # past due (yesterday)
        ((risk(due=AS_OF),), A),  # due today: not passed yet
        ((risk(due=None),), R),  # no due date: cannot be "a due date not passed"
        ((risk(has_owner=False, is_open=False),), G),  # closed risks do not count
        ((risk(), risk(has_owner=False)), R),  # worst risk decides
        ((risk(3, 4, has_owner=False), risk()), A),
    ],
)
def test_risk_rules(risks: tuple[Risk, ...], expected: Colour) -> None:
    assert compute_rag(project(risks=risks)).risk.colour == expected


@pytest.mark.parametrize(
    ("probability", "impact", "high_exposure", "expected"),
    [
        # with 1-5 scales, 14 is not a possible product; move the threshold to test the boundary
        (3, 5, 16, G),  # 15 < 16
        (4, 4, 16, A),  # 16 = 16
        (3, 4, 12, A),  # 12 = 12
        (2, 5, 12, G),  # 10 < 12
    ],
)
def test_exposure_boundary(probability: int, impact: int, high_exposure: int, expected: Colour) -> None:
    t = resolve_thresholds(project_code="PRJ-1", project_overrides={"high_exposure": high_exposure})
    assert compute_rag(project(risks=(risk(probability, impact),)), t).risk.colour == expected


def test_risk_explanations() -> None:
    late = Risk("Data centre move", 5, 4, True, date(2026, 6, 20), True)
    e = compute_rag(project(risks=(late,))).risk.explanation
    assert e.rule == "risk 'Data centre move' (exposure 20 ≥ 15) is past its due date 2026-06-20 by 10 days"
    assert e.thresholds == (ThresholdUsed("high_exposure", 15, "default"),)
    orphan = Risk("Key person leaves", 3, 5, False, date(2026, 6, 1), True)
    assert compute_rag(project(risks=(orphan,))).risk.rule == (
        "risk 'Key person leaves' (exposure 15 ≥ 15) has no owner and is past its due date 2026-06-01 by 29 days"
    )


def test_risk_scales_are_validated() -> None:
    with pytest.raises(ValueError, match="1..5"):
        project(risks=(risk(6, 1),))


# --- thresholds and overrides --------------------------------------------------------------


def test_defaults_match_metrics_md() -> None:
    t = RagThresholds()
    assert (t.spi_green, t.spi_red, t.cpi_green, t.cpi_red) == (0.95, 0.85, 0.95, 0.85)
    assert (t.eac_amber, t.eac_red, t.slip_red_days, t.high_exposure, t.padded) == (1.05, 1.10, 30, 15, 1.10)
    resolved = resolve_thresholds()
    assert resolved.values == t
    assert set(resolved.sources.values()) == {"default"}


def test_override_precedence_per_field() -> None:
    t = resolve_thresholds(
        program_code="PRG-A",
        program_overrides={"spi_green": 0.90, "spi_red": 0.80, "slip_red_days": 45},
        project_code="PRJ-1",
        project_overrides={"spi_green": 0.92},
    )
    assert (t.values.spi_green, t.sources["spi_green"]) == (0.92, "project PRJ-1")
    assert (t.values.spi_red, t.sources["spi_red"]) == (0.80, "program PRG-A")
    assert (t.values.slip_red_days, t.sources["slip_red_days"]) == (45, "program PRG-A")
    assert (t.values.cpi_green, t.sources["cpi_green"]) == (0.95, "default")
    assert (t.values.eac_red, t.sources["eac_red"]) == (1.10, "default")


def test_overrides_change_the_colour_and_the_explanation_names_the_source() -> None:
    t = resolve_thresholds(
        program_code="PRG-A",
        program_overrides={"spi_red": 0.80},
        project_code="PRJ-1",
        project_overrides={"spi_green": 0.92},
    )
    # SPI 0.93: amber by default, green under the project's 0.92
    assert compute_rag(project(ev=93_000, ac=93_000)).schedule.colour == A
    green = compute_rag(project(ev=93_000, ac=93_000), t).schedule.explanation
    assert green.colour == G
    assert green.thresholds == (ThresholdUsed("spi_green", 0.92, "project PRJ-1"),)
    # SPI 0.82: red by default, amber under the program's 0.80
    amber = compute_rag(project(ev=82_000, ac=82_000), t).schedule.explanation
    assert amber.colour == A
    assert amber.thresholds == (
        ThresholdUsed("spi_red", 0.80, "program PRG-A"),
        ThresholdUsed("spi_green", 0.92, "project PRJ-1"),
    )


def test_program_and_project_may_each_move_one_end_of_a_band() -> None:
    # program alone (spi_red 0.96 > default spi_green 0.95) would be inconsistent; merged it is not
    t = resolve_thresholds(
        program_code="PRG-A",
        program_overrides={"spi_red": 0.96},
        project_code="PRJ-1",
        project_overrides={"spi_green": 0.97},
    )
    assert (t.values.spi_red, t.values.spi_green) == (0.96, 0.97)


@pytest.mark.parametrize(
    "overrides",
    [{"spi_gren": 0.9}, {"spi_red": 0.99}, {"eac_amber": 1.2}, {"high_exposure": 26}],
)
def test_bad_overrides_are_refused(overrides: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        resolve_thresholds(project_code="PRJ-1", project_overrides=overrides)


def test_none_in_an_override_means_not_set() -> None:
    t = resolve_thresholds(program_code="PRG-A", program_overrides={"spi_red": None})  # type: ignore[dict-item]
    assert t.sources["spi_red"] == "default"


# --- overall -------------------------------------------------------------------------------

# Inputs that give each schedule / budget / risk colour on their own (others stay green).
SCHEDULE = {G: {}, A: {"pv": 110_000}, R: {"pv": 200_000}, X: {"pv": 0}}  # SPI 0.909 / 0.5 / n/a
BUDGET = {
    G: {},
    A: {"bottom_up_etc": 115_000},
    R: {"bottom_up_etc": 150_000},
    X: {"ac": 0},
}  # EAC 1.075 / 1.25
RISK = {G: {}, A: {"risks": (risk(),)}, R: {"risks": (risk(has_owner=False),)}}


def combined(schedule: Colour, budget: Colour, risk_colour: Colour) -> ProjectHealthInput:
    return project(**SCHEDULE[schedule], **BUDGET[budget], **RISK[risk_colour])


@pytest.mark.parametrize(
    ("schedule", "budget", "risk_colour", "overall"),
    [
        (G, G, G, G),
        (A, G, G, A),
        (G, R, G, R),
        (A, R, G, R),
        (A, A, R, R),
        (G, G, A, A),
        (X, G, G, X),  # missing data is never green
        (X, A, G, A),  # known trouble outranks missing data
        (X, X, R, R),
    ],
)
def test_overall_is_worst_of(schedule: Colour, budget: Colour, risk_colour: Colour, overall: Colour) -> None:
    rag = compute_rag(combined(schedule, budget, risk_colour), eac_method="bottom_up")
    assert (rag.schedule.colour, rag.budget.colour, rag.risk.colour) == (schedule, budget, risk_colour)
    assert rag.overall.colour == overall


def test_overall_explains_which_dimension_drove_it() -> None:
    rag = compute_rag(combined(A, R, G), eac_method="bottom_up")
    e = rag.overall.explanation
    assert e.dimension == Dimension.OVERALL
    assert e.rule == ("worst-of: budget red (budget: EAC 250,000 = 1.25 × BAC > 1.10 × BAC (red threshold))")
    assert e.inputs == {"schedule": "amber", "budget": "red", "risk": "green", "method": "worst-of"}
    assert e.thresholds == (ThresholdUsed("eac_red", 1.10, "default"),)
    assert e.as_of == AS_OF


@pytest.mark.parametrize(
    ("colours", "weights", "overall"),
    [
        # (amber 1 + red 2 + green 0) / 3 = 1.0 -> amber
        ((A, R, G), {}, A),
        # (1x1 + 2x4 + 0x1) / 6 = 1.5 -> red
        ((A, R, G), {"budget": 4}, R),
        # (0 + 0 + 2x0.2) / 2.2 = 0.18 -> green
        ((G, G, R), {"risk": 0.2}, G),
        # grey dimension left out of the score; green result stays grey: (0 + 0) / 2
        ((X, G, G), {}, X),
        # grey left out: (2 + 0) / 2 = 1.0 -> amber
        ((X, R, G), {}, A),
    ],
)
def test_overall_weighted(
    colours: tuple[Colour, Colour, Colour], weights: dict[str, float], overall: Colour
) -> None:
    rule = OverallRule(method="weighted", weights=weights)
    rag = compute_rag(combined(*colours), overall_rule=rule, eac_method="bottom_up")
    assert rag.overall.colour == overall


def test_overall_rule_is_validated() -> None:
    with pytest.raises(ValueError):
        OverallRule(method="average")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        OverallRule(method="weighted", weights={"scope": 1})
    with pytest.raises(ValueError):
        OverallRule(method="weighted", weights={"schedule": 0, "budget": 0, "risk": 0})


# --- watermelon ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reported", "computed", "watermelon"),
    [
        ("green", "red", True),
        (Colour.GREEN, Colour.RED, True),
        ("Green", "RED", True),
        ("amber", "red", False),  # one step
        ("green", "amber", False),  # one step
        ("red", "green", False),  # reported worse than computed: not a watermelon
        ("green", "green", False),
        ("grey", "red", False),
        ("green", "grey", False),
        ("green", "gray", False),
        (None, "red", False),
        ("green", None, False),
    ],
)
def test_watermelon(reported: str | None, computed: str | None, watermelon: bool) -> None:
    assert is_watermelon(reported, computed) is watermelon


def test_watermelon_rejects_unknown_colours() -> None:
    with pytest.raises(ValueError):
        is_watermelon("blue", "red")


def test_explanation_text_for_a_tooltip() -> None:
    e = compute_rag(project(ev=82_000, ac=82_000)).schedule.explanation
    assert (
        e.text()
        == "schedule red as of 2026-06-30: SPI 0.82 < 0.85 (red threshold) [thresholds: spi_red=0.85 (default)]"
    )


def test_resolved_thresholds_default_to_metrics_md() -> None:
    assert ResolvedThresholds().used("slip_red_days") == ThresholdUsed("slip_red_days", 30, "default")
