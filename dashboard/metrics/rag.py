"""Computed RAG status per project (schedule, budget, risk, overall), per shared/METRICS.md.

Why every status carries an explanation: an executive who sees red asks "why?", and
the answer must be the rule that fired, the numbers it saw, the threshold (and whose
tolerance it was) and the as-of date -- not a colour to take on trust.

Grey means "not enough data" and is never turned into green. When combining colours,
known trouble outranks missing data: red > amber > grey > green.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Literal, NamedTuple, get_args

from dashboard.metrics.evm import DEFAULT_EAC_METHOD, EacMethod, EarnedValue, earned_value
from dashboard.metrics.thresholds import ResolvedThresholds, ThresholdUsed


class Colour(StrEnum):
    """RAG colours; same strings as ``data_access.vocabulary.Rag`` so they compare equal."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"


class Dimension(StrEnum):
    SCHEDULE = "schedule"
    BUDGET = "budget"
    RISK = "risk"
    OVERALL = "overall"


SCORED_DIMENSIONS: tuple[Dimension, ...] = (Dimension.SCHEDULE, Dimension.BUDGET, Dimension.RISK)

_RANK = {Colour.GREEN: 0, Colour.GREY: 1, Colour.AMBER: 2, Colour.RED: 3}
"""Order for "worst of": known trouble beats missing data, missing data beats green."""

_SEVERITY = {Colour.GREEN: 0, Colour.AMBER: 1, Colour.RED: 2}
"""Steps on the green-amber-red scale (grey is off the scale)."""

OverallMethod = Literal["worst-of", "weighted"]


# --- inputs -----------------------------------------------------------------------------


class Milestone(NamedTuple):
    """A milestone as of the as-of date; ``actual`` after the as-of date counts as not done."""

    name: str
    baseline: date
    forecast: date | None = None
    actual: date | None = None


class Risk(NamedTuple):
    """A risk-register entry; probability and impact on 1-5 scales."""

    title: str
    probability: int
    impact: int
    has_owner: bool
    due: date | None
    is_open: bool = True

    @property
    def exposure(self) -> int:
        return self.probability * self.impact


@dataclass(frozen=True)
class ProjectHealthInput:
    """Everything the computed RAG of one project needs, as of one date.

    ``has_progress`` is False when no percent complete / milestone progress was ever
    reported, so an EV of 0 means "unknown" rather than "nothing earned".
    Plain tuples are accepted for milestones and risks.
    """

    code: str
    as_of: date
    bac: float | None
    pv: float | None
    ev: float | None
    ac: float | None
    has_progress: bool = True
    milestones: tuple[Milestone, ...] = ()
    risks: tuple[Risk, ...] = ()
    bottom_up_etc: float | None = None

    def __post_init__(self) -> None:
        # Plain tuples become named ones; those already named are kept (no copy per project).
        object.__setattr__(
            self,
            "milestones",
            tuple(m if isinstance(m, Milestone) else Milestone(*m) for m in self.milestones),
        )
        object.__setattr__(self, "risks", tuple(r if isinstance(r, Risk) else Risk(*r) for r in self.risks))
        for r in self.risks:
            if not (1 <= r.probability <= 5 and 1 <= r.impact <= 5):
                raise ValueError(f"risk {r.title!r}: probability and impact must be within 1..5")


# --- outputs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Explanation:
    """Why a status has its colour: the rule that fired, its inputs and thresholds, the as-of date."""

    dimension: Dimension
    colour: Colour
    rule: str
    inputs: Mapping[str, object]
    thresholds: tuple[ThresholdUsed, ...]
    as_of: date

    def text(self) -> str:
        """One line for a tooltip or an "how is this computed" expander."""
        used = ", ".join(f"{t.name}={_fmt_num(t.value)} ({t.source})" for t in self.thresholds)
        tail = f" [thresholds: {used}]" if used else ""
        return f"{self.dimension} {self.colour} as of {self.as_of.isoformat()}: {self.rule}{tail}"


@dataclass(frozen=True)
class RagStatus:
    """One dimension's computed colour with its explanation and flags (e.g. padded baseline)."""

    explanation: Explanation
    flags: tuple[str, ...] = ()

    @property
    def colour(self) -> Colour:
        return self.explanation.colour

    @property
    def dimension(self) -> Dimension:
        return self.explanation.dimension

    @property
    def rule(self) -> str:
        return self.explanation.rule


@dataclass(frozen=True)
class ProjectRag:
    code: str
    as_of: date
    schedule: RagStatus
    budget: RagStatus
    risk: RagStatus
    overall: RagStatus
    earned: EarnedValue | None = None
    """The EVM figures the budget and schedule rules saw (SPI, CPI, EAC, VAC for tables)."""

    @property
    def flags(self) -> tuple[str, ...]:
        return self.schedule.flags + self.budget.flags + self.risk.flags

    @property
    def padded_baseline(self) -> bool:
        """CPI or SPI above the padded threshold: worth a look, not a red."""
        return bool(self.flags)


@dataclass(frozen=True)
class OverallRule:
    """How the overall status combines the dimensions (setting; default worst-of).

    ``weighted``: the weighted mean of green=0 / amber=1 / red=2 over the dimensions
    that are not grey, rounded to the nearest colour (< 0.5 green, < 1.5 amber, else
    red); a green result with any grey dimension stays grey.
    """

    method: OverallMethod = "worst-of"
    weights: Mapping[str, float] = field(default_factory=lambda: dict.fromkeys(SCORED_DIMENSIONS, 1.0))

    def __post_init__(self) -> None:
        if self.method not in get_args(OverallMethod):
            raise ValueError(f"unknown overall method {self.method!r}")
        unknown = set(self.weights) - set(SCORED_DIMENSIONS)
        if unknown:
            raise ValueError(f"unknown dimension(s) in weights: {', '.join(sorted(unknown))}")
        if any(w < 0 for w in self.weights.values()):
            raise ValueError("weights must not be negative")
        if self.method == "weighted" and not any(self.weight(d) > 0 for d in SCORED_DIMENSIONS):
            raise ValueError("at least one weight must be positive")

    def weight(self, dimension: Dimension) -> float:
        """A dimension missing from ``weights`` weighs 1."""
        return float(self.weights.get(dimension, 1.0))


# --- formatting -------------------------------------------------------------------------


def _fmt_num(value: float) -> str:
    """A threshold as written in settings: 0.95, 1.10, 30."""
    if float(value).is_integer():
        return f"{value:.0f}"
    for digits in (2, 3, 4, 6):
        if round(value, digits) == value:
            return f"{value:.{digits}f}"
    return repr(value)


def _same_side(a: float, b: float, threshold: float) -> bool:
    """Whether ``a`` and ``b`` are both above, both below or both equal to ``threshold``."""
    return (a > threshold) == (b > threshold) and (a < threshold) == (b < threshold)


def _fmt_vs(value: float, *thresholds: float) -> str:
    """``value`` with 2 decimals, or more when rounding would hide which side of a threshold it is."""
    for digits in (2, 3, 4, 6):
        rounded = round(value, digits)
        if all(_same_side(rounded, value, t) for t in thresholds):
            return f"{value:.{digits}f}"
    return repr(value)


def _money(value: float) -> str:
    return f"{value:,.0f}"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


# --- rule evaluation --------------------------------------------------------------------


class _Finding(NamedTuple):
    colour: Colour
    text: str
    thresholds: tuple[str, ...] = ()


def _status(
    dimension: Dimension,
    findings: list[_Finding],
    inputs: dict[str, object],
    resolved: ResolvedThresholds,
    as_of: date,
    flags: tuple[str, ...] = (),
) -> RagStatus:
    """The worst colour any rule gave, explained by the rules that gave it."""
    if len(findings) == 1:  # most statuses: one rule, nothing to rank or merge
        worst, rule, names = findings[0]
    else:
        worst = max((f.colour for f in findings), key=_RANK.__getitem__)
        fired = [f for f in findings if f.colour == worst]
        rule = "; ".join(f.text for f in fired)
        names = tuple(dict.fromkeys(n for f in fired for n in f.thresholds))
    explanation = Explanation(dimension, worst, rule, inputs, tuple(map(resolved.used, names)), as_of)
    return RagStatus(explanation, flags)


def _index_finding(
    name: str, value: float, green_name: str, red_name: str, t: ResolvedThresholds
) -> _Finding:
    """Green at or above the green threshold, red below the red one, amber between."""
    green, red = getattr(t.values, green_name), getattr(t.values, red_name)
    shown = _fmt_vs(value, green, red)
    if value < red:
        return _Finding(Colour.RED, f"{name} {shown} < {_fmt_num(red)} (red threshold)", (red_name,))
    if value < green:
        return _Finding(
            Colour.AMBER,
            f"{name} {shown} is within [{_fmt_num(red)}, {_fmt_num(green)}) (amber band)",
            (red_name, green_name),
        )
    return _Finding(Colour.GREEN, f"{name} {shown} ≥ {_fmt_num(green)}", (green_name,))


def _padded_flag(name: str, value: float | None, t: ResolvedThresholds) -> tuple[str, ...]:
    padded = t.values.padded
    if value is None or value <= padded:
        return ()
    return (
        f"possible padded baseline: {name} {_fmt_vs(value, padded)} > {_fmt_num(padded)} "
        f"({t.sources['padded']})",
    )


def _no_baseline_or_progress(inp: ProjectHealthInput) -> str | None:
    if inp.bac is None or inp.bac <= 0:
        return "no baseline budget (BAC)"
    if not inp.has_progress or inp.ev is None:
        return "no progress reported"
    return None


def milestone_slip(milestone: Milestone, as_of: date) -> int | None:
    """Days slipped (0 if on time or early), or None when the milestone does not count yet.

    Done (actual on or before as-of): actual - baseline. Not done: forecast (or baseline
    when no forecast) - baseline, but never earlier than the as-of date, because an
    unfinished milestone due yesterday is late whatever its stale forecast says.
    Counts when due by the as-of date (baseline <= as-of) or forecast late.
    """
    if milestone.actual is not None and milestone.actual <= as_of:
        effective = milestone.actual
    else:
        effective = max(milestone.forecast or milestone.baseline, as_of)
    slip = max(0, (effective - milestone.baseline).days)
    if milestone.baseline <= as_of or slip > 0:
        return slip
    return None


def _schedule(inp: ProjectHealthInput, spi: float | None, t: ResolvedThresholds) -> RagStatus:
    findings: list[_Finding] = []
    missing = _no_baseline_or_progress(inp)
    if missing is None and (inp.pv is None or inp.pv == 0):
        missing = "no planned value yet (PV 0)"
    if missing is not None or spi is None:
        findings.append(_Finding(Colour.GREY, f"SPI n/a: {missing or 'not computable'}"))
    else:
        findings.append(_index_finding("SPI", spi, "spi_green", "spi_red", t))

    slips = [(m, s) for m in inp.milestones if (s := milestone_slip(m, inp.as_of)) is not None]
    slipped = sorted(((m, s) for m, s in slips if s > 0), key=lambda ms: -ms[1])
    red_days = t.values.slip_red_days
    if not slipped:
        findings.append(_Finding(Colour.GREEN, "no milestone slipped"))
    else:
        worst, days = slipped[0]
        more = f" (+{len(slipped) - 1} more slipped)" if len(slipped) > 1 else ""
        if days > red_days:
            text = f"milestone '{worst.name}' slipped {_days(days)} > {red_days}{more}"
            findings.append(_Finding(Colour.RED, text, ("slip_red_days",)))
        else:
            text = f"milestone '{worst.name}' slipped {_days(days)} (1-{red_days}: amber){more}"
            findings.append(_Finding(Colour.AMBER, text, ("slip_red_days",)))

    inputs: dict[str, object] = {
        "bac": inp.bac,
        "pv": inp.pv,
        "ev": inp.ev,
        "spi": spi,
        "has_progress": inp.has_progress,
        "milestones_counted": len(slips),
        "milestones_slipped": len(slipped),
        "worst_milestone": slipped[0][0].name if slipped else None,
        "worst_slip_days": slipped[0][1] if slipped else 0,
    }
    return _status(Dimension.SCHEDULE, findings, inputs, t, inp.as_of, _padded_flag("SPI", spi, t))


def _budget(
    inp: ProjectHealthInput, ev: EarnedValue, eac_method: EacMethod, t: ResolvedThresholds
) -> RagStatus:
    inputs: dict[str, object] = {
        "bac": inp.bac,
        "ev": inp.ev,
        "ac": inp.ac,
        "cpi": ev.cpi,
        "eac": None,
        "eac_method": eac_method,
        "eac_to_bac": None,
        "has_progress": inp.has_progress,
    }
    missing = _no_baseline_or_progress(inp)
    if missing is None and (inp.ac is None or inp.ac == 0):
        missing = "no cost recorded yet"
    if missing is not None or ev.cpi is None:
        finding = _Finding(Colour.GREY, f"CPI n/a: {missing or 'not computable'}")
        return _status(Dimension.BUDGET, [finding], inputs, t, inp.as_of)

    findings = [_index_finding("CPI", ev.cpi, "cpi_green", "cpi_red", t)]
    eac, note = ev.eac, ""
    if eac is None and eac_method != "cpi":
        eac, note = ev.eac_cpi, f" ({eac_method} EAC not available; BAC/CPI used)"
        inputs["eac_method"] = "cpi"
    if eac is not None and inp.bac:
        ratio = eac / inp.bac
        inputs.update(eac=eac, eac_to_bac=ratio)
        amber, red = t.values.eac_amber, t.values.eac_red
        shown = f"EAC {_money(eac)} = {_fmt_vs(ratio, amber, red)} × BAC"
        if ratio > red:
            findings.append(
                _Finding(Colour.RED, f"{shown} > {_fmt_num(red)} × BAC (red threshold){note}", ("eac_red",))
            )
        elif ratio > amber:
            text = f"{shown} is within ({_fmt_num(amber)}, {_fmt_num(red)}] × BAC (amber band){note}"
            findings.append(_Finding(Colour.AMBER, text, ("eac_amber", "eac_red")))
        else:
            findings.append(
                _Finding(Colour.GREEN, f"{shown} ≤ {_fmt_num(amber)} × BAC{note}", ("eac_amber",))
            )
    # else: CPI is 0 (nothing earned for money spent), already red by the CPI rule.
    return _status(Dimension.BUDGET, findings, inputs, t, inp.as_of, _padded_flag("CPI", ev.cpi, t))


def _risk(inp: ProjectHealthInput, t: ResolvedThresholds) -> RagStatus:
    high = t.values.high_exposure
    open_risks = [r for r in inp.risks if r.is_open]
    open_high = [r for r in open_risks if r.exposure >= high]
    findings: list[_Finding] = []
    if not open_high:
        top = max((r.exposure for r in open_risks), default=None)
        detail = f" (highest open exposure {top})" if top is not None else " (no open risks)"
        findings.append(
            _Finding(Colour.GREEN, f"no open risk with exposure ≥ {high}{detail}", ("high_exposure",))
        )
    for r in open_high:
        problems = []
        if not r.has_owner:
            problems.append("has no owner")
        if r.due is None:
            problems.append("has no due date")
        elif r.due < inp.as_of:
            problems.append(f"is past its due date {r.due.isoformat()} by {_days((inp.as_of - r.due).days)}")
        head = f"risk '{r.title}' (exposure {r.exposure} ≥ {high})"
        if problems:
            findings.append(_Finding(Colour.RED, f"{head} {' and '.join(problems)}", ("high_exposure",)))
        else:
            text = f"{head} is open, owned and due {r.due}"
            findings.append(_Finding(Colour.AMBER, text, ("high_exposure",)))
    inputs: dict[str, object] = {
        "open_risks": len(open_risks),
        "open_high_exposure": len(open_high),
        "high_exposure_titles": tuple(r.title for r in open_high),
        "max_open_exposure": max((r.exposure for r in open_risks), default=None),
    }
    return _status(Dimension.RISK, findings, inputs, t, inp.as_of)


def _dimension_list(dims: Iterable[RagStatus]) -> str:
    """'budget', 'schedule and budget', 'schedule, budget and risk'."""
    names = [str(d.dimension) for d in dims]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _overall(dims: tuple[RagStatus, ...], rule: OverallRule, as_of: date) -> RagStatus:
    inputs: dict[str, object] = {str(d.dimension): str(d.colour) for d in dims}
    inputs["method"] = rule.method
    if rule.method == "weighted":
        return _overall_weighted(dims, rule, inputs, as_of)
    worst = max((d.colour for d in dims), key=_RANK.__getitem__)
    drivers = [d for d in dims if d.colour == worst]
    if worst == Colour.GREEN:
        text = "worst-of: all dimensions green"
    elif worst == Colour.GREY:
        text = (
            f"worst-of: none amber or red, but {_dimension_list(drivers)} grey (not enough data), not green"
        )
    else:
        reasons = "; ".join(f"{d.dimension}: {d.rule}" for d in drivers)
        text = f"worst-of: {_dimension_list(drivers)} {worst} ({reasons})"
    thresholds = tuple(dict.fromkeys(th for d in drivers for th in d.explanation.thresholds))
    explanation = Explanation(Dimension.OVERALL, worst, text, inputs, thresholds, as_of)
    return RagStatus(explanation)


def _overall_weighted(
    dims: tuple[RagStatus, ...], rule: OverallRule, inputs: dict[str, object], as_of: date
) -> RagStatus:
    weights = tuple(ThresholdUsed(f"weight_{d.dimension}", rule.weight(d.dimension), "setting") for d in dims)
    scored = [d for d in dims if d.colour != Colour.GREY and rule.weight(d.dimension) > 0]
    greys = [d for d in dims if d.colour == Colour.GREY]
    if not scored:
        text = "weighted: no dimension with data and a positive weight"
        return RagStatus(Explanation(Dimension.OVERALL, Colour.GREY, text, inputs, weights, as_of))
    total = sum(rule.weight(d.dimension) for d in scored)
    score = sum(rule.weight(d.dimension) * _SEVERITY[d.colour] for d in scored) / total
    colour = Colour.GREEN if score < 0.5 else Colour.AMBER if score < 1.5 else Colour.RED
    parts = ", ".join(f"{d.dimension} {d.colour}×{_fmt_num(rule.weight(d.dimension))}" for d in scored)
    text = f"weighted score {score:.2f} ({parts}; green 0, amber 1, red 2) → {colour}"
    if colour == Colour.GREEN and greys:
        colour = Colour.GREY
        text += f", but {_dimension_list(greys)} grey (not enough data), not green"
    inputs["weighted_score"] = score
    return RagStatus(Explanation(Dimension.OVERALL, colour, text, inputs, weights, as_of))


def compute_rag(
    inp: ProjectHealthInput,
    thresholds: ResolvedThresholds | None = None,
    overall_rule: OverallRule | None = None,
    eac_method: EacMethod = DEFAULT_EAC_METHOD,
) -> ProjectRag:
    """Schedule, budget, risk and overall RAG of one project as of ``inp.as_of``.

    ``thresholds`` come from ``resolve_thresholds`` (defaults when None), so every
    explanation can name whose tolerance was applied.
    """
    t = thresholds if thresholds is not None else ResolvedThresholds()
    value = earned_value(inp.bac, inp.pv, inp.ev, inp.ac, inp.bottom_up_etc, eac_method)
    schedule = _schedule(inp, value.spi, t)
    budget = _budget(inp, value, eac_method, t)
    risk = _risk(inp, t)
    overall = _overall((schedule, budget, risk), overall_rule or OverallRule(), inp.as_of)
    return ProjectRag(inp.code, inp.as_of, schedule, budget, risk, overall, value)


def _as_colour(value: Colour | str | None) -> Colour | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    if text == "gray":
        text = "grey"
    try:
        return Colour(text)
    except ValueError:
        raise ValueError(f"unknown RAG colour {value!r}") from None


def is_watermelon(reported: Colour | str | None, computed: Colour | str | None) -> bool:
    """Green outside, red inside: the reported status is two steps better than the computed one.

    Grey (or missing) on either side is never a watermelon: nothing to contradict.
    """
    r, c = _as_colour(reported), _as_colour(computed)
    if r is None or c is None or Colour.GREY in (r, c):
        return False
    return _SEVERITY[c] - _SEVERITY[r] >= 2
